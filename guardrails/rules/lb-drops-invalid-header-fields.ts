import { LOAD_BALANCER_TYPES, loadBalancerKind } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/**
 * The load balancer drops requests' header fields whose names are not valid HTTP, instead of passing them to the
 * application, where a lenient parser may read them differently (request smuggling, header injection).
 */
export const lbDropsInvalidHeaderFields: GuardrailRule = {
  id: "LB-DROP-INVALID-HEADERS",
  description: "Application Load Balancers set drop_invalid_header_fields = true.",
  equivalents: { checkov: ["CKV_AWS_131"], fsbp: ["ELB.4"] },
  appliesTo: LOAD_BALANCER_TYPES,
  check(lb) {
    const kind = loadBalancerKind(lb);
    if (kind === "expression") {
      return cannotVerify(this.id, "load_balancer_type", lb.config.load_balancer_type, '"application"');
    }
    if (kind !== "application") return NOT_APPLICABLE;
    const value = lb.config.drop_invalid_header_fields;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "drop_invalid_header_fields", value, "true");
    return nonCompliant(
      "header fields with invalid names reach the application (drop_invalid_header_fields is off, the default)",
      "set drop_invalid_header_fields = true",
    );
  },
};
