import { securityGroupAttachments } from "../relations";
import { COMPLIANT, GuardrailRule, RuleContext, TerraformBlock, nonCompliant } from "../types";
import { nestedBlocks, numberArg, stringList } from "../values";

const WORLD = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

/** One ingress permission, whichever resource type wrote it. */
interface Ingress {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly sources: readonly string[];
}

/**
 * Only the entry point is open to the internet, and only on HTTP and HTTPS: administration goes through Session
 * Manager, and every other tier accepts traffic from security groups, not from CIDRs.
 */
export const worldIngressOnlyWebToEntryPoint: GuardrailRule = {
  id: "SG-WORLD-INGRESS-WEB-ONLY",
  description:
    "Ingress from 0.0.0.0/0 or ::/0 is allowed only on TCP 80 and 443, and only on a security group used by the entry " +
    "point (Phase 1: the EC2 host; Phase 2+: the load balancer).",
  equivalents: {
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"],
    fsbp: ["EC2.18", "EC2.19"],
  },
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(block, context) {
    const open = ingressOf(block).filter((rule) => rule.sources.some((source) => WORLD.includes(source)));
    if (open.length === 0) return COMPLIANT;
    // A port or protocol that is still a reference is unknown here, not a violation.
    const notWeb = open.find((rule) => !isWebPort(rule) && !isUnresolved(rule));
    if (notWeb) {
      return nonCompliant(
        `ingress from the internet is open on ${describe(notWeb)}`,
        "open only TCP 80 and 443 to 0.0.0.0/0; reach hosts through Session Manager instead of SSH or RDP, and allow " +
          "other tiers from the entry point's security group",
      );
    }
    const securityGroup =
      block.type === "aws_security_group"
        ? block
        : context.stack.referencedResource(block.config.security_group_id, ["aws_security_group"]);
    const misplaced = securityGroup ? nonEntryPointAttachment(securityGroup, context) : undefined;
    if (misplaced) {
      return nonCompliant(
        `the security group is open to the internet on ${describe(open[0])} and is used by ${misplaced.address}, ` +
          "which is not the entry point",
        `open 80/443 to the internet only on the ${entryPointName(context)}'s security group, and allow this resource ` +
          "from that security group",
      );
    }
    return COMPLIANT;
  },
};

function ingressOf(block: TerraformBlock): Ingress[] {
  const c = block.config;
  if (block.type === "aws_security_group") {
    return nestedBlocks(c.ingress).map((rule) => ({
      protocol: String(rule.protocol ?? ""),
      fromPort: known(rule.from_port),
      toPort: known(rule.to_port),
      sources: [...stringList(rule.cidr_blocks), ...stringList(rule.ipv6_cidr_blocks)],
    }));
  }
  if (block.type === "aws_security_group_rule") {
    if (c.type !== "ingress") return [];
    return [
      {
        protocol: String(c.protocol ?? ""),
        fromPort: known(c.from_port),
        toPort: known(c.to_port),
        sources: [...stringList(c.cidr_blocks), ...stringList(c.ipv6_cidr_blocks)],
      },
    ];
  }
  return [
    {
      protocol: String(c.ip_protocol ?? ""),
      fromPort: known(c.from_port),
      toPort: known(c.to_port),
      sources: [...stringList(c.cidr_ipv4), ...stringList(c.cidr_ipv6)],
    },
  ];
}

function isUnresolved(rule: Ingress): boolean {
  return rule.protocol.includes("${") || Number.isNaN(rule.fromPort) || Number.isNaN(rule.toPort);
}

/** A port number, `undefined` when unset, `NaN` when unresolved. */
function known(value: unknown): number | undefined {
  const n = numberArg(value);
  return n.state === "set" ? n.value : n.state === "unresolved" ? NaN : undefined;
}

function isWebPort(rule: Ingress): boolean {
  const tcp = ["tcp", "6"].includes(rule.protocol.toLowerCase());
  return tcp && rule.fromPort !== undefined && rule.fromPort === rule.toPort && WEB_PORTS.includes(rule.fromPort);
}

function describe(rule: Ingress): string {
  const protocol = ["-1", "all"].includes(rule.protocol.toLowerCase()) ? "all protocols" : rule.protocol.toUpperCase();
  if (protocol === "all protocols") return "all ports and protocols";
  const ports = rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
  return `${protocol} ${ports}`;
}

function entryPointTypes(context: RuleContext): string[] {
  switch (context.environment.capabilities.ingress.kind) {
    // The host may wear the group on the instance, its launch template or its network interface.
    case "host":
      return ["aws_instance", "aws_launch_template", "aws_network_interface", "aws_lb"];
    case "load-balancer":
      return ["aws_lb"];
  }
}

function entryPointName(context: RuleContext): string {
  switch (context.environment.capabilities.ingress.kind) {
    case "host":
      return "EC2 host";
    case "load-balancer":
      return "load balancer";
  }
}

function nonEntryPointAttachment(securityGroup: TerraformBlock, context: RuleContext): TerraformBlock | undefined {
  const allowed = entryPointTypes(context);
  return securityGroupAttachments(context.stack, securityGroup).find((user) => !allowed.includes(user.type));
}
