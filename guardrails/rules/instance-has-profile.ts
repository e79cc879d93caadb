import { launchTemplateUsers, launchedFromTemplate } from "../relations";
import { SynthesizedStack } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { Known, isComputed, nestedBlock, stringArg } from "../values";

/** Hosts get AWS permissions from an instance role, never from keys copied onto them. */
export const instanceHasProfile: GuardrailRule = {
  id: "EC2-INSTANCE-PROFILE",
  description: "Instances and launch templates have an IAM instance profile.",
  equivalents: { checkov: ["CKV2_AWS_41"] },
  appliesTo: ["aws_instance", "aws_launch_template"],
  check(block, { stack }) {
    const profile = instanceProfile(block);
    // A reference names the aws_iam_instance_profile (or an upstream stack's); anything computed may be empty.
    if (profile.state === "unresolved" && isComputed(profileValue(block))) {
      return cannotVerify(this.id, "iam_instance_profile", profileValue(block), "a reference to the profile");
    }
    if (profile.state !== "unset") return COMPLIANT;
    if (block.type === "aws_instance" && launchedFromTemplate(block)) return COMPLIANT;
    if (block.type === "aws_launch_template" && onlyInstancesWithProfiles(stack, block)) return COMPLIANT;
    return nonCompliant(
      "no IAM instance profile, so the host has no role credentials and tempts people to copy access keys onto it",
      "create an aws_iam_role trusted by ec2.amazonaws.com with least-privilege policies, wrap it in an " +
        "aws_iam_instance_profile and set iam_instance_profile",
    );
  },
};

/**
 * True when the template is used, in this stack, only by instances that set their own profile; an Auto Scaling
 * group, which takes the profile from the template, makes it false.
 */
function onlyInstancesWithProfiles(stack: SynthesizedStack, template: TerraformBlock): boolean {
  const users = launchTemplateUsers(stack, template);
  return (
    users.length > 0 && users.every((user) => user.type === "aws_instance" && instanceProfile(user).state !== "unset")
  );
}

function profileValue(block: TerraformBlock): unknown {
  if (block.type === "aws_instance") return block.config.iam_instance_profile;
  const spec = nestedBlock(block.config.iam_instance_profile) ?? {};
  return stringArg(spec.name).state !== "unset" ? spec.name : spec.arn;
}

function instanceProfile(block: TerraformBlock): Known<string> {
  if (block.type === "aws_instance") return stringArg(block.config.iam_instance_profile);
  // A launch template names its profile in a block, by name or by ARN.
  const spec = nestedBlock(block.config.iam_instance_profile) ?? {};
  const name = stringArg(spec.name);
  return name.state !== "unset" ? name : stringArg(spec.arn);
}
