import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { nestedBlocks, stringArg } from "../values";

/** Every security group and rule says why it exists, so a reviewer can tell a stale rule from a needed one. */
export const securityGroupRulesDescribed: GuardrailRule = {
  id: "SG-DESCRIBED",
  description: "Every security group, inline rule and separate security group rule has a non-empty description.",
  equivalents: { checkov: ["CKV_AWS_23"], cdkNag: ["AwsSolutions-EC27"] },
  appliesTo: [
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
  ],
  check(block) {
    const missing: string[] = [];
    // Terraform fills an unset security group description with "Managed by Terraform", which says nothing.
    if (stringArg(block.config.description).state === "unset") missing.push("the resource");
    if (block.type === "aws_security_group") {
      for (const direction of ["ingress", "egress"] as const) {
        nestedBlocks(block.config[direction]).forEach((rule, i) => {
          if (stringArg(rule.description).state === "unset") missing.push(`${direction}[${i}]`);
        });
      }
    }
    if (missing.length === 0) return COMPLIANT;
    return nonCompliant(
      `no description on ${missing.join(", ")}`,
      'set description to who may connect and why, for example "HTTPS from the internet to the app host"',
    );
  },
};
