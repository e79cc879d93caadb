import { CidrRange, parseCidr } from "../cidr";
import { SynthesizedStack } from "../synthesized-stack";
import {
  COMPLIANT,
  GuardrailRule,
  NOT_APPLICABLE,
  TerraformBlock,
  Verdict,
  cannotVerify,
  nonCompliant,
} from "../types";
import { isComputed, nestedBlock, nestedBlocksArg, numberArg, stringArg, stringList } from "../values";

const RULE_ID = "HTTPS-IN-PRODUCTION";
const HTTP_PORT = 80;
const HTTPS_PORT = 443;

/** One ingress permission as this rule needs it: which TCP ports it opens, from which literal CIDR blocks. */
interface Permission {
  /** The TCP ports opened, or `undefined` when the permission opens no TCP port. */
  readonly ports?: { readonly from: number; readonly to: number };
  readonly sources: readonly CidrRange[];
  /** The first argument written as an expression, with the literal the rule wants instead. */
  readonly computed?: { readonly argument: string; readonly value: unknown; readonly literal: string };
  /** True when a source is computed: it may be the clients whatever the literal sources are. */
  readonly computedSource?: boolean;
}

/** True when what only Terraform knows may concern clients: a computed source, or computed ports from CIDRs. */
function unverifiable(permission: Permission): boolean {
  return permission.computed !== undefined && (permission.computedSource === true || permission.sources.length > 0);
}

const FIX =
  "set dns.domainName: the host then serves HTTPS on 443 with certificates it renews itself, and port 80 only " +
  "redirects (docs/phase1.md, HTTPS). Until the environment has a domain, acknowledge HTTPS-IN-PRODUCTION in its " +
  "guardrails.acknowledgements with the reason, so the report shows that production serves plain HTTP";

/**
 * Production serves HTTPS: wherever it accepts HTTP from clients, it accepts HTTPS from the same clients, and an
 * HTTP listener of a load balancer only redirects to HTTPS.
 *
 * On security groups the rule sees ports, not what answers on them: a group that opens TCP 80 to CIDR blocks must
 * open TCP 443 to blocks covering the same addresses, which is what the Phase 1 host does when it terminates TLS
 * (its proxy answers 80 with a redirect) and what a load balancer's group does. A group that opens 80 alone is
 * plain HTTP. Sources that are security groups or prefix lists are other tiers, not clients, and are not judged.
 */
export const productionServesHttps: GuardrailRule = {
  id: RULE_ID,
  description:
    "In production, a security group that opens TCP 80 to CIDR blocks also opens TCP 443 to the same addresses, and " +
    "a load balancer's HTTP listener redirects to HTTPS; plain HTTP in production is an acknowledgement with a reason.",
  equivalents: { checkov: ["CKV_AWS_2", "CKV2_AWS_20"], fsbp: ["ELB.1"] },
  appliesTo: [
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_lb_listener",
  ],
  check(block, { environment, stack }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    return block.type === "aws_lb_listener" ? checkListener(block) : checkIngress(block, stack);
  },
};

function checkListener(listener: TerraformBlock): Verdict {
  const protocol = stringArg(listener.config.protocol);
  if (protocol.state === "unresolved") return cannotVerify(RULE_ID, "protocol", listener.config.protocol, '"HTTPS"');
  // An Application Load Balancer's listener speaks HTTP when no protocol is set.
  const spoken = protocol.state === "set" ? protocol.value.toUpperCase() : "HTTP";
  if (spoken === "HTTPS") return COMPLIANT;
  if (spoken !== "HTTP") return NOT_APPLICABLE;
  const actions = nestedBlocksArg(listener.config, "default_action");
  if (actions === "expression") {
    return cannotVerify(RULE_ID, "default_action", listener.config.default_action, "a redirect block");
  }
  const redirect = actions.find((a) => a.type === "redirect");
  const target = nestedBlock(redirect?.redirect)?.protocol;
  if (redirect && isComputed(target))
    return cannotVerify(RULE_ID, "default_action.redirect.protocol", target, '"HTTPS"');
  if (typeof target === "string" && target.toUpperCase() === "HTTPS") return COMPLIANT;
  return nonCompliant(
    "the HTTP listener answers with plain HTTP instead of redirecting to HTTPS",
    'make its default action a redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }, as ' +
      "modules/load-balancer does, or acknowledge HTTPS-IN-PRODUCTION on the listener with the reason",
  );
}

