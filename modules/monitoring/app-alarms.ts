import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { AlarmTiming, PercentAlarmSettings } from "../../config/monitoring";
import {
  CLOUDWATCH_AGENT_NAMESPACE,
  DISK_USED_PERCENT_METRIC,
  MEMORY_USED_PERCENT_METRIC,
} from "../app-host/cloudwatch-agent";
import { createMetricAlarm } from "./alarm";

/**
 * The CloudWatch agent's namespace and metric names on the app host (its configuration lives with the host). The
 * agent rolls its metrics up to the dimension sets `[InstanceId]` and `[AutoScalingGroupName]` and collects disk
 * usage for the root file system only, so these alarms use exactly one of those dimensions.
 */
export const CLOUDWATCH_AGENT_METRICS = {
  namespace: CLOUDWATCH_AGENT_NAMESPACE,
  memoryUsedPercent: MEMORY_USED_PERCENT_METRIC,
  diskUsedPercent: DISK_USED_PERCENT_METRIC,
} as const;

/**
 * What the application alarms watch: the Phase 1 single instance, or the Phase 2 Auto Scaling group.
 */
export type AppHostTarget =
  | {
      readonly kind: "instance";
      /** EC2 instance id (may be a token). */
      readonly instanceId: string;
    }
  | {
      readonly kind: "autoScalingGroup";
      /** Auto Scaling group name (may be a token). */
      readonly name: string;
    };

/** The metric dimensions that select `target` in `AWS/EC2` and in the agent's namespace. */
export function appHostDimensions(target: AppHostTarget): Record<string, string> {
  return target.kind === "instance" ? { InstanceId: target.instanceId } : { AutoScalingGroupName: target.name };
}

/** Props of {@link AppAlarms}. */
export interface AppAlarmsProps {
  /** Prefix of the alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Region of the instance; part of the EC2 recover action's ARN. */
  readonly region: string;
  /** The single instance (Phase 1) or the Auto Scaling group (Phase 2). */
  readonly target: AppHostTarget;
  /** ARNs of the topics notified on ALARM and OK: the environment's topic, then any configured existing topics. */
  readonly topicArns: readonly string[];
  /** CPU utilization alarm (`AWS/EC2 CPUUtilization`, Average, >= threshold). */
  readonly cpu: PercentAlarmSettings;
  /** Memory used alarm (`CWAgent mem_used_percent`, Average, >= threshold). */
  readonly memory: PercentAlarmSettings;
  /** Root file system used alarm (`CWAgent disk_used_percent`, Maximum, >= threshold). */
  readonly disk: PercentAlarmSettings;
  /** System status check alarm with EC2 recovery; single instance only. */
  readonly systemStatusCheck: AlarmTiming;
  /** Instance status check alarm, notification only; single instance only. */
  readonly instanceStatusCheck: AlarmTiming;
  /**
   * Notify when the agent's memory or disk alarm goes to INSUFFICIENT_DATA (the agent stopped reporting).
   * @default true
   */
  readonly notifyWhenAgentStopsReporting?: boolean;
}

/**
 * Alarms on the application host (M1): CPU >= 80 %, memory, disk >= 85 %, and for a single instance the status
 * checks, where a failed system status check triggers EC2 automatic recovery.
 *
 * An Auto Scaling group gets the same CPU, memory and disk alarms on its aggregate metrics and no status check
 * alarms: the group's health checks replace an impaired instance, and recovering a member in place would work
 * against the group.
 */
export class AppAlarms extends Construct {
  /** Every alarm created, for dashboards. */
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: AppAlarmsProps) {
    super(scope, id);
    const name = props.namePrefix;
    const dimensions = appHostDimensions(props.target);
    const what = props.target.kind === "instance" ? "the app host" : "the app hosts (group average)";
    const notifyWhenAgentStops = props.notifyWhenAgentStopsReporting ?? true;

    this.alarms.push(
      createMetricAlarm(this, "CpuHigh", props.topicArns, {
        alarmName: `${name}-app-cpu-high`,
        description: `CPU of ${what} at or above ${props.cpu.thresholdPercent} %. Check the processes (PM2 list, docker stats); consider a larger instance type.`,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "Average",
        threshold: props.cpu.thresholdPercent,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.cpu,
        // No data means the instance is stopped or being replaced: keep the state rather than guess.
        treatMissingData: "missing",
      }),
      createMetricAlarm(this, "MemoryHigh", props.topicArns, {
        alarmName: `${name}-app-memory-high`,
        description: `Memory used on ${what} at or above ${props.memory.thresholdPercent} %. Look for a leaking process before the kernel OOM killer picks one.`,
        namespace: CLOUDWATCH_AGENT_METRICS.namespace,
        metricName: CLOUDWATCH_AGENT_METRICS.memoryUsedPercent,
        dimensions,
        statistic: "Average",
        threshold: props.memory.thresholdPercent,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.memory,
        treatMissingData: "missing",
        notifyOnInsufficientData: notifyWhenAgentStops,
      }),
      createMetricAlarm(this, "DiskHigh", props.topicArns, {
        alarmName: `${name}-app-disk-high`,
        description: `Root file system of ${what} at or above ${props.disk.thresholdPercent} % used. Prune old images (docker image prune) and logs, or grow the volume.`,
        namespace: CLOUDWATCH_AGENT_METRICS.namespace,
        metricName: CLOUDWATCH_AGENT_METRICS.diskUsedPercent,
        dimensions,
        statistic: "Maximum",
        threshold: props.disk.thresholdPercent,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.disk,
        treatMissingData: "missing",
        notifyOnInsufficientData: notifyWhenAgentStops,
      }),
    );

    if (props.target.kind !== "instance") return;
    this.alarms.push(
      createMetricAlarm(this, "SystemStatusCheckFailed", props.topicArns, {
        alarmName: `${name}-app-system-status-check-failed`,
        description:
          "The AWS hardware or network under the app host failed its system status check. EC2 recovery moves the instance to healthy hardware, keeping its id, private IP, Elastic IP and EBS volumes.",
        namespace: "AWS/EC2",
        metricName: "StatusCheckFailed_System",
        dimensions,
        statistic: "Maximum",
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.systemStatusCheck,
        // A stopped instance publishes nothing; recovering it would fail, and a stop is not an outage.
        treatMissingData: "missing",
        extraAlarmActions: [`arn:aws:automate:${props.region}:ec2:recover`],
      }),
      createMetricAlarm(this, "InstanceStatusCheckFailed", props.topicArns, {
        alarmName: `${name}-app-instance-status-check-failed`,
        description:
          "The app host's operating system failed its instance status check (kernel, network configuration, exhausted memory or disk). Reboot it from the console or SSM; recovery does not fix this.",
        namespace: "AWS/EC2",
        metricName: "StatusCheckFailed_Instance",
        dimensions,
        statistic: "Maximum",
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.instanceStatusCheck,
        treatMissingData: "missing",
      }),
    );
  }
}
