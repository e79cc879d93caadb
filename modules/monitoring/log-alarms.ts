import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { CountAlarmSettings, DEFAULT_ERROR_FILTER_PATTERN } from "../../config/monitoring";
import { createMetricAlarm } from "./alarm";

/** Name of the metric the error-line filter publishes. */
export const ERROR_LOG_METRIC_NAME = "ErrorLogLines";

/** Props of {@link LogAlarms}. */
export interface LogAlarmsProps {
  /** Prefix of the filter and alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Name of the application log group (may be a token), for example `/webapp/production/app`. */
  readonly logGroupName: string;
  /** Namespace of the error metric, for example `webapp/production`; must not start with `AWS/`. */
  readonly metricNamespace: string;
  /** ARNs of the topics notified on ALARM and OK: the environment's topic, then any configured existing topics. */
  readonly topicArns: readonly string[];
  /** Error alarm: more than `thresholdCount` error lines per period. */
  readonly errors: CountAlarmSettings;
  /**
   * Filter pattern selecting error lines.
   * @default DEFAULT_ERROR_FILTER_PATTERN
   */
  readonly errorFilterPattern?: string;
}

/**
 * The error-log alarm (M3): a metric filter counting error lines in the application log group, and an alarm
 * when more than the threshold arrive in one period.
 */
export class LogAlarms extends Construct {
  /** The metric filter. */
  readonly metricFilter: CloudwatchLogMetricFilter;
  /** The alarm. */
  readonly alarm: CloudwatchMetricAlarm;
  /** Namespace and name of the error metric, for dashboards. */
  readonly metric: { readonly namespace: string; readonly name: string };

  constructor(scope: Construct, id: string, props: LogAlarmsProps) {
    super(scope, id);
    this.metric = { namespace: props.metricNamespace, name: ERROR_LOG_METRIC_NAME };
    this.metricFilter = new CloudwatchLogMetricFilter(this, "ErrorLines", {
      name: `${props.namePrefix}-app-error-lines`,
      logGroupName: props.logGroupName,
      pattern: props.errorFilterPattern ?? DEFAULT_ERROR_FILTER_PATTERN,
      // No default value: the metric has data only for periods with error lines, which the alarm reads as zero.
      metricTransformation: {
        namespace: props.metricNamespace,
        name: ERROR_LOG_METRIC_NAME,
        value: "1",
        unit: "Count",
      },
    });

    this.alarm = createMetricAlarm(this, "ErrorLinesHigh", props.topicArns, {
      alarmName: `${props.namePrefix}-app-error-logs`,
      description: `More than ${props.errors.thresholdCount} error lines in ${props.errors.periodSec / 60} minutes in ${props.logGroupName}. Run the saved query "errors-by-message" in Logs Insights.`,
      namespace: props.metricNamespace,
      metricName: ERROR_LOG_METRIC_NAME,
      statistic: "Sum",
      threshold: props.errors.thresholdCount,
      comparisonOperator: "GreaterThanThreshold",
      timing: props.errors,
      // A period without error lines has no datapoint at all; that is the healthy case.
      treatMissingData: "notBreaching",
    });
  }
}
