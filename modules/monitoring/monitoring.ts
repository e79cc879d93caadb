import { Construct } from "constructs";
import { MonitoringConfig } from "../../config/monitoring";
import { AppAlarms, AppHostTarget } from "./app-alarms";
import { MonitoringDashboard } from "./dashboard";
import { DatabaseAlarms } from "./database-alarms";
import { LoadBalancerAlarms, MonitoredLoadBalancer } from "./load-balancer-alarms";
import { LogAlarms } from "./log-alarms";
import { AlarmNotifications } from "./notifications";
import { LogQueries } from "./queries";
import { MonitoredReplica, ReplicaAlarms, replicaAlarmsId } from "./replica-alarms";
import { StorageMetrics } from "./storage-metrics";

/** The database the alarms watch. */
export interface MonitoredDatabase {
  /** RDS instance identifier (may be a token). */
  readonly instanceIdentifier: string;
  /** Instance class as configured, for example `db.t4g.micro` (a plain string: max_connections derives from it). */
  readonly instanceClass: string;
  /**
   * Its read replicas (Phase 2), each alarmed and graphed on its own.
   * @default [] (no replica)
   */
  readonly replicas?: readonly MonitoredReplica[];
}

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Prefix of every name, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Namespace of the application's custom metrics, for example `webapp/production`. */
  readonly metricNamespace: string;
  /** Region of the environment. */
  readonly region: string;
  /** AWS account id (may be a token). */
  readonly accountId: string;
  /** Validated monitoring configuration: thresholds, periods, emails. */
  readonly settings: MonitoringConfig;
  /** The single app instance (Phase 1) or the Auto Scaling group (Phase 2). */
  readonly appHost: AppHostTarget;
  /** The RDS instance and its read replicas. */
  readonly database: MonitoredDatabase;
  /**
   * The Application Load Balancer in front of the hosts (Phase 2).
   * @default - no load balancer alarms or graphs (the host is the entry point)
   */
  readonly loadBalancer?: MonitoredLoadBalancer;
  /** Name of the application log group (may be a token). */
  readonly logGroupName: string;
  /** Name of the application bucket (may be a token). */
  readonly bucketName: string;
}

/**
 * Everything CloudWatch watches in one environment (M1-M5): the encrypted alarm topic, application, database,
 * log and storage alarms, saved Logs Insights queries, and a dashboard; in Phase 2 also the load balancer and each
 * read replica, when they are given.
 */
export class Monitoring extends Construct {
  /** The alarm topic and its key. */
  readonly notifications: AlarmNotifications;
  /** Application host alarms. */
  readonly appAlarms: AppAlarms;
  /** Database alarms. */
  readonly databaseAlarms: DatabaseAlarms;
  /** Alarms of each read replica, in the order given. */
  readonly replicaAlarms: readonly ReplicaAlarms[];
  /** Load balancer alarms, when there is a load balancer. */
  readonly loadBalancerAlarms?: LoadBalancerAlarms;
  /** Error-log metric filter and alarm. */
  readonly logAlarms: LogAlarms;
  /** Bucket request metrics and alarm. */
  readonly storageMetrics: StorageMetrics;
  /** Saved Logs Insights queries. */
  readonly queries: LogQueries;
  /** The dashboard. */
  readonly dashboard: MonitoringDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const s = props.settings;
    const name = props.namePrefix;

    this.notifications = new AlarmNotifications(this, "Notifications", {
      namePrefix: name,
      region: props.region,
      accountId: props.accountId,
      emailAddresses: s.alarmEmails,
      existingTopicArns: s.alarmTopicArns,
      preventKeyDestroy: s.preventDestroy,
    });
    const topicArns = this.notifications.notificationArns;

