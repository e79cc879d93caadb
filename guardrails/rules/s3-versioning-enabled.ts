import { bucketConfigurations } from "../relations";
import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, readTrue } from "../values";

/** Overwritten and deleted objects can be recovered (for the state bucket: any earlier state). */
export const s3VersioningEnabled: GuardrailRule = {
  id: "S3-VERSIONING",
  description: 'Every bucket has an aws_s3_bucket_versioning with status = "Enabled".',
  equivalents: { checkov: ["CKV_AWS_21"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    // The deprecated inline block still works on the provider version this project pins.
    if (readTrue(nestedBlock(bucket.config.versioning)?.enabled) === "true") return COMPLIANT;
    const statuses = bucketConfigurations(stack, bucket, "aws_s3_bucket_versioning").map(
      (v) => nestedBlock(v.config.versioning_configuration)?.status,
    );
    if (statuses.some((status) => status === "Enabled")) return COMPLIANT;
    const computed = statuses.find(isUnresolved);
    if (computed !== undefined) {
      return cannotVerify(this.id, "aws_s3_bucket_versioning versioning_configuration.status", computed, '"Enabled"');
    }
    return nonCompliant(
      statuses.length === 0 ? "the bucket has no versioning configuration" : `versioning is ${String(statuses[0])}`,
      'add an aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" } and a lifecycle rule ' +
        "that expires noncurrent versions",
    );
  },
};
