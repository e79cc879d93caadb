import { SynthesizedStack, isUnresolved, refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isObject, nestedBlocks, stringArg, stringList } from "../values";

const ATTACHMENT_TYPES = ["aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"];

/**
 * A group behind a load balancer replaces the instances the load balancer finds unhealthy: with EC2 health checks
 * it replaces only those whose hardware fails, and keeps a host whose application is down.
 */
export const asgElbHealthCheck: GuardrailRule = {
  id: "ASG-ELB-HEALTH-CHECK",
  description:
    "Auto Scaling groups with target groups or load balancers (target_group_arns, load_balancers, traffic_source, or an " +
    'aws_autoscaling_attachment) set health_check_type = "ELB".',
  equivalents: { checkov: ["CKV2_AWS_15"], cdkNag: ["AwsSolutions-AS2"], fsbp: ["AutoScaling.1"] },
  appliesTo: ["aws_autoscaling_group"],
  check(group, { stack }) {
    const attached = attachment(group, stack);
    if (attached === "none") return NOT_APPLICABLE;
    const value = group.config.health_check_type;
    const type = stringArg(value);
    if (type.state === "unresolved") return cannotVerify(this.id, "health_check_type", value, '"ELB"');
    // AWS accepts a comma-separated list of types (`"ELB,EBS"`); EC2 status checks always run besides.
    if (type.state === "set" && type.value.split(",").some((t) => t.trim() === "ELB")) return COMPLIANT;
    if (attached !== "attached") {
      return cannotVerify(this.id, attached.argument, attached.value, "a list of target group references");
    }
    return nonCompliant(
      `the group serves a load balancer but uses ${type.state === "set" ? type.value : "EC2 (the default)"} health ` +
        "checks, so it keeps hosts whose application the load balancer finds unhealthy",
      'set health_check_type = "ELB" and a health_check_grace_period that covers the image pull and the start',
    );
  },
};

/** Whether the group is behind a load balancer, or the argument that would say so when Terraform computes it. */
function attachment(
  group: TerraformBlock,
  stack: SynthesizedStack,
): "attached" | "none" | { readonly argument: string; readonly value: unknown } {
  const c = group.config;
  for (const argument of ["target_group_arns", "load_balancers"]) {
    const value = c[argument];
    // A whole list written as one expression may or may not be empty.
    if (typeof value === "string" && isUnresolved(value)) return { argument, value };
    if (stringList(value).length > 0) return "attached";
  }
  if (typeof c.traffic_source === "string" || (isObject(c.dynamic) && c.dynamic.traffic_source !== undefined)) {
    return { argument: "traffic_source", value: c.traffic_source ?? c.dynamic };
  }
  if (nestedBlocks(c.traffic_source).length > 0) return "attached";
  const name = stringArg(c.name);
  const separate = ATTACHMENT_TYPES.flatMap((type) => stack.resources(type)).some(
    (a) =>
      refersTo(a.config.autoscaling_group_name, group.address) ||
      (name.state === "set" && a.config.autoscaling_group_name === name.value),
  );
  return separate ? "attached" : "none";
}
