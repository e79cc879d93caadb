import { bucketConfigurations } from "../relations";
import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, nestedBlocks } from "../values";

const ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

/** Every bucket declares its default encryption instead of relying on whatever the account does. */
export const s3EncryptedByDefault: GuardrailRule = {
  id: "S3-ENCRYPTION",
  description:
    "Every bucket has an aws_s3_bucket_server_side_encryption_configuration with an SSE algorithm " +
    "(aws:kms preferred; AES256 where a service requires SSE-S3, such as load balancer access logs).",
  equivalents: { checkov: ["CKV_AWS_19"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const algorithms = bucketConfigurations(stack, bucket, "aws_s3_bucket_server_side_encryption_configuration")
      .flatMap((config) => nestedBlocks(config.config.rule))
      .map((rule) => nestedBlock(rule.apply_server_side_encryption_by_default)?.sse_algorithm);
    if (algorithms.some((a) => typeof a === "string" && ALGORITHMS.includes(a))) return COMPLIANT;
    const computed = algorithms.find(isUnresolved);
    if (computed !== undefined) {
      return cannotVerify(this.id, "apply_server_side_encryption_by_default.sse_algorithm", computed, '"aws:kms"');
    }
    return nonCompliant(
      "the bucket declares no default encryption",
      'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and ' +
        "bucket_key_enabled = true (SecureBucket does this)",
    );
  },
};
