import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { LoadBalancerMonitoringConfig } from "../../config/monitoring";
import { createMetricAlarm } from "./alarm";

/** Namespace of Application Load Balancer metrics. */
export const APPLICATION_ELB_NAMESPACE = "AWS/ApplicationELB";

/** The load balancer and target group the alarms watch, by the ARN suffixes CloudWatch uses as dimensions. */
export interface MonitoredLoadBalancer {
  /** `arn_suffix` of the load balancer, `app/<name>/<id>` (may be a token): the `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of its target group, `targetgroup/<name>/<id>` (may be a token): the `TargetGroup` dimension. */
  readonly targetGroupArnSuffix: string;
}

/** The dimensions of the load balancer's own metrics. */
export function loadBalancerDimensions(target: MonitoredLoadBalancer): Record<string, string> {
  return { LoadBalancer: target.loadBalancerArnSuffix };
}

/** The dimensions of the target group's metrics (CloudWatch publishes them per load balancer and target group). */
export function targetGroupDimensions(target: MonitoredLoadBalancer): Record<string, string> {
  return { LoadBalancer: target.loadBalancerArnSuffix, TargetGroup: target.targetGroupArnSuffix };
}

/** Props of {@link LoadBalancerAlarms}. */
export interface LoadBalancerAlarmsProps extends LoadBalancerMonitoringConfig {
  /** Prefix of the alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** The load balancer and its target group. */
  readonly target: MonitoredLoadBalancer;
  /** ARNs of the topics notified on ALARM and OK (the alarm topic first). */
  readonly topicArns: readonly string[];
}

/**
 * Alarms on the Application Load Balancer (Phase 2, M1 and the design's "API response time"): 5xx responses from
 * the load balancer itself and from the targets, unhealthy targets, and the p95 of the targets' response time.
 *
 * Every alarm treats a period without data as not breaching: the load balancer publishes its metrics only for
 * minutes with requests (error counts only when there are errors), so no data is a quiet site, not a broken one.
 */
export class LoadBalancerAlarms extends Construct {
  /** Every alarm created, for dashboards. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const name = props.namePrefix;
    const lb = loadBalancerDimensions(props.target);
    const group = targetGroupDimensions(props.target);
    const unhealthy = props.unhealthyHosts;
    const responseTime = props.responseTimeP95;

    this.alarms = [
      createMetricAlarm(this, "ServerErrors", props.topicArns, {
        alarmName: `${name}-lb-5xx-errors`,
        description: `The load balancer answered more than ${props.serverErrors.thresholdCount} requests in ${props.serverErrors.periodSec / 60} min with its own 5xx: 503 means no healthy target, 502 a target that reset or garbled the response, 504 a target that timed out. Check the target group's health and the hosts' logs.`,
        namespace: APPLICATION_ELB_NAMESPACE,
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: lb,
        statistic: "Sum",
        threshold: props.serverErrors.thresholdCount,
        comparisonOperator: "GreaterThanThreshold",
        timing: props.serverErrors,
        // Published only for periods with such responses.
        treatMissingData: "notBreaching",
      }),
      createMetricAlarm(this, "TargetServerErrors", props.topicArns, {
        alarmName: `${name}-lb-target-5xx-errors`,
        description: `The application answered more than ${props.targetServerErrors.thresholdCount} requests in ${props.targetServerErrors.periodSec / 60} min with a 5xx. Run the api-server-errors query for the routes and the errors-by-message query for the cause.`,
        namespace: APPLICATION_ELB_NAMESPACE,
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions: group,
        statistic: "Sum",
        threshold: props.targetServerErrors.thresholdCount,
        comparisonOperator: "GreaterThanThreshold",
        timing: props.targetServerErrors,
        treatMissingData: "notBreaching",
      }),
      createMetricAlarm(this, "UnhealthyHosts", props.topicArns, {
        alarmName: `${name}-lb-unhealthy-hosts`,
        description: `At least ${unhealthy.thresholdCount} target(s) failed the load balancer's health check for ${(unhealthy.periodSec * unhealthy.evaluationPeriods) / 60} min. The Auto Scaling group replaces an unhealthy host on its own; an alarm that stays means replacements fail too: check the group's activity history and a new host's boot log.`,
        namespace: APPLICATION_ELB_NAMESPACE,
        metricName: "UnHealthyHostCount",
        dimensions: group,
        statistic: "Maximum",
        threshold: unhealthy.thresholdCount,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: unhealthy,
        // No data is no evidence of an unhealthy host; a site with no healthy host answers 503s, which the
        // load balancer error alarm counts.
        treatMissingData: "notBreaching",
      }),
      createMetricAlarm(this, "ResponseTimeP95High", props.topicArns, {
        alarmName: `${name}-lb-response-time-p95-high`,
        description: `The slowest 5 % of requests took ${responseTime.thresholdSec} s or more to answer (target response time p95). Run the api-response-time-by-route query for the slow routes; check database CPU and the hosts' CPU.`,
        namespace: APPLICATION_ELB_NAMESPACE,
        metricName: "TargetResponseTime",
        dimensions: group,
        statistic: "p95",
        threshold: responseTime.thresholdSec,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: responseTime,
        // No requests, no response time to judge.
        treatMissingData: "notBreaching",
      }),
    ];
  }
}
