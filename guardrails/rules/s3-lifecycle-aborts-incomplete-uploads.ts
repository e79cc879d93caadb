import { bucketConfigurations } from "../relations";
import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlocks, nestedBlocksArg } from "../values";

/** Parts of abandoned multipart uploads, which are billed but invisible in listings, are cleaned up. */
export const s3LifecycleAbortsIncompleteUploads: GuardrailRule = {
  id: "S3-LIFECYCLE",
  description:
    "Every bucket has an aws_s3_bucket_lifecycle_configuration with an enabled rule that sets " +
    "abort_incomplete_multipart_upload.",
  equivalents: { checkov: ["CKV2_AWS_61", "CKV_AWS_300"], fsbp: ["S3.13"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const configurations = bucketConfigurations(stack, bucket, "aws_s3_bucket_lifecycle_configuration");
    const computedRules = configurations.find((c) => nestedBlocksArg(c.config, "rule") === "expression");
    const rules = configurations.flatMap((c) => nestedBlocks(c.config.rule));
    const aborting = rules.filter((r) => nestedBlocks(r.abort_incomplete_multipart_upload).length > 0);
    if (aborting.some((r) => r.status === "Enabled")) return COMPLIANT;
    const computedStatus = aborting.find((r) => isUnresolved(r.status));
    if (computedStatus) return cannotVerify(this.id, "rule.status", computedStatus.status, '"Enabled"');
    if (computedRules) return cannotVerify(this.id, "rule", computedRules.config.rule ?? "dynamic", "rule blocks");
    return nonCompliant(
      rules.length === 0
        ? "the bucket has no lifecycle configuration"
        : "no enabled lifecycle rule aborts incomplete multipart uploads",
      "add a lifecycle rule with abort_incomplete_multipart_upload { days_after_initiation = 7 } (SecureBucket does this)",
    );
  },
};
