import { endpointType } from "../relations";
import { refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringList } from "../values";

/**
 * A gateway endpoint works only through the route tables it is on: S3 (where ECR keeps image layers, and dnf its
 * repositories) is reachable from the private subnets only when their route tables carry its prefix list.
 */
export const vpcGatewayEndpointRouted: GuardrailRule = {
  id: "VPC-ENDPOINT-GATEWAY-ROUTED",
  description:
    "Gateway VPC endpoints (S3, DynamoDB) are on at least one route table: route_table_ids, or an " +
    "aws_vpc_endpoint_route_table_association in the same stack.",
  equivalents: {},
  appliesTo: ["aws_vpc_endpoint"],
  check(endpoint, { stack }) {
    const type = endpointType(endpoint);
    if (type === "expression") {
      return cannotVerify(this.id, "vpc_endpoint_type", endpoint.config.vpc_endpoint_type, '"Gateway"');
    }
    if (type !== "Gateway") return NOT_APPLICABLE;
    const tables = stringList(endpoint.config.route_table_ids);
    const computed = tables.find(isComputed);
    if (computed !== undefined) {
      return cannotVerify(this.id, "route_table_ids", computed, "references to the private route tables");
    }
    const associated = stack
      .resources("aws_vpc_endpoint_route_table_association")
      .some((a) => refersTo(a.config.vpc_endpoint_id, endpoint.address));
    if (tables.length > 0 || associated) return COMPLIANT;
    return nonCompliant(
      "the gateway endpoint is on no route table, so no subnet sends its traffic through it",
      "set route_table_ids to the private subnets' route tables (modules/vpc-endpoints does)",
    );
  },
};
