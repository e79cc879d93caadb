import { LISTENER_TYPES } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { stringArg } from "../values";

/**
 * Policies that offer TLS 1.3 and refuse anything below TLS 1.2: `ELBSecurityPolicy-TLS13-1-2-*` (the console's
 * default, `ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`, among them) and `ELBSecurityPolicy-TLS13-1-3-*`, FIPS and
 * post-quantum variants included.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
const CURRENT_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-/;

/** Clients connect with TLS 1.2 or 1.3 only: TLS 1.0 and 1.1 are broken and no current browser needs them. */
export const lbListenerTlsPolicyCurrent: GuardrailRule = {
  id: "LB-LISTENER-TLS-POLICY",
  description:
    "HTTPS and TLS listeners set ssl_policy to a current policy, ELBSecurityPolicy-TLS13-1-2-* or " +
    "ELBSecurityPolicy-TLS13-1-3-* (TLS 1.3 offered, nothing below TLS 1.2).",
  equivalents: { checkov: ["CKV_AWS_103"], fsbp: ["ELB.17"] },
  appliesTo: LISTENER_TYPES,
  check(listener) {
    const protocol = stringArg(listener.config.protocol);
    if (protocol.state === "unresolved") return cannotVerify(this.id, "protocol", listener.config.protocol, '"HTTPS"');
    if (protocol.state !== "set" || !["HTTPS", "TLS"].includes(protocol.value.toUpperCase())) return NOT_APPLICABLE;
    const value = listener.config.ssl_policy;
    const policy = stringArg(value);
    if (policy.state === "unresolved") {
      return cannotVerify(this.id, "ssl_policy", value, '"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"');
    }
    if (policy.state === "set" && CURRENT_POLICY.test(policy.value)) return COMPLIANT;
    return nonCompliant(
      policy.state === "set"
        ? `ssl_policy is ${policy.value}, which is not a current TLS 1.3 policy (it may accept TLS 1.0 or 1.1, or lack TLS 1.3)`
        : "ssl_policy is not set, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0",
      'set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" (the console default) or another ' +
        "ELBSecurityPolicy-TLS13-1-2-* / -TLS13-1-3-* policy",
    );
  },
};
