import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { isComputed, nestedBlock, readTrue, stringArg } from "../values";

/** A table's items can be read only with a key the account controls (and audits in CloudTrail). */
export const dynamodbCustomerManagedKey: GuardrailRule = {
  id: "DYNAMODB-CMK",
  description: "DynamoDB tables set server_side_encryption { enabled = true, kms_key_arn = <customer managed key> }.",
  equivalents: { checkov: ["CKV_AWS_119"] },
  appliesTo: ["aws_dynamodb_table"],
  check(table) {
    const sse = nestedBlock(table.config.server_side_encryption);
    const enabled = readTrue(sse?.enabled);
    if (enabled === "expression") return cannotVerify(this.id, "server_side_encryption.enabled", sse?.enabled, "true");
    const key = sse?.kms_key_arn;
    if (isComputed(key)) return cannotVerify(this.id, "server_side_encryption.kms_key_arn", key, "a key reference");
    if (enabled === "true" && stringArg(key).state !== "unset") return COMPLIANT;
    return nonCompliant(
      enabled === "true"
        ? "the table is encrypted with the AWS managed aws/dynamodb key, not one the account controls"
        : "the table is encrypted with a key AWS owns, which the account can neither audit nor revoke",
      "set server_side_encryption { enabled = true, kms_key_arn = <customer managed key> } (USD 1 a month), or " +
        "acknowledge DYNAMODB-CMK with the reason the items need no key of their own",
    );
  },
};
