import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Construct } from "constructs";
import { Database, PERFORMANCE_INSIGHTS_RETENTION_DAYS, POSTGRES_LOG_EXPORTS } from "./database";

/** Props of {@link ReadReplica}. */
export interface ReadReplicaProps {
  /** The source database (Multi-AZ first: a replica of a Multi-AZ source is created from the standby, no I/O pause). */
  readonly source: Database;
  /** Identifier of the replica, for example `webapp-production-replica-1`. */
  readonly identifier: string;
  /**
   * Instance class of the replica; it must keep up with the source's writes.
   * @default - the source's instance class
   */
  readonly instanceClass?: string;
  /**
   * Refuse deletion through any API.
   * @default true
   */
  readonly enableDeletionProtection?: boolean;
  /**
   * Apply modifications at once instead of in the next maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Retention of the replica's PostgreSQL and upgrade log groups, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Refuse `terraform destroy` of the replica's log groups (`lifecycle.prevent_destroy`), which deletes the logs
   * they still retain. The replica itself keeps no data of its own and is not protected.
   * @default true
   */
  readonly preventLogGroupDestroy?: boolean;
}

/**
 * A read replica of an RDS for PostgreSQL instance in the same region (A4): private, encrypted like its source
 * (RDS inherits the source's key), the same parameter group (TLS required) and security group, PostgreSQL logs
 * exported to log groups with a retention, minor upgrades automatic. The engine version follows the source.
 *
 * A replica keeps no data of its own: it has no final snapshot, and deleting it loses nothing the source lacks.
 */
export class ReadReplica extends Construct {
  /** The replica instance. */
  readonly instance: DbInstance;
  /** Identifier of the replica (the `DBInstanceIdentifier` dimension of its metrics). */
  readonly instanceIdentifier: string;
  /** Instance class of the replica, as configured (its connection limit derives from it). */
  readonly instanceClass: string;
  /** Host name of the replica, for the application's read-only connections. */
  readonly address: string;

  constructor(scope: Construct, id: string, props: ReadReplicaProps) {
    super(scope, id);
    this.instanceIdentifier = props.identifier;
    this.instanceClass = props.instanceClass ?? props.source.instanceClass;
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (type) =>
        new CloudwatchLogGroup(this, `LogGroup-${type}`, {
          name: `/aws/rds/instance/${props.identifier}/${type}`,
          retentionInDays: props.logRetentionDays ?? 30,
          lifecycle: (props.preventLogGroupDestroy ?? true) ? { preventDestroy: true } : undefined,
        }),
    );
    const source = props.source.instance;
    this.instance = new DbInstance(this, "Instance", {
      identifier: props.identifier,
      replicateSourceDb: source.identifier,
      instanceClass: this.instanceClass,
      storageType: "gp3",
      maxAllocatedStorage: source.maxAllocatedStorage,
      storageEncrypted: true,
      vpcSecurityGroupIds: source.vpcSecurityGroupIds,
      parameterGroupName: source.parameterGroupName,
      publiclyAccessible: false,
      multiAz: false,
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      // The replica is watched like its source: same Enhanced Monitoring role and interval, same insights mode.
      monitoringInterval: props.source.enhancedMonitoringIntervalSec,
      monitoringRoleArn: props.source.monitoringRoleArn,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS[props.source.databaseInsightsMode],
      databaseInsightsMode: props.source.databaseInsightsMode,
      applyImmediately: props.applyImmediately ?? false,
      deletionProtection: props.enableDeletionProtection ?? true,
      skipFinalSnapshot: true,
      dependsOn: logGroups,
      tags: { Name: props.identifier },
    });
    this.address = this.instance.address;
  }
}
