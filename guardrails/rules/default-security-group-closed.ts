import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlocksArg } from "../values";

/**
 * The default security group of every VPC allows nothing: AWS creates it with allow-all rules between its members,
 * and anything launched without a security group lands in it.
 */
export const defaultSecurityGroupClosed: GuardrailRule = {
  id: "DEFAULT-SG-CLOSED",
  description:
    "Every VPC adopts its default security group (aws_default_security_group) and that group has no ingress or egress rules.",
  equivalents: { checkov: ["CKV2_AWS_12"], fsbp: ["EC2.2"] },
  appliesTo: ["aws_vpc", "aws_default_security_group"],
  check(block, { stack }) {
    if (block.type === "aws_vpc") {
      if (stack.referencing("aws_default_security_group", block).length > 0) return COMPLIANT;
      return nonCompliant(
        "the VPC's default security group is not managed, so it keeps the allow-all rules AWS creates",
        "declare an aws_default_security_group with vpc_id = the VPC and no ingress or egress blocks " +
          "(modules/network does this)",
      );
    }
    const rules = {
      ingress: nestedBlocksArg(block.config, "ingress"),
      egress: nestedBlocksArg(block.config, "egress"),
    };
    for (const [direction, blocks] of Object.entries(rules)) {
      if (blocks === "expression") {
        return cannotVerify(this.id, direction, block.config[direction] ?? "dynamic", "no blocks at all");
      }
    }
    const ingress = rules.ingress.length;
    const egress = rules.egress.length;
    if (ingress + egress === 0) return COMPLIANT;
    return nonCompliant(
      `the default security group has ${ingress} ingress and ${egress} egress rules`,
      "remove every ingress and egress block; give each workload its own security group instead",
    );
  },
};
