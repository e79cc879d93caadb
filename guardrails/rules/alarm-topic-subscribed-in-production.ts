import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from "../types";

/**
 * In production, a topic that alarms notify has a subscriber: alarm actions that point at a topic nobody reads
 * satisfy every "alarm has actions" check and still reach no one.
 */
export const alarmTopicSubscribedInProduction: GuardrailRule = {
  id: "ALARM-SUBSCRIBED",
  description:
    "In production, every SNS topic that alarms notify has at least one aws_sns_topic_subscription (an e-mail " +
    "address from monitoring.alarmEmails, or another endpoint).",
  equivalents: {},
  appliesTo: ["aws_sns_topic"],
  check(topic, { environment, stack }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const notifiedBy = stack.referencing("aws_cloudwatch_metric_alarm", topic);
    if (notifiedBy.length === 0) return NOT_APPLICABLE;
    const subscriptions = stack.referencing("aws_sns_topic_subscription", topic);
    if (subscriptions.length > 0) return COMPLIANT;
    return nonCompliant(
      `${notifiedBy.length} alarm(s) notify this topic, and nobody is subscribed to it`,
      "list the on-call addresses in monitoring.alarmEmails; if a chat integration or another tool subscribes " +
        "outside this project, acknowledge ALARM-SUBSCRIBED in the environment's guardrails with that reason",
    );
  },
};
