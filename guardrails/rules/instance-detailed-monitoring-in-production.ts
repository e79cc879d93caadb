import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, readTrue } from "../values";

/**
 * Production hosts publish one-minute metrics, so an alarm (CPU, and scaling in Phase 2) reacts within minutes
 * instead of a quarter of an hour; the cost, about USD 2.10 per instance per month, is production's only.
 */
export const instanceDetailedMonitoringInProduction: GuardrailRule = {
  id: "EC2-DETAILED-MONITORING",
  description:
    "In production, EC2 instances set monitoring = true and launch templates set monitoring { enabled = true } " +
    "(one-minute metrics); an instance launched from a template and leaving monitoring unset is judged on the template.",
  equivalents: { checkov: ["CKV_AWS_126"] },
  appliesTo: ["aws_instance", "aws_launch_template"],
  check(block, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const isTemplate = block.type === "aws_launch_template";
    if (!isTemplate && block.config.monitoring === undefined && launchedFromTemplate(block)) return NOT_APPLICABLE;
    const argument = isTemplate ? "monitoring.enabled" : "monitoring";
    const value = isTemplate ? nestedBlock(block.config.monitoring)?.enabled : block.config.monitoring;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, argument, value, "true");
    return nonCompliant(
      "the production host publishes five-minute metrics only, so its alarms see a problem up to fifteen minutes late",
      `set ${argument} = true (compute.enableDetailedMonitoring, about USD 2.10 per instance per month)`,
    );
  },
};
