import { SynthesizedStack, refersTo } from "./synthesized-stack";
import { TerraformBlock } from "./types";
import { nestedBlock } from "./values";

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
