/** Namespace the CloudWatch agent publishes host metrics in. */
export const CLOUDWATCH_AGENT_NAMESPACE = "CWAgent";

/** Memory in use, percent of total (agent measurement `mem_used_percent`). */
export const MEMORY_USED_PERCENT_METRIC = "mem_used_percent";

/** Space in use on the root file system, percent (agent measurement `used_percent` of plugin `disk`). */
export const DISK_USED_PERCENT_METRIC = "disk_used_percent";

/**
 * The file the application container's stdout and stderr are appended to on the host (by systemd), and that the
 * agent ships to the application log group line by line, exactly as the application wrote them.
 */
export const APP_LOG_FILE = "/var/log/app/app.log";

/**
 * Dimension sets the agent also publishes aggregates for: `InstanceId` alone (what Phase 1 alarms on) and
 * `AutoScalingGroupName` alone (what Phase 2 alarms on, across the group's instances).
 */
export const CLOUDWATCH_AGENT_AGGREGATION_DIMENSIONS: readonly (readonly string[])[] = [
  ["InstanceId"],
  ["AutoScalingGroupName"],
];

/** Inputs of {@link cloudWatchAgentConfig}. */
export interface CloudWatchAgentConfigProps {
  /** Log group the application log file is shipped to. */
  readonly appLogGroupName: string;
  /**
   * How often metrics are collected, in seconds. Below 60 they become high-resolution metrics, billed the same
   * per metric but alarmable at 10 s periods.
   * @default 60
   */
  readonly metricsCollectionIntervalSec?: number;
}

/** The agent configuration, as the agent reads it from `amazon-cloudwatch-agent.json`. */
export interface CloudWatchAgentConfig {
  readonly agent: { readonly metrics_collection_interval: number; readonly run_as_user: string };
  readonly metrics: {
    readonly namespace: string;
    readonly append_dimensions: Readonly<Record<string, string>>;
    readonly aggregation_dimensions: readonly (readonly string[])[];
    readonly metrics_collected: Readonly<Record<string, unknown>>;
  };
  readonly logs: {
    readonly logs_collected: {
      readonly files: {
        readonly collect_list: readonly {
          readonly file_path: string;
          readonly log_group_name: string;
          readonly log_stream_name: string;
        }[];
      };
    };
  };
}

/**
 * The CloudWatch agent configuration of the application host: memory and root-disk usage in {@link
 * CLOUDWATCH_AGENT_NAMESPACE}, and the application log file shipped to the application log group.
 *
 * Network metrics are left to the free `AWS/EC2` NetworkIn/NetworkOut: every extra agent metric is a billed
 * custom metric (about USD 0.30 each per month after the free 10). As configured the host publishes three:
 * `mem_used_percent` {InstanceId}, `disk_used_percent` {InstanceId} and the per-device `disk_used_percent`. A
 * member of an Auto Scaling group publishes four (each raw metric also carries AutoScalingGroupName), and the
 * group two more, shared by its members: `mem_used_percent` and `disk_used_percent` {AutoScalingGroupName}, which
 * the Phase 2 alarms watch.
 *
 * The same configuration serves both phases, so the Phase 2 launch template renders the same user data: nothing
 * to switch on. To resolve the group's name the agent calls `ec2:DescribeTags` (the role allows it) and publishes
 * no metrics until that call succeeds, so hosts in private subnets need the `ec2` interface endpoint.
 *
 * Retention is not set here: Terraform owns the log group and its retention.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 */
export function cloudWatchAgentConfig(props: CloudWatchAgentConfigProps): CloudWatchAgentConfig {
  return {
    agent: {
      metrics_collection_interval: props.metricsCollectionIntervalSec ?? 60,
      // The application log file is root-owned; the agent must be able to read it.
      run_as_user: "root",
    },
    metrics: {
      namespace: CLOUDWATCH_AGENT_NAMESPACE,
      // `${aws:...}` is the agent's own placeholder syntax. The agent adds AutoScalingGroupName only when the
      // instance belongs to a group, so the same file serves Phase 1 and Phase 2.
      append_dimensions: {
        InstanceId: "${aws:InstanceId}",
        AutoScalingGroupName: "${aws:AutoScalingGroupName}",
      },
      aggregation_dimensions: CLOUDWATCH_AGENT_AGGREGATION_DIMENSIONS,
      metrics_collected: {
        mem: { measurement: ["mem_used_percent"] },
        disk: {
          measurement: ["used_percent"],
          resources: ["/"],
          // Docker's overlay mounts would otherwise each become a billed metric.
          ignore_file_system_types: ["sysfs", "devtmpfs", "tmpfs", "overlay"],
        },
      },
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            {
              file_path: APP_LOG_FILE,
              log_group_name: props.appLogGroupName,
              log_stream_name: "{instance_id}",
            },
          ],
        },
      },
    },
  };
}

/** {@link cloudWatchAgentConfig} as the JSON text written to the host. */
export function cloudWatchAgentConfigJson(props: CloudWatchAgentConfigProps): string {
  return JSON.stringify(cloudWatchAgentConfig(props), null, 2);
}
