import { SynthesizedStack, refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isComputed, isObject, nestedBlocks, stringArg } from "../values";

/**
 * A subnet routed to an internet gateway is public on purpose: it carries the `tier = "public"` tag that the
 * network module gives the subnets the design makes public (the Phase 1 host, later the load balancer).
 */
export const publicSubnetByDesign: GuardrailRule = {
  id: "SUBNET-PUBLIC-BY-DESIGN",
  description:
    'A subnet whose route table sends 0.0.0.0/0 or ::/0 to an internet gateway is tagged tier = "public"; no other subnet is.',
  equivalents: {},
  appliesTo: ["aws_subnet"],
  check(subnet, { stack }) {
    const tier = isObject(subnet.config.tags) ? stringArg(subnet.config.tags.tier) : stringArg(undefined);
    if (!routesToInternetGateway(stack, subnet)) return COMPLIANT;
    if (tier.state === "set" && tier.value === "public") return COMPLIANT;
    if (tier.state === "unresolved") {
      return cannotVerify(this.id, "tags.tier", (subnet.config.tags as Record<string, unknown>).tier, '"public"');
    }
    return nonCompliant(
      'the subnet routes to an internet gateway but is not tagged tier = "public"',
      "associate it with the private route table; only the public subnets of modules/network may route to the internet gateway",
    );
  },
};

function routesToInternetGateway(stack: SynthesizedStack, subnet: TerraformBlock): boolean {
  const routeTables = stack
    .resources("aws_route_table_association")
    .filter((association) => refersTo(association.config.subnet_id, subnet.address))
    .map((association) => stack.referencedResource(association.config.route_table_id, ["aws_route_table"]))
    .filter((table): table is TerraformBlock => table !== undefined);
  return routeTables.some((table) => {
    const inline = nestedBlocks(table.config.route);
    const separate = stack
      .resources("aws_route")
      .filter((route) => refersTo(route.config.route_table_id, table.address))
      .map((route) => route.config);
    return [...inline, ...separate].some(isDefaultRouteToInternetGateway);
  });
}

function isDefaultRouteToInternetGateway(route: Readonly<Record<string, unknown>>): boolean {
  const destination = route.destination_cidr_block ?? route.cidr_block;
  const ipv6Destination = route.destination_ipv6_cidr_block ?? route.ipv6_cidr_block;
  // A computed destination may be the default route; only a literal other destination is known not to be.
  const isDefault =
    destination === "0.0.0.0/0" || ipv6Destination === "::/0" || isComputed(destination) || isComputed(ipv6Destination);
  const gateway = route.gateway_id;
  const toInternetGateway =
    typeof gateway === "string" && (gateway.includes("${aws_internet_gateway.") || gateway.startsWith("igw-"));
  return isDefault && toInternetGateway;
}
