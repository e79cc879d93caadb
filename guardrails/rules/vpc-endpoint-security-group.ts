import { endpointType } from "../relations";
import { refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg, stringList } from "../values";

/**
 * An interface endpoint wears a security group of its own, which says who may call it: without one AWS attaches
 * the VPC's default security group, which this project keeps closed (DEFAULT-SG-CLOSED).
 */
export const vpcEndpointSecurityGroup: GuardrailRule = {
  id: "VPC-ENDPOINT-SECURITY-GROUP",
  description:
    "Interface VPC endpoints name at least one security group (security_group_ids, or an " +
    "aws_vpc_endpoint_security_group_association), by reference to an aws_security_group or as an upstream stack's " +
    "output.",
  equivalents: {},
  appliesTo: ["aws_vpc_endpoint"],
  check(endpoint, { stack }) {
    const type = endpointType(endpoint);
    if (type === "expression") {
      return cannotVerify(this.id, "vpc_endpoint_type", endpoint.config.vpc_endpoint_type, '"Interface"');
    }
    if (type !== "Interface") return NOT_APPLICABLE;
    const groups = [
      ...stringList(endpoint.config.security_group_ids),
      ...stack
        .resources("aws_vpc_endpoint_security_group_association")
        .filter((a) => refersTo(a.config.vpc_endpoint_id, endpoint.address))
        .map((a) => a.config.security_group_id),
    ];
    const computed = groups.find(isComputed);
    if (computed !== undefined) {
      return cannotVerify(this.id, "security_group_ids", computed, "a reference to the aws_security_group");
    }
    // The default security group is shared by everything that names none; an endpoint gets a group of its own.
    const foreign = groups
      .map((g) => stack.referencedResource(g))
      .find((b) => b !== undefined && b.type !== "aws_security_group");
    if (foreign) {
      return nonCompliant(
        `the endpoint's security group is ${foreign.address}, not an aws_security_group of its own`,
        fix(),
      );
    }
    if (groups.some((g) => stringArg(g).state === "set" || stringArg(g).state === "unresolved")) return COMPLIANT;
    return nonCompliant(
      "the endpoint names no security group, so AWS attaches the VPC's default security group, which is closed here " +
        "and shared by anything else that names none",
      fix(),
    );
  },
};

function fix(): string {
  return (
    "create an aws_security_group that accepts TCP 443 from the private subnets only and set security_group_ids to " +
    "it (modules/vpc-endpoints does)"
  );
}
