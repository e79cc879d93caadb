import { LOAD_BALANCER_TYPES } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/**
 * The production load balancer, whose DNS name the site's record aliases, cannot be deleted by a stray
 * `terraform destroy` or a replacement: a new one has a new name, and the site is down until the record follows.
 */
export const lbDeletionProtectionInProduction: GuardrailRule = {
  id: "LB-DELETION-PROTECTION",
  description: "In the production environment, load balancers set enable_deletion_protection = true.",
  equivalents: { checkov: ["CKV_AWS_150"], fsbp: ["ELB.6"] },
  appliesTo: LOAD_BALANCER_TYPES,
  check(lb, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const value = lb.config.enable_deletion_protection;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "enable_deletion_protection", value, "true");
    return nonCompliant(
      "the production load balancer can be deleted (enable_deletion_protection is off, the default)",
      "set enable_deletion_protection = true; turn it off in a separate apply before an intended deletion",
    );
  },
};
