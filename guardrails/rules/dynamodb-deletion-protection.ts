import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/** A table cannot be deleted by a stray `terraform destroy` or a console click. */
export const dynamodbDeletionProtection: GuardrailRule = {
  id: "DYNAMODB-DELETION-PROTECTION",
  description: "DynamoDB tables set deletion_protection_enabled = true.",
  equivalents: {},
  appliesTo: ["aws_dynamodb_table"],
  check(table) {
    const value = table.config.deletion_protection_enabled;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "deletion_protection_enabled", value, "true");
    return nonCompliant(
      "the table can be deleted (deletion_protection_enabled is off); for the state lock table that stops every deploy",
      "set deletion_protection_enabled = true",
    );
  },
};
