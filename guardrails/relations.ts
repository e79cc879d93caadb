import { SynthesizedStack, refersTo } from "./synthesized-stack";
import { TerraformBlock } from "./types";
import { nestedBlock, stringArg } from "./values";

/**
 * The configuration resources of `bucket` of one type (`aws_s3_bucket_versioning`, ...): those whose `bucket`
 * argument refers to the bucket resource or repeats its literal name.
 */
export function bucketConfigurations(stack: SynthesizedStack, bucket: TerraformBlock, type: string): TerraformBlock[] {
  return stack.referencing(type, bucket, { attribute: "bucket", value: bucket.config.bucket });
}

// Resources that only describe a security group's own rules; attaching means something else references it.
const SECURITY_GROUP_RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
];

/** Resources of the stack that use `securityGroup` (instances, load balancers, databases, endpoints, ...). */
export function securityGroupAttachments(stack: SynthesizedStack, securityGroup: TerraformBlock): TerraformBlock[] {
  return stack
    .all()
    .filter(
      (b) =>
        b.kind === "resource" &&
        !SECURITY_GROUP_RULE_TYPES.includes(b.type) &&
        refersTo(b.config, securityGroup.address),
    );
}

/**
 * True when an aws_instance is launched from a launch template: settings it leaves unset come from the template,
 * which the same rules judge on its own.
 */
export function launchedFromTemplate(instance: TerraformBlock): boolean {
  return nestedBlock(instance.config.launch_template) !== undefined;
}

/** The resources of the stack that launch instances from `template` (instances, Auto Scaling groups, ...). */
export function launchTemplateUsers(stack: SynthesizedStack, template: TerraformBlock): TerraformBlock[] {
  return stack
    .all()
    .filter((b) => b.kind === "resource" && b.address !== template.address && refersTo(b.config, template.address));
}

/** Terraform types of an Elastic Load Balancing v2 load balancer: `aws_alb` is the provider's older name for `aws_lb`. */
export const LOAD_BALANCER_TYPES: readonly string[] = ["aws_lb", "aws_alb"];

/** Terraform types of a load balancer listener, under both names. */
export const LISTENER_TYPES: readonly string[] = ["aws_lb_listener", "aws_alb_listener"];

/** Terraform types of a listener rule, under both names. */
export const LISTENER_RULE_TYPES: readonly string[] = ["aws_lb_listener_rule", "aws_alb_listener_rule"];

/** Terraform types of a target group, under both names. */
export const TARGET_GROUP_TYPES: readonly string[] = ["aws_lb_target_group", "aws_alb_target_group"];

/**
 * The kind of a load balancer: `load_balancer_type` as written (`"application"` when unset, as AWS defaults), or
 * `"expression"` when Terraform computes it.
 */
export function loadBalancerKind(lb: TerraformBlock): string {
  const type = stringArg(lb.config.load_balancer_type);
  if (type.state === "unresolved") return "expression";
  return type.state === "set" ? type.value : "application";
}

/** The listeners of the stack that belong to `lb` (their `load_balancer_arn` refers to it). */
export function listenersOf(stack: SynthesizedStack, lb: TerraformBlock): TerraformBlock[] {
  return LISTENER_TYPES.flatMap((type) => stack.resources(type)).filter((listener) =>
    refersTo(listener.config.load_balancer_arn, lb.address),
  );
}

/** The load balancer of the stack a listener belongs to, or `undefined` when it is elsewhere. */
export function loadBalancerOf(stack: SynthesizedStack, listener: TerraformBlock): TerraformBlock | undefined {
  return stack.referencedResource(listener.config.load_balancer_arn, LOAD_BALANCER_TYPES);
}

/** The listener rules of the stack attached to `listener` (their `listener_arn` refers to it). */
export function listenerRulesOf(stack: SynthesizedStack, listener: TerraformBlock): TerraformBlock[] {
  return LISTENER_RULE_TYPES.flatMap((type) => stack.resources(type)).filter((rule) =>
    refersTo(rule.config.listener_arn, listener.address),
  );
}

/** The Auto Scaling groups of the stack that launch instances from `template`. */
export function autoScalingGroupsUsing(stack: SynthesizedStack, template: TerraformBlock): TerraformBlock[] {
  return launchTemplateUsers(stack, template).filter((user) => user.type === "aws_autoscaling_group");
}

/**
 * The kind of a VPC endpoint: `vpc_endpoint_type` as written (`"Gateway"` when unset, as the provider defaults), or
 * `"expression"` when Terraform computes it.
 */
export function endpointType(endpoint: TerraformBlock): string {
  const type = stringArg(endpoint.config.vpc_endpoint_type);
  if (type.state === "unresolved") return "expression";
  return type.state === "set" ? type.value : "Gateway";
}
