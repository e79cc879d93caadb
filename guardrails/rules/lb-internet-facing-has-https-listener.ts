import { LOAD_BALANCER_TYPES, listenersOf, loadBalancerKind } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue, stringArg } from "../values";

/**
 * A load balancer the internet can reach serves HTTPS: an internet-facing Application Load Balancer has an HTTPS
 * listener in its own stack (LB-LISTENER-HTTPS then makes every other listener redirect to it).
 */
export const lbInternetFacingHasHttpsListener: GuardrailRule = {
  id: "LB-INTERNET-FACING-HTTPS",
  description:
    "An internet-facing Application Load Balancer (internal unset or false) has an HTTPS listener in the same stack.",
  equivalents: {},
  appliesTo: LOAD_BALANCER_TYPES,
  check(lb, { stack }) {
    const kind = loadBalancerKind(lb);
    if (kind === "expression") {
      return cannotVerify(this.id, "load_balancer_type", lb.config.load_balancer_type, '"application"');
    }
    if (kind !== "application") return NOT_APPLICABLE;
    const internal = readTrue(lb.config.internal);
    if (internal === "expression") return cannotVerify(this.id, "internal", lb.config.internal, "false");
    if (internal === "true") return NOT_APPLICABLE;
    const listeners = listenersOf(stack, lb);
    const protocols = listeners.map((listener) => stringArg(listener.config.protocol));
    if (protocols.some((p) => p.state === "set" && p.value.toUpperCase() === "HTTPS")) return COMPLIANT;
    const computed = listeners.find((_, i) => protocols[i].state === "unresolved");
    if (computed) return cannotVerify(this.id, `${computed.address} protocol`, computed.config.protocol, '"HTTPS"');
    return nonCompliant(
      listeners.length === 0
        ? "the load balancer is internet-facing and has no listener in this stack, so nothing shows it serves HTTPS"
        : `the load balancer is internet-facing and none of its listeners (${listeners.map((l) => l.address).join(", ")}) is HTTPS`,
      'add an aws_lb_listener with protocol = "HTTPS", a current ssl_policy and an ACM certificate in the same stack, ' +
        "or set internal = true",
    );
  },
};
