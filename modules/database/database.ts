import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { DatabaseInsightsMode } from "../../config/workload";
import { acknowledge } from "../../guardrails/acknowledge";

/** The PostgreSQL port; the only one the database security group will ever open. */
export const POSTGRES_PORT = 5432;

/** Log types the instance exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** Performance Insights retention, in days, that each Database Insights mode requires. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS: Record<DatabaseInsightsMode, number> = {
  standard: 7,
  advanced: 465,
};

/** Props of {@link Database}. */
export interface DatabaseProps {
  /** The RDS instance identifier, also used in the names of its subnet group, parameter group and security group. */
  readonly identifier: string;
  /** VPC the security group belongs to. */
  readonly vpcId: string;
  /** Private subnets of at least two availability zones (an RDS subnet group needs two). */
  readonly subnetIds: string[];
  /**
   * PostgreSQL version: a major version, or `major.minor` to pin.
   * @default "17"
   */
  readonly engineVersion?: string;
  /**
   * Major version, for the parameter group family (`postgres<major>`).
   * @default - parsed from engineVersion
   */
  readonly engineMajorVersion?: number;
  /**
   * Instance class.
   * @default "db.t4g.micro"
   */
  readonly instanceClass?: string;
  /**
   * Initial gp3 storage, in GiB.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Storage autoscaling limit, in GiB.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Database created with the instance.
   * @default "app"
   */
  readonly databaseName?: string;
  /**
   * Master user; its password is generated, stored and rotated by RDS in Secrets Manager.
   * @default "dbadmin"
   */
  readonly masterUsername?: string;
  /**
   * Days of automated backups.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, UTC.
   * @default "17:00-18:00" (02:00-03:00 JST)
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC.
   * @default "sat:18:30-sat:19:30" (Sunday 03:30-04:30 JST)
   */
  readonly maintenanceWindow?: string;
  /**
   * A standby in a second availability zone.
   * @default false
   */
  readonly enableMultiAz?: boolean;
  /**
   * RDS deletion protection.
   * @default true
   */
  readonly enableDeletionProtection?: boolean;
  /**
   * Take a final snapshot named `<identifier>-final` on deletion.
   * @default true
   */
  readonly enableFinalSnapshot?: boolean;
  /**
   * Refuse `terraform destroy` and replacements of the instance and of its log groups.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Apply changes now instead of in the maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Retention of the exported PostgreSQL logs, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Seconds between Enhanced Monitoring samples of the instance's operating system (one of
   * `ENHANCED_MONITORING_INTERVALS_SEC` in config/workload.ts); 0 turns it off. The samples go to the `RDSOSMetrics` log group.
   * @default 60
   */
  readonly enhancedMonitoringIntervalSec?: number;
  /**
   * CloudWatch Database Insights mode; Performance Insights is always on, with the retention the mode needs.
   * @default "standard"
   */
  readonly databaseInsightsMode?: DatabaseInsightsMode;
  /**
   * Statements running at least this long are logged with their duration (`log_min_duration_statement`).
   * @default 1000
   */
  readonly slowQueryThresholdMs?: number;
}

/**
 * An RDS for PostgreSQL instance in private subnets: encrypted gp3 storage with autoscaling, not publicly
 * accessible, TLS forced by its parameter group, master password managed by RDS (never in Terraform state),
 * automated backups, log exports to log groups with a retention, automatic minor upgrades, IAM authentication.
 *
 * Its security group starts with no rules at all: whoever needs the database adds an ingress rule from its own
 * security group (see {@link securityGroupId}), so that this stack does not depend on its clients.
 *
 * The defaults are the production ones (deletion protection, final snapshot, `prevent_destroy`);
 * configuration turns them off for throwaway environments.
 */
export class Database extends Construct {
  /** The DB instance. */
  readonly instance: DbInstance;
  /** RDS instance identifier (the `DBInstanceIdentifier` CloudWatch dimension). */
  readonly instanceIdentifier: string;
  /** Instance class, for example `db.t4g.micro`; known at synth time. */
  readonly instanceClass: string;
  /** Host name clients connect to. */
  readonly dbEndpoint: string;
  /** Port clients connect to. */
  readonly dbPort: number;
  /** Name of the database created with the instance. */
  readonly databaseName: string;
  /** ARN of the Secrets Manager secret (JSON `username`, `password`) that RDS manages for the master user. */
  readonly masterUserSecretArn: string;
  /** ID of the database's security group, which has no rules until a client adds one. */
  readonly securityGroupId: string;
  /** ARN of the DB instance. */
  readonly instanceArn: string;
  /**
   * The instance's resource id (`db-...`, stable for the instance's life), which names its users in IAM
   * authentication: `arn:aws:rds-db:<region>:<account>:dbuser:<resourceId>/<user>`.
   */
  readonly resourceId: string;
  /** Enhanced Monitoring interval in seconds (0 when off); known at synth time, for read replicas. */
  readonly enhancedMonitoringIntervalSec: number;
  /** ARN of the role RDS uses to publish Enhanced Monitoring metrics, when monitoring is on. */
  readonly monitoringRoleArn?: string;
  /** CloudWatch Database Insights mode; known at synth time, for read replicas. */
  readonly databaseInsightsMode: DatabaseInsightsMode;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const engineVersion = props.engineVersion ?? "17";
    const major = props.engineMajorVersion ?? Number(engineVersion.split(".")[0]);
    const preventDestroy = props.preventDestroy ?? true;
    const finalSnapshot = props.enableFinalSnapshot ?? true;
    this.instanceIdentifier = props.identifier;
    this.instanceClass = props.instanceClass ?? "db.t4g.micro";
    this.databaseName = props.databaseName ?? "app";

