import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { AlarmTiming } from "../../config/monitoring";

/** CloudWatch's comparison operators, as the alarm API spells them. */
export type ComparisonOperator =
  "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";

/**
 * What an alarm does when a period has no data.
 *
 * `missing` keeps the current state (and goes to INSUFFICIENT_DATA when every evaluated period is missing),
 * `notBreaching` treats the gap as good, `breaching` as bad, `ignore` waits for the next datapoint.
 */
export type TreatMissingData = "missing" | "notBreaching" | "breaching" | "ignore";

/** A percentile statistic, for example `p95` (CloudWatch calls it an extended statistic). */
export type PercentileStatistic = `p${number}`;

/** One metric alarm of this project. */
export interface MetricAlarmSpec {
  /** Alarm name; starts with the environment's name prefix so the topic and key policies can match it. */
  readonly alarmName: string;
  /** What the alarm means and what to do first, shown in the notification. */
  readonly description: string;
  /** Metric namespace, for example `AWS/EC2`. */
  readonly namespace: string;
  /** Metric name, for example `CPUUtilization`. */
  readonly metricName: string;
  /**
   * Metric dimensions; exactly the set the metric is published with.
   * @default - none (metrics published without dimensions, such as metric filter counts)
   */
  readonly dimensions?: Record<string, string>;
  /** Statistic over one period; a percentile such as `p95` becomes the alarm's extended statistic. */
  readonly statistic: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount" | PercentileStatistic;
  /** Threshold, in the metric's unit. */
  readonly threshold: number;
  /** How the statistic is compared with the threshold. */
  readonly comparisonOperator: ComparisonOperator;
  /** Period, evaluation periods and datapoints to alarm. */
  readonly timing: AlarmTiming;
  /** What a period without data means for this alarm. */
  readonly treatMissingData: TreatMissingData;
  /** Actions on ALARM, besides the notification topic (for example the EC2 recover action). */
  readonly extraAlarmActions?: readonly string[];
  /**
   * Notify when the alarm goes to INSUFFICIENT_DATA.
   * @default false
   */
  readonly notifyOnInsufficientData?: boolean;
}

/**
 * Creates a metric alarm that notifies every topic of `topicArns` on ALARM and on OK, so every alarm both raises
 * and clears wherever it is heard.
 */
export function createMetricAlarm(
  scope: Construct,
  id: string,
  topicArns: readonly string[],
  spec: MetricAlarmSpec,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.alarmName,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    // CloudWatch takes either a statistic or an extended statistic (a percentile), never both.
    ...(isPercentile(spec.statistic) ? { extendedStatistic: spec.statistic } : { statistic: spec.statistic }),
    threshold: spec.threshold,
    comparisonOperator: spec.comparisonOperator,
    period: spec.timing.periodSec,
    evaluationPeriods: spec.timing.evaluationPeriods,
    datapointsToAlarm: spec.timing.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    actionsEnabled: true,
    alarmActions: [...(spec.extraAlarmActions ?? []), ...topicArns],
    okActions: [...topicArns],
    insufficientDataActions: spec.notifyOnInsufficientData ? [...topicArns] : undefined,
  });
}

function isPercentile(statistic: MetricAlarmSpec["statistic"]): statistic is PercentileStatistic {
  return /^p\d+(\.\d+)?$/.test(statistic);
}
