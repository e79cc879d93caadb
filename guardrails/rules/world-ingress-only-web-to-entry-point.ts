import { CidrRange, coversWorld, parseCidr } from "../cidr";
import { LOAD_BALANCER_TYPES, securityGroupAttachments } from "../relations";
import { SynthesizedStack } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, RuleContext, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isReference, nestedBlocksArg, numberArg, stringList } from "../values";

const RULE_ID = "SG-WORLD-INGRESS-WEB-ONLY";
const WEB_PORTS = [80, 443];
const ALL_PORTS = { from: 0, to: 65535 } as const;
const RULE_TYPES = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

/** One ingress permission from CIDR blocks, whichever resource type wrote it. */
interface Permission {
  readonly block: TerraformBlock;
  /** `tcp`, `udp`, `icmp`, a protocol number, or `all`. */
  readonly protocol: string;
  readonly ports: { readonly from: number; readonly to: number };
  readonly sources: readonly CidrRange[];
  /** The first source, port or protocol written as an expression the rule cannot follow, and the literal it wants. */
  readonly computed?: { readonly argument: string; readonly value: unknown; readonly literal: string };
  /** True when the computed value is a source: it may be the internet whatever the ports are. */
  readonly computedSource?: boolean;
}

/** Ports of one protocol that the union of a security group's CIDR sources opens to the internet. */
interface Exposure {
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly permissions: readonly Permission[];
}

/**
 * Only the entry point is open to the internet, and only on HTTP and HTTPS: administration goes through Session
 * Manager, and every other tier accepts traffic from security groups, not from CIDRs.
 *
 * "The internet" is judged on the union of a security group's sources per protocol and port, across its inline
 * `ingress` blocks and every aws_security_group_rule and aws_vpc_security_group_ingress_rule that targets it: one
 * block wider than an IPv4 /8 or an IPv6 /32, or blocks that together cover more internet addresses than that
 * (`0.0.0.0/1` + `128.0.0.0/1`), count as `0.0.0.0/0`.
 */
export const worldIngressOnlyWebToEntryPoint: GuardrailRule = {
  id: RULE_ID,
  description:
    "Ingress from the internet (0.0.0.0/0, ::/0, any IPv4 block wider than /8 or IPv6 block wider than /32, or blocks " +
    "that together cover more than that, per security group and port) is allowed only on TCP 80 and 443, and only on " +
    "a security group created in the same stack and used there by the entry point only (Phase 1: the EC2 host; " +
    "Phase 2+: the load balancer).",
  equivalents: {
    checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
    fsbp: ["EC2.18", "EC2.19"],
  },
  appliesTo: ["aws_security_group", ...RULE_TYPES],
  check(block, context) {
    const own = permissionsOf(block, context.stack);
    const unverifiable = own.find((p) => p.computedSource);
    const group = groupOf(block, context.stack);
    const peers = context.stack
      .all()
      .filter((b) => ["aws_security_group", ...RULE_TYPES].includes(b.type) && groupOf(b, context.stack) === group)
      .flatMap((b) => permissionsOf(b, context.stack));
    const touching = (e: Exposure) => e.permissions.some((p) => p.block === block);
    // What the literal permissions open for certain, then what a computed port or protocol may open besides.
    const exposures = exposuresOf(peers.filter((p) => !p.computed)).filter(touching);
    const notWeb = exposures.find((e) => !isWeb(e));
    if (notWeb) {
      return nonCompliant(
        `ingress from the internet is open on ${describe(notWeb)}${together(notWeb)}`,
        "open only TCP 80 and 443 to 0.0.0.0/0; reach hosts through Session Manager instead of SSH or RDP, and allow " +
          "other tiers from the entry point's security group",
      );
    }
    const possible = exposuresOf(peers)
      .filter((e) => !isWeb(e))
      .flatMap((e) => e.permissions)
      .find((p) => p.block === block && p.computed);
    const computed = (unverifiable ?? possible)?.computed;
    if (computed) return cannotVerify(RULE_ID, computed.argument, computed.value, computed.literal);
    if (exposures.length === 0) return COMPLIANT;
    const securityGroup =
      block.type === "aws_security_group"
        ? block
        : context.stack.referencedResource(block.config.security_group_id, ["aws_security_group"]);
    const fix =
      `open 80/443 to the internet only on the ${entryPointName(context)}'s security group, created in the same stack ` +
      "as the entry point, and allow other resources from that security group";
    // A group created elsewhere (a literal ID, an upstream stack's output) may be worn by anything.
    if (!securityGroup) {
      return nonCompliant(
        `${describe(exposures[0])} is open to the internet on ${JSON.stringify(block.config.security_group_id)}, a ` +
          `security group not created in this stack, so nothing shows that only the ${entryPointName(context)} uses it`,
        fix,
      );
    }
    const users = securityGroupAttachments(context.stack, securityGroup);
    const allowed = entryPointTypes(context);
    const misplaced = users.find((user) => !allowed.includes(user.type));
    if (misplaced) {
      return nonCompliant(
        `the security group is open to the internet on ${describe(exposures[0])} and is used by ${misplaced.address}, ` +
          "which is not the entry point",
        fix,
      );
    }
    if (users.length === 0) {
      return nonCompliant(
        `the security group is open to the internet on ${describe(exposures[0])} and no ${entryPointName(context)} in ` +
          "this stack uses it, so nothing shows which resource will wear it",
        fix,
      );
    }
    return COMPLIANT;
  },
};

