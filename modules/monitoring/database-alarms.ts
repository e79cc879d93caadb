import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { FreeStorageAlarmSettings, PercentAlarmSettings } from "../../config/monitoring";
import { createMetricAlarm } from "./alarm";
import { postgresMaxConnections } from "./postgres-max-connections";

const GIB = 1024 ** 3;

/** Props of {@link DatabaseAlarms}. */
export interface DatabaseAlarmsProps {
  /** Prefix of the alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /**
   * The part of the alarm names after the prefix, `<namePrefix>-<alarmNameInfix>-cpu-high`.
   * @default "db"
   */
  readonly alarmNameInfix?: string;
  /**
   * What the descriptions call the instance.
   * @default "Database"
   */
  readonly displayName?: string;
  /** The RDS instance identifier (may be a token): the `DBInstanceIdentifier` dimension. */
  readonly dbInstanceIdentifier: string;
  /** The RDS instance class, for example `db.t4g.micro`; must be a plain string to derive `max_connections`. */
  readonly instanceClass: string;
  /**
   * `max_connections` of the database, when the parameter group sets it explicitly.
   * @default - derived from `instanceClass` as RDS for PostgreSQL's default parameter group does
   */
  readonly maxConnections?: number;
  /** ARNs of the topics notified on ALARM and OK: the environment's topic, then any configured existing topics. */
  readonly topicArns: readonly string[];
  /** CPU utilization alarm (`AWS/RDS CPUUtilization`, Average, >= threshold). */
  readonly cpu: PercentAlarmSettings;
  /** Connections alarm, in percent of `max_connections` (`AWS/RDS DatabaseConnections`, Maximum, >= threshold). */
  readonly connections: PercentAlarmSettings;
  /** Free storage alarm (`AWS/RDS FreeStorageSpace`, Minimum, <= threshold). */
  readonly freeStorage: FreeStorageAlarmSettings;
}

/**
 * Alarms on the RDS for PostgreSQL instance (M2): CPU >= 80 %, connections >= 80 % of `max_connections`, free
 * storage <= 5 GiB.
 */
export class DatabaseAlarms extends Construct {
  /** The `max_connections` the connection threshold is based on. */
  readonly maxConnections: number;
  /** The connection count that raises the alarm. */
  readonly connectionThreshold: number;
  /** The free storage, in bytes, at or below which the alarm is raised. */
  readonly freeStorageThresholdBytes: number;
  /** Every alarm created, for dashboards. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    const derived = postgresMaxConnections(props.instanceClass);
    const maxConnections = props.maxConnections ?? derived;
    if (maxConnections === undefined) {
      throw new Error(
        `DatabaseAlarms: cannot derive max_connections for instance class ${JSON.stringify(props.instanceClass)}; ` +
          "expected a class listed in DB_INSTANCE_CLASS_MEMORY_GIB (modules/monitoring/postgres-max-connections.ts). " +
          "Fix: add the class and its memory there, or set monitoring.database.maxConnections in the environment's configuration.",
      );
    }
    this.maxConnections = maxConnections;
    // Connection counts are whole numbers, so rounding up keeps ">= 80 %" exact and the threshold readable.
    this.connectionThreshold = Math.ceil((maxConnections * props.connections.thresholdPercent) / 100);
    this.freeStorageThresholdBytes = Math.round(props.freeStorage.thresholdGiB * GIB);

    const name = `${props.namePrefix}-${props.alarmNameInfix ?? "db"}`;
    const what = props.displayName ?? "Database";
    const dimensions = { DBInstanceIdentifier: props.dbInstanceIdentifier };
    // RDS publishes every minute while the instance runs; no data means it is stopped or being replaced, and a
    // guess either way would be wrong, so these alarms keep their state.
    this.alarms = [
      createMetricAlarm(this, "CpuHigh", props.topicArns, {
        alarmName: `${name}-cpu-high`,
        description: `${what} CPU at or above ${props.cpu.thresholdPercent} %. Check Performance Insights or pg_stat_statements for the costly queries.`,
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions,
        statistic: "Average",
        threshold: props.cpu.thresholdPercent,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.cpu,
        treatMissingData: "missing",
      }),
      createMetricAlarm(this, "ConnectionsHigh", props.topicArns, {
        alarmName: `${name}-connections-high`,
        description: `${what} connections at or above ${this.connectionThreshold} (${props.connections.thresholdPercent} % of max_connections ${maxConnections} for ${props.instanceClass}). Look for connection leaks or pool sizes times app processes.`,
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions,
        statistic: "Maximum",
        threshold: this.connectionThreshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        timing: props.connections,
        treatMissingData: "missing",
      }),
      createMetricAlarm(this, "FreeStorageLow", props.topicArns, {
        alarmName: `${name}-free-storage-low`,
        description: `${what} free storage at or below ${props.freeStorage.thresholdGiB} GiB. Raise the storage autoscaling limit or allocated storage before writes fail.`,
        namespace: "AWS/RDS",
        metricName: "FreeStorageSpace",
        dimensions,
        statistic: "Minimum",
        threshold: this.freeStorageThresholdBytes,
        comparisonOperator: "LessThanOrEqualToThreshold",
        timing: props.freeStorage,
        treatMissingData: "missing",
      }),
    ];
  }
}
