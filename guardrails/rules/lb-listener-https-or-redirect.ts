import { LISTENER_TYPES, listenerRulesOf, loadBalancerKind, loadBalancerOf } from "../relations";
import {
  COMPLIANT,
  GuardrailRule,
  NOT_APPLICABLE,
  TerraformBlock,
  Verdict,
  cannotVerify,
  nonCompliant,
} from "../types";
import { nestedBlock, nestedBlocksArg, stringArg } from "../values";

const RULE_ID = "LB-LISTENER-HTTPS";

// Protocols of Network and Gateway Load Balancer listeners: TLS is judged by LB-LISTENER-TLS-POLICY, the others
// carry no HTTP.
const NON_HTTP_PROTOCOLS = ["TCP", "UDP", "TCP_UDP", "TLS", "GENEVE", "QUIC", "TCP_QUIC"];

/**
 * Nothing is served over plain HTTP: a listener is HTTPS, or an HTTP listener whose every action (its default and
 * those of the listener rules attached to it) redirects to HTTPS.
 */
export const lbListenerHttpsOrRedirect: GuardrailRule = {
  id: RULE_ID,
  description:
    'Application Load Balancer listeners use protocol = "HTTPS", or are HTTP listeners whose default action and ' +
    'every action of their listener rules redirect with protocol = "HTTPS".',
  equivalents: { checkov: ["CKV_AWS_2", "CKV2_AWS_20"], fsbp: ["ELB.1"] },
  appliesTo: LISTENER_TYPES,
  check(listener, { stack }) {
    const lb = loadBalancerOf(stack, listener);
    if (lb && !["application", "expression"].includes(loadBalancerKind(lb))) return NOT_APPLICABLE;
    const protocol = stringArg(listener.config.protocol);
    if (protocol.state === "unresolved") return cannotVerify(RULE_ID, "protocol", listener.config.protocol, '"HTTPS"');
    // AWS gives an Application Load Balancer listener without a protocol HTTP.
    const name = protocol.state === "set" ? protocol.value.toUpperCase() : "HTTP";
    if (name === "HTTPS") return COMPLIANT;
    if (NON_HTTP_PROTOCOLS.includes(name)) return NOT_APPLICABLE;
    const own = judgeActions(listener, "default_action");
    if (own) return own;
    for (const rule of listenerRulesOf(stack, listener)) {
      const verdict = judgeActions(rule, "action");
      if (verdict) return verdict;
    }
    return COMPLIANT;
  },
};

/** The first action of `block` that does not redirect to HTTPS, as a verdict; `undefined` when they all do. */
function judgeActions(block: TerraformBlock, argument: string): Verdict | undefined {
  const where = block.type.endsWith("_listener_rule") ? `${block.address} ${argument}` : argument;
  const actions = nestedBlocksArg(block.config, argument);
  if (actions === "expression") {
    const value = block.config[argument] ?? block.config.dynamic;
    return cannotVerify(RULE_ID, where, value, `${argument} { type = "redirect", redirect { protocol = "HTTPS" } }`);
  }
  if (actions.length === 0) return nonCompliant(`the HTTP listener has no ${where}`, fix());
  for (const [i, action] of actions.entries()) {
    const type = stringArg(action.type);
    if (type.state === "unresolved") return cannotVerify(RULE_ID, `${where}[${i}].type`, action.type, '"redirect"');
    // Authentication runs before the action that answers; it answers nothing itself.
    if (type.state === "set" && type.value.startsWith("authenticate-")) continue;
    if (type.state !== "set" || type.value !== "redirect") {
      return nonCompliant(
        `${where}[${i}] of the HTTP listener is ${type.state === "set" ? `"${type.value}"` : "untyped"}, so it ` +
          "answers over plain HTTP",
        fix(),
      );
    }
    const redirect = nestedBlock(action.redirect) ?? {};
    const target = stringArg(redirect.protocol);
    if (target.state === "unresolved") {
      return cannotVerify(RULE_ID, `${where}[${i}].redirect.protocol`, redirect.protocol, '"HTTPS"');
    }
    if (target.state !== "set" || target.value.toUpperCase() !== "HTTPS") {
      return nonCompliant(
        `${where}[${i}] of the HTTP listener redirects to ${target.state === "set" ? target.value : "the same protocol (#{protocol})"}, not to HTTPS`,
        fix(),
      );
    }
  }
  return undefined;
}

function fix(): string {
  return (
    'answer HTTP only with default_action { type = "redirect", redirect { protocol = "HTTPS", port = "443", ' +
    'status_code = "HTTP_301" } } and attach no forwarding listener rule to it; serve the site on an HTTPS listener'
  );
}
