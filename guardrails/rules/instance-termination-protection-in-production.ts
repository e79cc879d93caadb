import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, readTrue } from "../values";

/**
 * A production instance that is not in an Auto Scaling group cannot be terminated by a stray API call or console
 * click. (Auto Scaling ignores termination protection, so groups are not concerned.)
 */
export const instanceTerminationProtectionInProduction: GuardrailRule = {
  id: "EC2-TERMINATION-PROTECTION",
  description:
    "In production, standalone EC2 instances set disable_api_termination = true (or are launched from a launch " +
    "template of the same stack that does).",
  equivalents: { cdkNag: ["AwsSolutions-EC29"] },
  appliesTo: ["aws_instance"],
  check(instance, { environment, stack }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    let argument = "disable_api_termination";
    let value = instance.config.disable_api_termination;
    if ((value === undefined || value === null) && launchedFromTemplate(instance)) {
      // Unset on the instance, the template's setting applies.
      const reference = nestedBlock(instance.config.launch_template);
      const template = stack.referencedResource(reference?.id ?? reference?.name, ["aws_launch_template"]);
      if (template !== undefined) {
        argument = `${template.address} disable_api_termination`;
        value = template.config.disable_api_termination;
      }
    }
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, argument, value, "true");
    return nonCompliant(
      "the production instance can be terminated through the API (disable_api_termination is off)",
      "set disable_api_termination = true (compute.enableTerminationProtection, on by default in production); " +
        "turn it off in its own apply before a planned replacement, with EC2-TERMINATION-PROTECTION acknowledged " +
        "in the environment's guardrails and the reason",
    );
  },
};
