import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg } from "../values";

/**
 * Reading a log group's events also needs kms:Decrypt on a key the account controls, and destroying the key
 * makes the events unreadable (crypto-shredding); CloudWatch Logs' own at-rest encryption offers neither.
 */
export const logGroupKmsEncrypted: GuardrailRule = {
  id: "LOGS-KMS-ENCRYPTED",
  description: "CloudWatch log groups set kms_key_id to a customer managed KMS key.",
  equivalents: { checkov: ["CKV_AWS_158"] },
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group) {
    const key = group.config.kms_key_id;
    // A reference names the key, which KMS-ROTATION checks where it is created.
    if (isComputed(key)) return cannotVerify(this.id, "kms_key_id", key, "a reference to the key's arn");
    if (stringArg(key).state !== "unset") return COMPLIANT;
    return nonCompliant(
      "the log group is encrypted with CloudWatch Logs' own keys only, so anyone allowed logs:GetLogEvents reads " +
        "it and no key can be revoked to make it unreadable",
      "set kms_key_id to a customer managed key whose policy lets logs.<region>.amazonaws.com use it (USD 1 a " +
        "month), or acknowledge LOGS-KMS-ENCRYPTED with the reason the logs need no key of their own",
    );
  },
};