/** The security group a block's ingress lands on: the group's address, or the rule's `security_group_id` as written. */
function groupOf(block: TerraformBlock, stack: SynthesizedStack): string {
  if (block.type === "aws_security_group") return block.address;
  const target = stack.referencedResource(block.config.security_group_id, ["aws_security_group"]);
  return target?.address ?? String(block.config.security_group_id);
}

function permissionsOf(block: TerraformBlock, stack: SynthesizedStack): Permission[] {
  const c = block.config;
  if (block.type === "aws_security_group") {
    const inline = nestedBlocksArg(c, "ingress");
    if (inline === "expression") {
      const value = c.ingress ?? c.dynamic;
      const computed = { argument: "ingress", value, literal: "ingress blocks" };
      return [{ block, protocol: "all", ports: ALL_PORTS, sources: [], computed, computedSource: true }];
    }
    return inline.map((rule, i) =>
      permission(block, stack, `ingress[${i}].`, rule.protocol, rule.from_port, rule.to_port, {
        cidr_blocks: rule.cidr_blocks,
        ipv6_cidr_blocks: rule.ipv6_cidr_blocks,
      }),
    );
  }
  if (block.type === "aws_security_group_rule") {
    if (c.type !== "ingress") return [];
    return [
      permission(block, stack, "", c.protocol, c.from_port, c.to_port, {
        cidr_blocks: c.cidr_blocks,
        ipv6_cidr_blocks: c.ipv6_cidr_blocks,
      }),
    ];
  }
  return [
    permission(block, stack, "", c.ip_protocol, c.from_port, c.to_port, {
      cidr_ipv4: c.cidr_ipv4,
      cidr_ipv6: c.cidr_ipv6,
    }),
  ];
}

function permission(
  block: TerraformBlock,
  stack: SynthesizedStack,
  path: string,
  protocolValue: unknown,
  fromValue: unknown,
  toValue: unknown,
  sourceArguments: Readonly<Record<string, unknown>>,
): Permission {
  let computed: Permission["computed"];
  const sources: CidrRange[] = [];
  for (const [argument, value] of Object.entries(sourceArguments)) {
    for (const source of stringList(value)) {
      const range = parseCidr(source);
      if (range) sources.push(range);
      else if (source.includes("${") && !isBounded(source, stack)) {
        computed ??= { argument: path + argument, value: source, literal: "a CIDR block" };
      }
    }
  }
  const computedSource = computed !== undefined;
  const protocol = normaliseProtocol(protocolValue);
  const from = numberArg(fromValue);
  const to = numberArg(toValue);
  if (protocol === "unknown") computed ??= { argument: `${path}protocol`, value: protocolValue, literal: '"tcp"' };
  else if (from.state === "unresolved") computed ??= { argument: `${path}from_port`, value: fromValue, literal: "443" };
  else if (to.state === "unresolved") computed ??= { argument: `${path}to_port`, value: toValue, literal: "443" };
  // A port or protocol Terraform computes may be any: the permission is judged as if it opened every port.
  const ported = (protocol === "tcp" || protocol === "udp") && from.state === "set" && to.state === "set";
  const ports = ported ? { from: from.value, to: to.value } : ALL_PORTS;
  return { block, protocol: computed && !ported ? "all" : protocol, ports, sources, computed, computedSource };
}

