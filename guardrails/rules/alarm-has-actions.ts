import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { booleanArg, isComputed, readTrue, stringList } from "../values";

/** An alarm reaches someone (or something) when it fires; a silent alarm is only a graph. */
export const alarmHasActions: GuardrailRule = {
  id: "ALARM-ACTIONS",
  description:
    "CloudWatch alarms keep actions enabled and have at least one alarm action (an SNS topic, EC2 recovery, ...).",
  equivalents: { checkov: ["CKV_AWS_319"] },
  appliesTo: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
  check(alarm) {
    const enabled = alarm.config.actions_enabled;
    if (readTrue(enabled) === "expression") return cannotVerify(this.id, "actions_enabled", enabled, "true");
    if (booleanArg(enabled).state === "set" && readTrue(enabled) === "not-true") {
      return nonCompliant(
        "the alarm's actions are disabled (actions_enabled = false)",
        "remove actions_enabled = false",
      );
    }
    // Each action is an ARN written literally or a reference to the topic (or an upstream stack's output).
    const raw = alarm.config.alarm_actions;
    const computed = typeof raw === "string" ? raw : stringList(raw).find(isComputed);
    if (computed !== undefined) return cannotVerify(this.id, "alarm_actions", computed, "[the topic's ARN]");
    if (stringList(raw).length > 0) return COMPLIANT;
    return nonCompliant(
      "the alarm has no alarm_actions, so nobody is told when it fires",
      "set alarm_actions to the environment's alarm SNS topic (and to arn:aws:automate:<region>:ec2:recover for " +
        "status-check recovery)",
    );
  },
};
