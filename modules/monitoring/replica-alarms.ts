import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { DatabaseMonitoringConfig } from "../../config/monitoring";
import { createMetricAlarm } from "./alarm";
import { DatabaseAlarms } from "./database-alarms";

/** A read replica the alarms watch. */
export interface MonitoredReplica {
  /**
   * RDS instance identifier of the replica, for example `webapp-production-replica-1`. A plain string: it names
   * the replica's alarms and constructs, which must not move when another replica is added or removed.
   */
  readonly instanceIdentifier: string;
  /** Instance class of the replica as configured, for example `db.t4g.micro` (max_connections derives from it). */
  readonly instanceClass: string;
}

/** Props of {@link ReplicaAlarms}. */
export interface ReplicaAlarmsProps {
  /** Prefix of the alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** The replica. */
  readonly replica: MonitoredReplica;
  /** ARNs of the topics notified on ALARM and OK (the alarm topic first). */
  readonly topicArns: readonly string[];
  /**
   * The database alarm settings: the replica gets the primary's CPU, connections and free storage alarms and the
   * replica lag alarm. `maxConnections` applies too: a replica uses its source's parameter group.
   */
  readonly settings: DatabaseMonitoringConfig;
}

/**
 * The construct ID of a replica's alarms: keyed by the replica's identifier, so that adding or removing a replica
 * never renames (and so replaces) the alarms of another.
 */
export function replicaAlarmsId(replica: MonitoredReplica): string {
  return `Replica-${replica.instanceIdentifier}`;
}

/**
 * The part of a replica's alarm names after `<namePrefix>-db-`: its identifier without the environment's prefix,
 * so `webapp-production-replica-1` alarms as `webapp-production-db-replica-1-lag-high`.
 */
export function replicaAlarmNameKey(namePrefix: string, instanceIdentifier: string): string {
  const prefix = `${namePrefix}-`;
  return instanceIdentifier.startsWith(prefix) ? instanceIdentifier.slice(prefix.length) : instanceIdentifier;
}

/**
 * Alarms on one RDS for PostgreSQL read replica (A4, M2): replica lag, and the CPU, connections and free storage
 * alarms of the primary with the same thresholds (the replica answers the application's reads, and a replica whose
 * storage fills stops replaying).
 *
 * Multi-AZ needs no alarm of its own: the standby publishes no metrics, and after a failover the same identifier
 * (and so every alarm above) follows the new primary.
 */
export class ReplicaAlarms extends Construct {
  /** Identifier of the replica (the `DBInstanceIdentifier` dimension). */
  readonly instanceIdentifier: string;
  /** The replica's CPU, connections and free storage alarms. */
  readonly instanceAlarms: DatabaseAlarms;
  /** The replica lag alarm. */
  readonly lagAlarm: CloudwatchMetricAlarm;
  /** Every alarm created, for dashboards. */
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: ReplicaAlarmsProps) {
    super(scope, id);
    const identifier = props.replica.instanceIdentifier;
    if (Token.isUnresolved(identifier)) {
      throw new Error(
        "ReplicaAlarms: the replica's instanceIdentifier is a Terraform reference; expected the identifier as " +
          "configured (a plain string), because it keys the replica's alarm names and construct IDs. " +
          "Fix: pass the identifier the replica was created with (ReadReplica.instanceIdentifier), not its instance's attribute.",
      );
    }
    this.instanceIdentifier = identifier;
    const s = props.settings;
    const infix = `db-${replicaAlarmNameKey(props.namePrefix, identifier)}`;
    this.instanceAlarms = new DatabaseAlarms(this, "Instance", {
      namePrefix: props.namePrefix,
      alarmNameInfix: infix,
      displayName: `Read replica ${identifier}`,
      dbInstanceIdentifier: identifier,
      instanceClass: props.replica.instanceClass,
      maxConnections: s.maxConnections,
      topicArns: props.topicArns,
      cpu: s.cpu,
      connections: s.connections,
      freeStorage: s.freeStorage,
    });
    const lag = s.replicaLag;
    this.lagAlarm = createMetricAlarm(this, "LagHigh", props.topicArns, {
      alarmName: `${props.namePrefix}-${infix}-lag-high`,
      description: `Read replica ${identifier} is ${lag.thresholdSec} s or more behind its source: the application reads stale data from it. Look for long-running queries on the replica, write bursts on the source, or a replica class smaller than the source's.`,
      namespace: "AWS/RDS",
      metricName: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: identifier },
      statistic: "Maximum",
      threshold: lag.thresholdSec,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      timing: lag,
      // RDS publishes the lag every minute while the replica replays; no data means it stopped, which is worth a
      // notification of its own.
      treatMissingData: "missing",
      notifyOnInsufficientData: true,
    });
    this.alarms = [...this.instanceAlarms.alarms, this.lagAlarm];
  }
}