    this.appAlarms = new AppAlarms(this, "AppAlarms", {
      namePrefix: name,
      region: props.region,
      target: props.appHost,
      topicArns,
      ...s.app,
    });
    this.databaseAlarms = new DatabaseAlarms(this, "DatabaseAlarms", {
      namePrefix: name,
      dbInstanceIdentifier: props.database.instanceIdentifier,
      instanceClass: props.database.instanceClass,
      maxConnections: s.database.maxConnections,
      topicArns,
      cpu: s.database.cpu,
      connections: s.database.connections,
      freeStorage: s.database.freeStorage,
    });
    const replicas = props.database.replicas ?? [];
    const identifiers = replicas.map((replica) => replica.instanceIdentifier);
    const repeated = identifiers.find((identifier, i) => identifiers.indexOf(identifier) < i);
    if (repeated !== undefined) {
      throw new Error(
        `Monitoring: read replica ${repeated} is listed twice; expected each replica once. Fix: remove the duplicate.`,
      );
    }
    this.replicaAlarms = replicas.map(
      (replica) =>
        new ReplicaAlarms(this, replicaAlarmsId(replica), {
          namePrefix: name,
          replica,
          topicArns,
          settings: s.database,
        }),
    );
    if (props.loadBalancer !== undefined) {
      this.loadBalancerAlarms = new LoadBalancerAlarms(this, "LoadBalancerAlarms", {
        namePrefix: name,
        target: props.loadBalancer,
        topicArns,
        ...s.loadBalancer,
      });
    }
    this.logAlarms = new LogAlarms(this, "LogAlarms", {
      namePrefix: name,
      logGroupName: props.logGroupName,
      metricNamespace: props.metricNamespace,
      topicArns,
      errors: s.logs.errors,
      errorFilterPattern: s.logs.errorFilterPattern,
    });
    this.storageMetrics = new StorageMetrics(this, "StorageMetrics", {
      namePrefix: name,
      bucketName: props.bucketName,
      topicArns,
      enableRequestMetrics: s.storage.enableRequestMetrics,
      serverErrors: s.storage.serverErrors,
    });
    this.queries = new LogQueries(this, "Queries", {
      folder: name,
      logGroupName: props.logGroupName,
      enableInstanceQueries: props.appHost.kind === "autoScalingGroup",
    });

    const alarms = [
      ...this.appAlarms.alarms,
      ...this.databaseAlarms.alarms,
      ...this.replicaAlarms.flatMap((replica) => replica.alarms),
      ...(this.loadBalancerAlarms?.alarms ?? []),
      this.logAlarms.alarm,
      ...this.storageMetrics.alarms,
    ];
    this.dashboard = new MonitoringDashboard(this, "Dashboard", {
      dashboardName: name,
      region: props.region,
      appHost: props.appHost,
      dbInstanceIdentifier: props.database.instanceIdentifier,
      replicas:
        this.replicaAlarms.length > 0
          ? {
              instances: this.replicaAlarms.map((replica) => ({
                instanceIdentifier: replica.instanceIdentifier,
                connectionThreshold: replica.instanceAlarms.connectionThreshold,
              })),
              lagThresholdSec: s.database.replicaLag.thresholdSec,
              lagPeriodSec: s.database.replicaLag.periodSec,
            }
          : undefined,
      loadBalancer: props.loadBalancer && { target: props.loadBalancer, settings: s.loadBalancer },
      bucketName: props.bucketName,
      requestMetricsFilterId: this.storageMetrics.requestMetricsFilterId,
      logGroupName: props.logGroupName,
      errorMetric: this.logAlarms.metric,
      alarmArns: alarms.map((alarm) => alarm.arn),
      thresholds: {
        appCpuPercent: s.app.cpu.thresholdPercent,
        appMemoryPercent: s.app.memory.thresholdPercent,
        appDiskPercent: s.app.disk.thresholdPercent,
        dbCpuPercent: s.database.cpu.thresholdPercent,
        dbConnections: this.databaseAlarms.connectionThreshold,
        dbMaxConnections: this.databaseAlarms.maxConnections,
        dbFreeStorageBytes: this.databaseAlarms.freeStorageThresholdBytes,
        errorLines: s.logs.errors.thresholdCount,
        errorPeriodSec: s.logs.errors.periodSec,
      },
    });
  }
}
