import { bucketConfigurations } from "../relations";
import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock } from "../values";

/** ACLs are off: access is decided by IAM and the bucket policy alone, and the bucket owns every object. */
export const s3BucketOwnerEnforced: GuardrailRule = {
  id: "S3-OWNER-ENFORCED",
  description: 'Every bucket has aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced".',
  equivalents: { checkov: ["CKV2_AWS_65"], fsbp: ["S3.12"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const ownership = bucketConfigurations(stack, bucket, "aws_s3_bucket_ownership_controls").map(
      (c) => nestedBlock(c.config.rule)?.object_ownership,
    );
    if (ownership.some((o) => o === "BucketOwnerEnforced")) return COMPLIANT;
    const computed = ownership.find(isUnresolved);
    if (computed !== undefined) {
      return cannotVerify(
        this.id,
        "aws_s3_bucket_ownership_controls rule.object_ownership",
        computed,
        '"BucketOwnerEnforced"',
      );
    }
    return nonCompliant(
      ownership.length === 0
        ? "the bucket has no ownership controls, so ACLs still apply"
        : `object ownership is ${String(ownership[0])}`,
      'add aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" }',
    );
  },
};
