import { endpointType } from "../relations";
import { refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/**
 * The usual service names (`ssm.ap-northeast-1.amazonaws.com`) resolve to the interface endpoint inside the VPC,
 * so the SSM agent, Docker and the CloudWatch agent reach AWS from subnets with no route to the internet.
 */
export const vpcEndpointPrivateDns: GuardrailRule = {
  id: "VPC-ENDPOINT-PRIVATE-DNS",
  description:
    "Interface VPC endpoints set private_dns_enabled = true (on the endpoint, or with an aws_vpc_endpoint_private_dns " +
    "in the same stack).",
  equivalents: {},
  appliesTo: ["aws_vpc_endpoint"],
  check(endpoint, { stack }) {
    const type = endpointType(endpoint);
    if (type === "expression") {
      return cannotVerify(this.id, "vpc_endpoint_type", endpoint.config.vpc_endpoint_type, '"Interface"');
    }
    if (type !== "Interface") return NOT_APPLICABLE;
    const value = endpoint.config.private_dns_enabled;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "private_dns_enabled", value, "true");
    // Private DNS may also be switched on by a resource of its own.
    const separate = stack
      .resources("aws_vpc_endpoint_private_dns")
      .filter((p) => refersTo(p.config.vpc_endpoint_id, endpoint.address));
    for (const p of separate) {
      const enabled = readTrue(p.config.private_dns_enabled);
      if (enabled === "true") return COMPLIANT;
      if (enabled === "expression") {
        return cannotVerify(this.id, `${p.address} private_dns_enabled`, p.config.private_dns_enabled, "true");
      }
    }
    return nonCompliant(
      "private DNS is off (the default), so the service's public name still resolves to public addresses, which " +
        "private subnets cannot reach",
      "set private_dns_enabled = true (the VPC needs enable_dns_support and enable_dns_hostnames)",
    );
  },
};