function checkIngress(block: TerraformBlock, stack: SynthesizedStack): Verdict {
  const own = permissionsOf(block);
  const computed = own.find(unverifiable)?.computed;
  if (computed) return cannotVerify(RULE_ID, computed.argument, computed.value, computed.literal);
  const http = own.filter((p) => opens(p, HTTP_PORT) && p.sources.length > 0);
  if (http.length === 0) return NOT_APPLICABLE;
  const group = groupOf(block, stack);
  const peers = stack
    .all()
    .filter((b) => INGRESS_TYPES.includes(b.type) && groupOf(b, stack) === group)
    .flatMap(permissionsOf);
  const peerComputed = peers.find(unverifiable)?.computed;
  const https = peers.filter((p) => opens(p, HTTPS_PORT));
  const plain = http
    .flatMap((p) => p.sources)
    .filter((source) => !https.some((p) => p.sources.some((s) => covers(s, source))));
  if (plain.length === 0) return COMPLIANT;
  // A peer whose port or source only Terraform knows may be the missing 443.
  if (peerComputed) return cannotVerify(RULE_ID, peerComputed.argument, peerComputed.value, peerComputed.literal);
  return nonCompliant(
    `production serves plain HTTP: TCP ${HTTP_PORT} is open to ${[...new Set(plain.map((s) => s.text))].join(", ")} ` +
      `and TCP ${HTTPS_PORT} is not, so nothing serves HTTPS to them`,
    FIX,
  );
}

const INGRESS_TYPES = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

/** The security group a block's ingress lands on: the group's address, or the rule's `security_group_id` as written. */
function groupOf(block: TerraformBlock, stack: SynthesizedStack): string {
  if (block.type === "aws_security_group") return block.address;
  const target = stack.referencedResource(block.config.security_group_id, ["aws_security_group"]);
  return target?.address ?? String(block.config.security_group_id);
}

function permissionsOf(block: TerraformBlock): Permission[] {
  const c = block.config;
  if (block.type === "aws_security_group") {
    const inline = nestedBlocksArg(c, "ingress");
    if (inline === "expression") {
      const computed = { argument: "ingress", value: c.ingress ?? c.dynamic, literal: "ingress blocks" };
      return [{ sources: [], computed, computedSource: true }];
    }
    return inline.map((rule, i) =>
      permission(`ingress[${i}].`, rule.protocol, rule.from_port, rule.to_port, [
        rule.cidr_blocks,
        rule.ipv6_cidr_blocks,
      ]),
    );
  }
  if (block.type === "aws_security_group_rule") {
    if (c.type !== "ingress") return [];
    return [permission("", c.protocol, c.from_port, c.to_port, [c.cidr_blocks, c.ipv6_cidr_blocks])];
  }
  return [permission("", c.ip_protocol, c.from_port, c.to_port, [c.cidr_ipv4, c.cidr_ipv6])];
}

function permission(
  path: string,
  protocolValue: unknown,
  fromValue: unknown,
  toValue: unknown,
  sourceValues: readonly unknown[],
): Permission {
  const sources: CidrRange[] = [];
  let computed: Permission["computed"];
  for (const source of sourceValues.flatMap(stringList)) {
    const range = parseCidr(source);
    if (range) sources.push(range);
    // A reference names another resource's address (a VPC's CIDR): a tier inside, not the clients.
    else if (isComputed(source)) computed ??= { argument: `${path}cidr`, value: source, literal: "a CIDR block" };
  }
  const computedSource = computed !== undefined;
  const protocol = String(protocolValue ?? "-1").toLowerCase();
  if (isComputed(protocolValue)) computed ??= { argument: `${path}protocol`, value: protocolValue, literal: '"tcp"' };
  if (protocol === "-1" || protocol === "all")
    return { ports: { from: 0, to: 65535 }, sources, computed, computedSource };
  if (protocol !== "tcp" && protocol !== "6") return { sources, computed, computedSource };
  const from = numberArg(fromValue);
  const to = numberArg(toValue);
  if (from.state === "unresolved") computed ??= { argument: `${path}from_port`, value: fromValue, literal: "443" };
  if (to.state === "unresolved") computed ??= { argument: `${path}to_port`, value: toValue, literal: "443" };
  if (from.state !== "set" || to.state !== "set") return { sources, computed, computedSource };
  return { ports: { from: from.value, to: to.value }, sources, computed, computedSource };
}

function opens(permission: Permission, port: number): boolean {
  return permission.ports !== undefined && permission.ports.from <= port && port <= permission.ports.to;
}

function covers(outer: CidrRange, inner: CidrRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}
