import { LOAD_BALANCER_TYPES, loadBalancerKind } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, nestedBlocksArg, readTrue, stringArg } from "../values";

/** Every request the load balancer answers is logged to S3, for forensics and for the 5xx an alarm reports. */
export const lbAccessLogsEnabled: GuardrailRule = {
  id: "LB-ACCESS-LOGS",
  description:
    "Application Load Balancers set access_logs { enabled = true } with a bucket (a literal name, or a reference to " +
    "an aws_s3_bucket or an upstream stack's output).",
  equivalents: { checkov: ["CKV_AWS_91"], cdkNag: ["AwsSolutions-ELB2"], fsbp: ["ELB.5"] },
  appliesTo: LOAD_BALANCER_TYPES,
  check(lb, { stack }) {
    const kind = loadBalancerKind(lb);
    if (kind === "expression") {
      return cannotVerify(this.id, "load_balancer_type", lb.config.load_balancer_type, '"application"');
    }
    if (kind !== "application") return NOT_APPLICABLE;
    const blocks = nestedBlocksArg(lb.config, "access_logs");
    if (blocks === "expression") {
      const value = lb.config.access_logs ?? lb.config.dynamic;
      return cannotVerify(this.id, "access_logs", value, "an access_logs block");
    }
    const logs = blocks[0];
    const fix =
      "set access_logs { bucket = <a SecureBucket with SSE-S3 that ELB may write>, enabled = true } " +
      "(LoadBalancerProps.accessLogs in modules/load-balancer), or acknowledge LB-ACCESS-LOGS with the reason";
    if (!logs) return nonCompliant("the load balancer writes no access logs (no access_logs block)", fix);
    const enabled = readTrue(logs.enabled);
    if (enabled === "expression") return cannotVerify(this.id, "access_logs.enabled", logs.enabled, "true");
    if (enabled === "not-true") {
      return nonCompliant("the load balancer writes no access logs (access_logs.enabled is not true)", fix);
    }
    const bucket = logs.bucket;
    if (stringArg(bucket).state === "unset") {
      return nonCompliant("access_logs names no bucket, so nothing is written", fix);
    }
    // A reference must name a bucket: any other resource's attribute may be anything.
    const referenced = stack.referencedResource(bucket);
    if (isComputed(bucket) || (referenced !== undefined && referenced.type !== "aws_s3_bucket")) {
      return cannotVerify(
        this.id,
        "access_logs.bucket",
        bucket,
        "the bucket's name or a reference to its aws_s3_bucket",
      );
    }
    return COMPLIANT;
  },
};
