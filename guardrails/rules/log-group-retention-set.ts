import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { numberArg } from "../values";

/** Logs expire on a schedule someone chose, instead of being kept (and billed) forever. */
export const logGroupRetentionSet: GuardrailRule = {
  id: "LOGS-RETENTION",
  description: "CloudWatch log groups set retention_in_days to a positive value (0 or unset keeps logs forever).",
  equivalents: { checkov: ["CKV_AWS_66"] },
  appliesTo: ["aws_cloudwatch_log_group"],
  check(group) {
    const days = numberArg(group.config.retention_in_days);
    if (days.state === "unresolved")
      return cannotVerify(this.id, "retention_in_days", group.config.retention_in_days, "30");
    if (days.state === "set" && days.value > 0) return COMPLIANT;
    return nonCompliant(
      "the log group keeps its events forever, and storage is billed for every month they stay",
      "set retention_in_days, for example 30 for application logs",
    );
  },
};
