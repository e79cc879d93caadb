import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, RuleContext, TerraformBlock, Verdict, cannotVerify, nonCompliant } from "../types";
import { isComputed, isObject, nestedBlock, nestedBlocks, stringArg } from "../values";

const RULE_ID = "ASG-LAUNCH-TEMPLATE";

/**
 * Instances of an Auto Scaling group come from a launch template the guardrails can read: created in the same
 * stack (by reference, or by its literal name) or an upstream stack's output, where EC2-IMDSV2, EC2-NO-PUBLIC-IP,
 * EC2-EBS-ENCRYPTED and EC2-INSTANCE-PROFILE judge it. Launch configurations are deprecated (new accounts cannot
 * create them) and miss what templates offer.
 */
export const asgUsesLaunchTemplate: GuardrailRule = {
  id: RULE_ID,
  description:
    "Auto Scaling groups launch from a launch template (launch_template or mixed_instances_policy, overrides " +
    "included), never a launch configuration, and each template is an aws_launch_template of the same stack or an " +
    "upstream stack's output.",
  equivalents: { checkov: ["CKV_AWS_315"], fsbp: ["AutoScaling.9"] },
  appliesTo: ["aws_autoscaling_group"],
  check(group, context) {
    const c = group.config;
    if (stringArg(c.launch_configuration).state !== "unset") {
      return nonCompliant(
        "the group launches from a launch configuration, which AWS has deprecated and no guardrail reads",
        "create an aws_launch_template (IMDSv2, no public IP, encrypted volumes, an instance profile) and set " +
          "launch_template { id = <its id>, version = <its latest_version> }",
      );
    }
    const specifications = templateSpecifications(group);
    if (specifications === "expression") {
      const value = c.mixed_instances_policy ?? c.dynamic;
      return cannotVerify(RULE_ID, "mixed_instances_policy", value, "a mixed_instances_policy block");
    }
    if (specifications.length === 0) {
      return nonCompliant(
        "the group names no launch template",
        "set launch_template { id = <the aws_launch_template's id>, version = <its latest_version> }",
      );
    }
    for (const specification of specifications) {
      const verdict = judgeSpecification(specification, context);
      if (verdict) return verdict;
    }
    return COMPLIANT;
  },
};

interface Specification {
  /** Where it is written, for messages: `launch_template.id`. */
  readonly argument: string;
  /** The template's ID or name as written. */
  readonly value: unknown;
  /** True when the value is a name rather than an ID. */
  readonly byName: boolean;
}

/** Every launch template the group may launch from, or `"expression"` when Terraform builds the policy. */
function templateSpecifications(group: TerraformBlock): Specification[] | "expression" {
  const c = group.config;
  const specifications: Specification[] = [];
  const add = (argument: string, spec: Record<string, unknown>, id: string, name: string) => {
    const byName = stringArg(spec[id]).state === "unset" && stringArg(spec[name]).state !== "unset";
    specifications.push({
      argument: `${argument}.${byName ? name : id}`,
      value: byName ? spec[name] : spec[id],
      byName,
    });
  };
  const direct = nestedBlock(c.launch_template);
  if (direct) add("launch_template", direct, "id", "name");
  if (typeof c.mixed_instances_policy === "string") return "expression";
  if (isObject(c.dynamic) && c.dynamic.mixed_instances_policy !== undefined) return "expression";
  const policy = nestedBlock(c.mixed_instances_policy);
  const template = policy ? nestedBlock(policy.launch_template) : undefined;
  if (template) {
    if (typeof template.override === "string" || isUnresolved(template.launch_template_specification)) {
      return "expression";
    }
    const base = nestedBlock(template.launch_template_specification);
    const path = "mixed_instances_policy.launch_template";
    if (base) add(`${path}.launch_template_specification`, base, "launch_template_id", "launch_template_name");
    nestedBlocks(template.override).forEach((override, i) => {
      const spec = nestedBlock(override.launch_template_specification);
      if (spec) {
        add(`${path}.override[${i}].launch_template_specification`, spec, "launch_template_id", "launch_template_name");
      }
    });
  }
  return specifications;
}

function judgeSpecification(spec: Specification, { stack }: RuleContext): Verdict | undefined {
  const value = spec.value;
  if (stringArg(value).state === "unset") {
    return nonCompliant(
      `${spec.argument.replace(/\.[a-z_]+$/, "")} names no template`,
      "set its id to the template's id",
    );
  }
  if (isComputed(value)) return cannotVerify(RULE_ID, spec.argument, value, "a reference to the aws_launch_template");
  if (isUnresolved(value)) {
    // A reference: to a template of this stack, or to an upstream stack's output, where the template is judged.
    const local = stack.referencedResource(value);
    if (!local || local.type === "aws_launch_template") return undefined;
    return nonCompliant(
      `${spec.argument} refers to ${local.address}, which is not a launch template`,
      "refer to the aws_launch_template's id",
    );
  }
  const named = stack.resources("aws_launch_template").some((t) => t.config.name === value);
  if (spec.byName && named) return undefined;
  return nonCompliant(
    `${spec.argument} is ${JSON.stringify(value)}, a template not created in this stack, so no guardrail has checked ` +
      "its metadata options, network interfaces and volumes",
    "create the aws_launch_template in the group's stack and refer to it; for a template managed elsewhere, " +
      "acknowledge ASG-LAUNCH-TEMPLATE on the group with where it is checked",
  );
}
