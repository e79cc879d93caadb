import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, readTrue } from "../values";

/** A table can be restored to any second of the last 35 days. */
export const dynamodbPointInTimeRecovery: GuardrailRule = {
  id: "DYNAMODB-PITR",
  description: "DynamoDB tables set point_in_time_recovery { enabled = true }.",
  equivalents: { checkov: ["CKV_AWS_28"], cdkNag: ["AwsSolutions-DDB3"], fsbp: ["DynamoDB.2"] },
  appliesTo: ["aws_dynamodb_table"],
  check(table) {
    const value = nestedBlock(table.config.point_in_time_recovery)?.enabled;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "point_in_time_recovery.enabled", value, "true");
    return nonCompliant(
      "point-in-time recovery is off, so a bad write or delete cannot be undone",
      "set point_in_time_recovery { enabled = true } (for a lock table of a few items it costs cents)",
    );
  },
};