    // No inline rules: the provider also removes the allow-all egress rule AWS adds, and RDS needs no egress.
    const securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.identifier}-database`,
      description: `PostgreSQL ${props.identifier}: ingress added by the stacks of its clients`,
      vpcId: props.vpcId,
      tags: { Name: `${props.identifier}-database` },
    });
    this.securityGroupId = securityGroup.id;

    const subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: props.identifier,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });

    const parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      // A family change (major upgrade) needs a new group while the old one is still attached.
      namePrefix: `${props.identifier}-postgres${major}-`,
      family: `postgres${major}`,
      description: `PostgreSQL ${major} settings of ${props.identifier}: TLS required`,
      parameter: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        // Schema changes (CREATE, ALTER, DROP) are logged for the audit trail; `mod` or `all` would also log the
        // values of every write, personal data included.
        { name: "log_statement", value: "ddl", applyMethod: "immediate" },
        {
          name: "log_min_duration_statement",
          value: String(props.slowQueryThresholdMs ?? 1000),
          applyMethod: "immediate",
        },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // RDS creates these on first export with no expiry; creating them first gives them a retention.
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (type) =>
        new CloudwatchLogGroup(this, `LogGroup-${type}`, {
          name: `/aws/rds/instance/${props.identifier}/${type}`,
          retentionInDays: props.logRetentionDays ?? 30,
          lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
        }),
    );

    this.enhancedMonitoringIntervalSec = props.enhancedMonitoringIntervalSec ?? 60;
    const monitoring = this.enhancedMonitoringIntervalSec > 0 ? this.createMonitoringRole(props.identifier) : undefined;
    this.monitoringRoleArn = monitoring?.role.arn;
    this.databaseInsightsMode = props.databaseInsightsMode ?? "standard";

    this.instance = new DbInstance(this, "Instance", {
      identifier: props.identifier,
      engine: "postgres",
      engineVersion,
      instanceClass: this.instanceClass,
      storageType: "gp3",
      allocatedStorage: props.allocatedStorageGiB ?? 20,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 100,
      storageEncrypted: true,
      dbName: this.databaseName,
      username: props.masterUsername ?? "dbadmin",
      manageMasterUserPassword: true,
      iamDatabaseAuthenticationEnabled: true,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      multiAz: props.enableMultiAz ?? false,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      backupWindow: props.backupWindow ?? "17:00-18:00",
      maintenanceWindow: props.maintenanceWindow ?? "sat:18:30-sat:19:30",
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      monitoringInterval: this.enhancedMonitoringIntervalSec,
      monitoringRoleArn: this.monitoringRoleArn,
      // Database Insights replaces the Performance Insights console and its paid retention (end of life
      // 2026-06-30); both modes read Performance Insights data, so it stays on. db.t4g.micro supports it for
      // PostgreSQL (not for MySQL or MariaDB).
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS[this.databaseInsightsMode],
      databaseInsightsMode: this.databaseInsightsMode,
      // Automatic upgrades never cross a major version; this only lets an edited engineVersion (a deliberate
      // configuration change, with its new parameter group family) go through.
      allowMajorVersionUpgrade: true,
      applyImmediately: props.applyImmediately ?? false,
      deletionProtection: props.enableDeletionProtection ?? true,
      skipFinalSnapshot: !finalSnapshot,
      finalSnapshotIdentifier: finalSnapshot ? `${props.identifier}-final` : undefined,
      // Where a final snapshot is kept, the automated backups are kept too (until their retention ends).
      deleteAutomatedBackups: !finalSnapshot,
      // RDS starts publishing samples as soon as the instance exists: the role's permissions come first.
      dependsOn: [...logGroups, ...(monitoring ? [monitoring.policy] : [])],
      lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
      tags: { Name: props.identifier },
    });
    if (!(props.enableMultiAz ?? false)) {
      acknowledge(
        this.instance,
        "RDS-MULTI-AZ",
        "Phase 1 runs one db.t4g.micro to stay near the free tier; capabilities.database.multiAz adds the standby (Phase 2)",
      );
    }
    this.dbEndpoint = this.instance.address;

    this.dbPort = this.instance.port;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.instanceArn = this.instance.arn;
    this.resourceId = this.instance.resourceId;
  }

  /**
   * The role RDS assumes to write Enhanced Monitoring samples: the permissions of the AWS managed
   * AmazonRDSEnhancedMonitoringRole, narrowed to the one log group RDS writes them to.
   */
  private createMonitoringRole(identifier: string): { role: IamRole; policy: IamRolePolicy } {
    const role = new IamRole(this, "MonitoringRole", {
      name: `${identifier}-rds-monitoring`,
      description: `Enhanced Monitoring of the RDS instance ${identifier}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    const logGroup = "arn:aws:logs:*:*:log-group:RDSOSMetrics";
    const policy = new IamRolePolicy(this, "MonitoringPolicy", {
      role: role.id,
      name: "enhanced-monitoring",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], Resource: logGroup },
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
            Resource: `${logGroup}:log-stream:*`,
          },
        ],
      }),
    });
    return { role, policy };
  }
}
