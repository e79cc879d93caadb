import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { Construct } from "constructs";
import { CountAlarmSettings } from "../../config/monitoring";
import { createMetricAlarm } from "./alarm";

/** Id of the request metrics configuration: the `FilterId` dimension of the bucket's request metrics. */
export const REQUEST_METRICS_FILTER_ID = "EntireBucket";

/** Props of {@link StorageMetrics}. */
export interface StorageMetricsProps {
  /** Prefix of the alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Name of the application bucket (may be a token). */
  readonly bucketName: string;
  /** ARNs of the topics notified on ALARM and OK: the environment's topic, then any configured existing topics. */
  readonly topicArns: readonly string[];
  /**
   * Publish request metrics (requests, 4xx and 5xx errors, latency) for the whole bucket. They are billed as
   * custom metrics; storage size and object count are free daily metrics and need nothing.
   * @default true
   */
  readonly enableRequestMetrics?: boolean;
  /** Server error alarm (`AWS/S3 5xxErrors`, Sum, > threshold); created only with request metrics. */
  readonly serverErrors: CountAlarmSettings;
}

/**
 * Storage metrics of the application bucket (M4): the request metrics configuration S3 needs before it publishes
 * request counts, and an alarm on server errors. Bucket size and object count come from S3's free daily storage
 * metrics.
 */
export class StorageMetrics extends Construct {
  /** The `FilterId` dimension of the request metrics, or `undefined` when they are off. */
  readonly requestMetricsFilterId?: string;
  /** Every alarm created, for dashboards. */
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: StorageMetricsProps) {
    super(scope, id);
    if (!(props.enableRequestMetrics ?? true)) return;

    // No filter: the configuration covers every object in the bucket.
    new S3BucketMetric(this, "RequestMetrics", { bucket: props.bucketName, name: REQUEST_METRICS_FILTER_ID });
    this.requestMetricsFilterId = REQUEST_METRICS_FILTER_ID;

    this.alarms.push(
      createMetricAlarm(this, "ServerErrors", props.topicArns, {
        alarmName: `${props.namePrefix}-storage-5xx-errors`,
        description: `More than ${props.serverErrors.thresholdCount} S3 server errors (5xx) on the application bucket in ${props.serverErrors.periodSec / 60} minutes. Check the AWS Health Dashboard; clients should retry with backoff.`,
        namespace: "AWS/S3",
        metricName: "5xxErrors",
        dimensions: { BucketName: props.bucketName, FilterId: REQUEST_METRICS_FILTER_ID },
        statistic: "Sum",
        threshold: props.serverErrors.thresholdCount,
        comparisonOperator: "GreaterThanThreshold",
        timing: props.serverErrors,
        // Request metrics exist only for minutes with requests; a quiet bucket is a healthy one.
        treatMissingData: "notBreaching",
      }),
    );
  }
}
