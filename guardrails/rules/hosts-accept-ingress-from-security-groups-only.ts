import { securityGroupAttachments } from "../relations";
import {
  COMPLIANT,
  GuardrailRule,
  NOT_APPLICABLE,
  RuleContext,
  TerraformBlock,
  cannotVerify,
  nonCompliant,
} from "../types";
import { nestedBlocksArg, stringList } from "../values";

const RULE_ID = "SG-HOSTS-FROM-GROUPS-ONLY";

// What wears a host's security group: the instance, the launch template it comes from, its network interface.
const HOST_TYPES = ["aws_instance", "aws_launch_template", "aws_network_interface"];

/** One ingress permission from address ranges, as written. */
interface CidrPermission {
  /** `ingress[0]` for an inline rule, empty for a separate rule resource. */
  readonly where: string;
  readonly ports: string;
  readonly sources: readonly string[];
}

/**
 * Behind a load balancer, hosts take traffic from the load balancer's security group and nothing else: no address
 * range (not the VPC's, not an office's, not a prefix list) reaches them directly, so every request passes the
 * load balancer's TLS, header and desync checks, and administration goes through Session Manager.
 */
export const hostsAcceptIngressFromSecurityGroupsOnly: GuardrailRule = {
  id: RULE_ID,
  description:
    "With a load balancer as the entry point (Phase 2+), security groups used by hosts (instances, launch templates, " +
    "network interfaces) accept ingress only from security groups, never from CIDR blocks or prefix lists.",
  equivalents: {},
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(block, context) {
    switch (context.environment.capabilities.ingress.kind) {
      // The Phase 1 host is the entry point: SG-WORLD-INGRESS-WEB-ONLY says what reaches it.
      case "host":
        return NOT_APPLICABLE;
      case "load-balancer":
        break;
    }
    const host = hostUsing(block, context);
    if (!host) return NOT_APPLICABLE;
    const permissions = cidrPermissions(block);
    if (permissions === "expression") {
      const value = block.config.ingress ?? block.config.dynamic;
      return cannotVerify(RULE_ID, "ingress", value, "ingress blocks from security groups");
    }
    const [first] = permissions;
    if (!first) return COMPLIANT;
    const where = first.where ? `${first.where} ` : "";
    return nonCompliant(
      `${where}lets ${first.sources.join(", ")} reach ${first.ports} on the security group of ${host.address}; ` +
        "behind a load balancer, hosts accept traffic only from its security group",
      "allow the application port from the load balancer's security group (referenced_security_group_id) and remove " +
        "the address ranges; reach hosts through Session Manager",
    );
  },
};

/** The first host resource that wears the security group the block describes, in this stack. */
function hostUsing(block: TerraformBlock, { stack }: RuleContext): TerraformBlock | undefined {
  const group =
    block.type === "aws_security_group"
      ? block
      : stack.referencedResource(block.config.security_group_id, ["aws_security_group"]);
  if (!group) return undefined;
  return securityGroupAttachments(stack, group).find((user) => HOST_TYPES.includes(user.type));
}

function cidrPermissions(block: TerraformBlock): CidrPermission[] | "expression" {
  const c = block.config;
  if (block.type === "aws_security_group") {
    const inline = nestedBlocksArg(c, "ingress");
    if (inline === "expression") return "expression";
    return inline.flatMap((rule, i) =>
      permission(`ingress[${i}]`, rule.protocol, rule.from_port, rule.to_port, [
        rule.cidr_blocks,
        rule.ipv6_cidr_blocks,
        rule.prefix_list_ids,
      ]),
    );
  }
  if (block.type === "aws_security_group_rule") {
    if (c.type !== "ingress") return [];
    return permission("", c.protocol, c.from_port, c.to_port, [c.cidr_blocks, c.ipv6_cidr_blocks, c.prefix_list_ids]);
  }
  return permission("", c.ip_protocol, c.from_port, c.to_port, [c.cidr_ipv4, c.cidr_ipv6, c.prefix_list_id]);
}

function permission(
  where: string,
  protocol: unknown,
  from: unknown,
  to: unknown,
  sourceArguments: readonly unknown[],
): CidrPermission[] {
  // Any address range counts, literal or computed: the rule forbids ranges, whatever their value.
  const sources = sourceArguments.flatMap((value) => stringList(value));
  if (sources.length === 0) return [];
  const name = protocol === undefined || String(protocol) === "-1" ? "all protocols" : String(protocol).toUpperCase();
  const ports = from === undefined || from === to ? `${name} ${from ?? "all ports"}` : `${name} ${from}-${to}`;
  return [{ where, ports: name === "all protocols" ? name : ports, sources }];
}
