import { bucketConfigurations } from "../relations";
import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { nestedBlocks } from "../values";

/** Parts of abandoned multipart uploads, which are billed but invisible in listings, are cleaned up. */
export const s3LifecycleAbortsIncompleteUploads: GuardrailRule = {
  id: "S3-LIFECYCLE",
  description:
    "Every bucket has an aws_s3_bucket_lifecycle_configuration with an enabled rule that sets " +
    "abort_incomplete_multipart_upload.",
  equivalents: { checkov: ["CKV2_AWS_61", "CKV_AWS_300"], fsbp: ["S3.13"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const rules = bucketConfigurations(stack, bucket, "aws_s3_bucket_lifecycle_configuration").flatMap((c) =>
      nestedBlocks(c.config.rule),
    );
    if (rules.some((r) => r.status !== "Disabled" && nestedBlocks(r.abort_incomplete_multipart_upload).length > 0)) {
      return COMPLIANT;
    }
    return nonCompliant(
      rules.length === 0
        ? "the bucket has no lifecycle configuration"
        : "no enabled lifecycle rule aborts incomplete multipart uploads",
      "add a lifecycle rule with abort_incomplete_multipart_upload { days_after_initiation = 7 } (SecureBucket does this)",
    );
  },
};
