import { SynthesizedStack } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringList } from "../values";

// arn:<partition>:sns:<region>:<account>:<topic name>, written literally.
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]{1,256}(\.fifo)?)$/;
// An existing topic looked up by name in the same stack.
const TOPIC_DATA_SOURCE = /^\$\{data\.aws_sns_topic\.[A-Za-z0-9_-]+\.arn\}$/;

/** Whether one alarm action reaches a person, and if not, why. */
type Reach = { readonly reaches: true } | { readonly reaches: false; readonly why: string };

/**
 * In production, every alarm reaches a person: at least one of its alarm actions is a topic of the same stack with
 * a subscription, or an existing topic named by ARN (monitoring.alarmTopicArns), whose subscribers are managed
 * where it lives. Alarm actions that point at a topic nobody reads, or only at EC2 recovery, satisfy every "alarm
 * has actions" check and still tell no one.
 */
export const alarmTopicSubscribedInProduction: GuardrailRule = {
  id: "ALARM-SUBSCRIBED",
  description:
    "In production, every CloudWatch alarm notifies at least one SNS topic that reaches a person: a topic of the " +
    "same stack with an aws_sns_topic_subscription (monitoring.alarmEmails), or an existing topic named by its " +
    "literal ARN (monitoring.alarmTopicArns) that is not a topic of the stack.",
  equivalents: {},
  appliesTo: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
  check(alarm, { environment, stack }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const raw = alarm.config.alarm_actions;
    const actions = stringList(raw);
    const reaches = actions.map((action) => reachOf(action, stack));
    if (reaches.some((r) => r.reaches)) return COMPLIANT;
    const computed = typeof raw === "string" ? raw : actions.find(isComputed);
    if (computed !== undefined) return cannotVerify(this.id, "alarm_actions", computed, "[the topic's ARN]");
    const why = reaches.flatMap((r) => (r.reaches ? [] : [r.why]));
    return nonCompliant(
      `no alarm action reaches a person${why.length > 0 ? `: ${why.join("; ")}` : " (the alarm has no actions)"}`,
      "list the on-call addresses in monitoring.alarmEmails, or an existing topic a chat channel or an incident " +
        "tool subscribes to in monitoring.alarmTopicArns; if a chat integration subscribes to the topic from " +
        "outside this project, acknowledge ALARM-SUBSCRIBED in the environment's guardrails with that reason",
    );
  },
};

function reachOf(action: string, stack: SynthesizedStack): Reach {
  const topic = stack.referencedResource(action, ["aws_sns_topic"]) ?? topicNamed(action, stack);
  if (topic !== undefined) {
    return stack.referencing("aws_sns_topic_subscription", topic).length > 0
      ? { reaches: true }
      : { reaches: false, why: `${topic.address} has no aws_sns_topic_subscription` };
  }
  if (SNS_TOPIC_ARN.test(action) || TOPIC_DATA_SOURCE.test(action)) return { reaches: true };
  if (isComputed(action)) return { reaches: false, why: `${action} is a Terraform expression` };
  if (action.includes("${")) {
    return { reaches: false, why: `${action} is a topic of another stack, whose subscriptions this rule cannot see` };
  }
  return { reaches: false, why: `${action} is not an SNS topic` };
}

// A literal ARN that names a topic of this stack is that topic: listing the project's own topic by ARN does not
// add a subscriber.
function topicNamed(action: string, stack: SynthesizedStack): TerraformBlock | undefined {
  const name = SNS_TOPIC_ARN.exec(action)?.[1];
  if (name === undefined) return undefined;
  return stack.resources("aws_sns_topic").find((topic) => topic.config.name === name);
}
