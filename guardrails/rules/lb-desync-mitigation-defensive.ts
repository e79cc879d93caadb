import { LOAD_BALANCER_TYPES, loadBalancerKind } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { stringArg } from "../values";

const SAFE_MODES = ["defensive", "strictest"];

/**
 * The load balancer blocks or normalises ambiguous requests (HTTP desync, request smuggling) instead of only
 * recording them.
 */
export const lbDesyncMitigationDefensive: GuardrailRule = {
  id: "LB-DESYNC-MITIGATION",
  description:
    'Application Load Balancers set desync_mitigation_mode to "defensive" or "strictest" (unset means the ' +
    'provider\'s default, "defensive"), never "monitor".',
  equivalents: { checkov: ["CKV_AWS_328"], fsbp: ["ELB.12"] },
  appliesTo: LOAD_BALANCER_TYPES,
  check(lb) {
    const kind = loadBalancerKind(lb);
    if (kind === "expression") {
      return cannotVerify(this.id, "load_balancer_type", lb.config.load_balancer_type, '"application"');
    }
    if (kind !== "application") return NOT_APPLICABLE;
    const value = lb.config.desync_mitigation_mode;
    const mode = stringArg(value);
    if (mode.state === "unresolved") return cannotVerify(this.id, "desync_mitigation_mode", value, '"defensive"');
    if (mode.state === "unset" || SAFE_MODES.includes(mode.value)) return COMPLIANT;
    return nonCompliant(
      `desync_mitigation_mode is "${mode.value}", so requests that can desynchronise the load balancer and the ` +
        "application pass through",
      'set desync_mitigation_mode = "defensive" (or "strictest" when every client sends RFC 7230-compliant requests)',
    );
  },
};
