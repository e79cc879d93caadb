import { bucketConfigurations } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg } from "../values";

/** Who read or changed which object, and from where, is recorded by S3 server access logging. */
export const s3AccessLogged: GuardrailRule = {
  id: "S3-ACCESS-LOGGED",
  description:
    "Every bucket has an aws_s3_bucket_logging with a target_bucket, except buckets that receive access logs " +
    "(the target of another bucket's aws_s3_bucket_logging in the stack).",
  equivalents: { checkov: ["CKV_AWS_18"], cdkNag: ["AwsSolutions-S1"], fsbp: ["S3.9"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const name = bucket.config.bucket;
    const receivesLogs = stack
      .resources("aws_s3_bucket_logging")
      .some(
        (logging) =>
          stack.referencedResource(logging.config.target_bucket, ["aws_s3_bucket"])?.address === bucket.address ||
          (typeof name === "string" && stringArg(name).state === "set" && logging.config.target_bucket === name),
      );
    if (receivesLogs) return NOT_APPLICABLE;
    const targets = bucketConfigurations(stack, bucket, "aws_s3_bucket_logging").map((l) => l.config.target_bucket);
    const computed = targets.find(isComputed);
    if (computed !== undefined) {
      return cannotVerify(this.id, "aws_s3_bucket_logging target_bucket", computed, "a reference to the log bucket");
    }
    if (targets.some((target) => stringArg(target).state !== "unset")) return COMPLIANT;
    return nonCompliant(
      "the bucket has no server access logging, so object reads and writes leave no record beyond CloudTrail's " +
        "management events",
      "add an aws_s3_bucket_logging with target_bucket set to a log bucket (SSE-S3, writable by " +
        "logging.s3.amazonaws.com), or acknowledge S3-ACCESS-LOGGED with the reason",
    );
  },
};
