import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { isExplicitlyFalse, stringList } from "../values";

/** An alarm reaches someone (or something) when it fires; a silent alarm is only a graph. */
export const alarmHasActions: GuardrailRule = {
  id: "ALARM-ACTIONS",
  description:
    "CloudWatch alarms keep actions enabled and have at least one alarm action (an SNS topic, EC2 recovery, ...).",
  equivalents: { checkov: ["CKV_AWS_319"] },
  appliesTo: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
  check(alarm) {
    if (isExplicitlyFalse(alarm.config.actions_enabled)) {
      return nonCompliant(
        "the alarm's actions are disabled (actions_enabled = false)",
        "remove actions_enabled = false",
      );
    }
    const raw = alarm.config.alarm_actions;
    if (isUnresolved(raw) || stringList(raw).length > 0) return COMPLIANT;
    return nonCompliant(
      "the alarm has no alarm_actions, so nobody is told when it fires",
      "set alarm_actions to the environment's alarm SNS topic (and to arn:aws:automate:<region>:ec2:recover for " +
        "status-check recovery)",
    );
  },
};
