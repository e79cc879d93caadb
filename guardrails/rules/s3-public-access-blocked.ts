import { bucketConfigurations } from "../relations";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** No bucket can be made public by an ACL or a policy, whatever anyone writes later. */
export const s3PublicAccessBlocked: GuardrailRule = {
  id: "S3-PUBLIC-ACCESS-BLOCK",
  description:
    "Every bucket has an aws_s3_bucket_public_access_block, and every public access block sets all four flags to true.",
  equivalents: {
    checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
    cdkNag: ["AwsSolutions-S2"],
    fsbp: ["S3.8"],
  },
  appliesTo: ["aws_s3_bucket", "aws_s3_bucket_public_access_block"],
  check(block, { stack }) {
    if (block.type === "aws_s3_bucket") {
      if (bucketConfigurations(stack, block, "aws_s3_bucket_public_access_block").length > 0) return COMPLIANT;
      return nonCompliant(
        "the bucket has no aws_s3_bucket_public_access_block, so an ACL or a bucket policy can make it public",
        "create the bucket with SecureBucket (modules/secure-bucket), which blocks all public access, or add an " +
          "aws_s3_bucket_public_access_block with all four flags true",
      );
    }
    const computed = FLAGS.find((flag) => readTrue(block.config[flag]) === "expression");
    if (computed) return cannotVerify(this.id, computed, block.config[computed], "true");
    const off = FLAGS.filter((flag) => readTrue(block.config[flag]) !== "true");
    if (off.length === 0) return COMPLIANT;
    return nonCompliant(`not blocked: ${off.join(", ")}`, `set ${off.map((flag) => `${flag} = true`).join(", ")}`);
  },
};