/**
 * True for a computed source whose width AWS bounds: a VPC's or subnet's CIDR (at most a /16, IPv6 a /56), in this
 * stack or an upstream stack's output, or a reference with a literal host prefix (`${aws_eip.Ip.public_ip}/32`).
 */
function isBounded(source: string, stack: SynthesizedStack): boolean {
  if (!isReference(source)) return false;
  if (/\/(32|128)$/.test(source)) return true;
  const local = stack.referencedResource(source, ["aws_vpc", "aws_subnet"]);
  if (local && /\.(ipv6_)?cidr_block\}$/.test(source)) return true;
  return /^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-aws_(vpc|subnet)[A-Za-z0-9_]*(ipv6_)?cidr_block\}$/.test(
    source,
  );
}

function normaliseProtocol(value: unknown): string {
  if (value === undefined || value === null) return "all";
  if (typeof value !== "string" && typeof value !== "number") return "unknown";
  const text = String(value).toLowerCase();
  if (text.includes("${")) return "unknown";
  return { "-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" }[text] ?? text;
}

/** The ports each protocol opens to the internet, split where the permissions' port ranges begin and end. */
function exposuresOf(permissions: readonly Permission[]): Exposure[] {
  const withSources = permissions.filter((p) => p.sources.length > 0);
  const protocols = [...new Set(withSources.map((p) => p.protocol))];
  const exposures: Exposure[] = [];
  for (const protocol of protocols) {
    const applicable = withSources.filter((p) => p.protocol === protocol || p.protocol === "all");
    const ported = protocol === "tcp" || protocol === "udp";
    const bounds = ported
      ? [...new Set(applicable.flatMap((p) => [p.ports.from, p.ports.to + 1]))].sort((a, b) => a - b)
      : [ALL_PORTS.from, ALL_PORTS.to + 1];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [from, to] = [bounds[i], bounds[i + 1] - 1];
      const covering = applicable.filter((p) => !ported || (p.ports.from <= from && p.ports.to >= to));
      if (covering.length > 0 && coversWorld(covering.flatMap((p) => p.sources))) {
        exposures.push({ protocol, from, to, permissions: covering });
      }
    }
  }
  return exposures;
}

function isWeb(exposure: Exposure): boolean {
  return exposure.protocol === "tcp" && exposure.from === exposure.to && WEB_PORTS.includes(exposure.from);
}

function describe(exposure: Exposure): string {
  if (exposure.protocol === "all") return "all ports and protocols";
  const ports =
    exposure.protocol !== "tcp" && exposure.protocol !== "udp"
      ? ""
      : exposure.from === exposure.to
        ? ` port ${exposure.from}`
        : ` ports ${exposure.from}-${exposure.to}`;
  return `${exposure.protocol.toUpperCase()}${ports}`;
}

function together(exposure: Exposure): string {
  const sources = [...new Set(exposure.permissions.flatMap((p) => p.sources.map((s) => s.text)))];
  if (sources.length < 2 && sources.every((s) => ["0.0.0.0/0", "::/0"].includes(s))) return "";
  const blocks = [...new Set(exposure.permissions.map((p) => p.block.address))];
  const listed =
    sources.length > 4 ? `${sources.slice(0, 4).join(", ")} and ${sources.length - 4} more` : sources.join(", ");
  return ` (together: ${listed}, from ${blocks.join(", ")})`;
}

function entryPointTypes(context: RuleContext): string[] {
  switch (context.environment.capabilities.ingress.kind) {
    // The host may wear the group on the instance, its launch template or its network interface.
    case "host":
      return ["aws_instance", "aws_launch_template", "aws_network_interface", ...LOAD_BALANCER_TYPES];
    case "load-balancer":
      return [...LOAD_BALANCER_TYPES];
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
