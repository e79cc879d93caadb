import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup, DbParameterGroupConfig } from "@cdktf/provider-aws/lib/db-parameter-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformStack } from "cdktf";
import { Database, ReadReplica } from "../../../modules/database";
import { RuleCase } from "../../support/guardrails";

function parameterGroup(stack: TerraformStack, change: Partial<DbParameterGroupConfig> = {}): DbParameterGroup {
  return new DbParameterGroup(stack, "Parameters", {
    family: "postgres16",
    parameter: [
      { name: "rds.force_ssl", value: "1" },
      { name: "log_statement", value: "ddl" },
      { name: "log_min_duration_statement", value: "1000" },
    ],
    ...change,
  });
}

/** A PostgreSQL instance that meets every RDS rule; cases change one setting. */
function database(stack: TerraformStack, change: Partial<DbInstanceConfig> = {}): DbInstance {
  return new DbInstance(stack, "Database", {
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    multiAz: true,
    publiclyAccessible: false,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    autoMinorVersionUpgrade: true,
    copyTagsToSnapshot: true,
    parameterGroupName: parameterGroup(stack).name,
    monitoringInterval: 60,
    monitoringRoleArn: "arn:aws:iam::123456789012:role/webapp-rds-monitoring",
    performanceInsightsEnabled: true,
    databaseInsightsMode: "standard",
    ...change,
  });
}

/** A replica of a database this configuration does not create, named by ARN. */
function replica(stack: TerraformStack, change: Partial<DbInstanceConfig> = {}): DbInstance {
  return new DbInstance(stack, "Replica", {
    replicateSourceDb: "arn:aws:rds:ap-northeast-1:123456789012:db:webapp-primary",
    instanceClass: "db.t4g.micro",
    copyTagsToSnapshot: true,
    ...change,
  });
}

/** The project's own source and replica modules, as Phase 2 builds them. */
function replicaModule(stack: TerraformStack): ReadReplica {
  const source = new Database(stack, "Database", {
    identifier: "webapp-test",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-c"],
    enableMultiAz: true,
  });
  return new ReadReplica(stack, "Replica-1", { source, identifier: "webapp-test-replica-1" });
}

/** Checks only the replica: rules that judge the source too would count it. */
const onlyReplica = (s: TerraformStack) => {
  const source = database(s);
  return replica(s, { replicateSourceDb: source.identifier, storageEncrypted: undefined });
};

const good = (s: TerraformStack) => database(s);

export const RDS_CASES: readonly RuleCase[] = [
  { ruleId: "RDS-ENCRYPTED", name: "an encrypted instance", expect: "compliant", build: good },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "a read replica that inherits the encryption of its source, by reference",
    expect: "compliant",
    build: onlyReplica,
  },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "the read replica module (encrypted like its source)",
    expect: "compliant",
    build: (s) => replicaModule(s),
  },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "bypass attempt: a replica that inherits the encryption of a database named only by ARN",
    expect: "non-compliant",
    message: /inherits the encryption of "arn:aws:rds:.*webapp-primary", a database not created in this configuration/,
    build: (s) => replica(s),
  },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "a replica that says storage_encrypted = false",
    expect: "non-compliant",
    message: /storage is not encrypted/,
    build: (s) => replica(s, { storageEncrypted: false }),
  },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "an unencrypted instance",
    expect: "non-compliant",
    message: /not encrypted.*storage_encrypted = true/,
    build: (s) => database(s, { storageEncrypted: false }),
  },
  {
    ruleId: "RDS-ENCRYPTED",
    name: "an Aurora cluster that does not say storage_encrypted",
    expect: "non-compliant",
    build: (s) => new RdsCluster(s, "Cluster", { engine: "aurora-postgresql", masterUsername: "app" }),
  },
  { ruleId: "RDS-NOT-PUBLIC", name: "a private instance", expect: "compliant", build: good },
  { ruleId: "RDS-NOT-PUBLIC", name: "the read replica module", expect: "compliant", build: (s) => replicaModule(s) },
  {
    ruleId: "RDS-NOT-PUBLIC",
    name: "a public read replica of a private source",
    expect: "non-compliant",
    message: /public endpoint/,
    build: (s) => replica(s, { publiclyAccessible: true }),
  },
  {
    ruleId: "RDS-NOT-PUBLIC",
    name: "a public instance",
    expect: "non-compliant",
    message: /public endpoint/,
    build: (s) => database(s, { publiclyAccessible: true }),
  },
  {
    ruleId: "RDS-NOT-PUBLIC",
    name: "a public Aurora cluster instance",
    expect: "non-compliant",
    build: (s) =>
      new RdsClusterInstance(s, "Writer", {
        clusterIdentifier: "webapp",
        instanceClass: "db.serverless",
        engine: "aurora-postgresql",
        publiclyAccessible: true,
      }),
  },
  { ruleId: "RDS-MULTI-AZ", name: "a Multi-AZ primary", expect: "compliant", build: good },
  {
    ruleId: "RDS-MULTI-AZ",
    name: "a single-AZ read replica (the standby protects the source)",
    expect: "not-applicable",
    build: (s) => replica(s, { multiAz: false }),
  },
  {
    ruleId: "RDS-MULTI-AZ",
    name: "bypass attempt: a single-AZ primary posing as a replica of something that is not a database",
    expect: "non-compliant",
    message: /cannot verify replicate_source_db/,
    build: (s) => {
      const parameter = new SsmParameter(s, "Source", { name: "/webapp/test/source", type: "String", value: "none" });
      database(s, { multiAz: false, replicateSourceDb: parameter.value });
    },
  },
  {
    ruleId: "RDS-MULTI-AZ",
    name: "a single-AZ primary (Phase 1 without its acknowledgement)",
    expect: "non-compliant",
    message: /one availability zone.*acknowledging RDS-MULTI-AZ/,
    build: (s) => database(s, { multiAz: false }),
  },
  { ruleId: "RDS-BACKUPS", name: "7 days of backups", expect: "compliant", build: good },
  {
    ruleId: "RDS-BACKUPS",
    name: "backups switched off",
    expect: "non-compliant",
    message: /backup_retention_period is 0/,
    build: (s) => database(s, { backupRetentionPeriod: 0 }),
  },
  {
    ruleId: "RDS-DELETION-PROTECTION",
    name: "a protected production database",
    expect: "compliant",
    environment: { name: "production" },
    build: good,
  },
  {
    ruleId: "RDS-DELETION-PROTECTION",
    name: "an unprotected production read replica",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /production database can be deleted/,
    build: (s) => replica(s, { deletionProtection: false }),
  },
  {
    ruleId: "RDS-DELETION-PROTECTION",
    name: "an unprotected development database",
    expect: "not-applicable",
    build: (s) => database(s, { deletionProtection: false }),
  },
  {
    ruleId: "RDS-DELETION-PROTECTION",
    name: "an unprotected production database",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /production database can be deleted/,
    build: (s) => database(s, { deletionProtection: false }),
  },
  { ruleId: "RDS-LOG-EXPORTS", name: "postgresql and upgrade logs exported", expect: "compliant", build: good },
  {
    ruleId: "RDS-LOG-EXPORTS",
    name: "no log exports",
    expect: "non-compliant",
    message: /exports no logs/,
    build: (s) => database(s, { enabledCloudwatchLogsExports: [] }),
  },
  {
    ruleId: "RDS-LOG-EXPORTS",
    name: "the read replica module (postgresql and upgrade logs)",
    expect: "compliant",
    build: (s) => replicaModule(s),
  },
  {
    ruleId: "RDS-LOG-EXPORTS",
    name: "a PostgreSQL replica (no engine of its own) that exports only the upgrade log",
    expect: "non-compliant",
    message: /but not the postgresql log/,
    build: (s) => replica(s, { replicateSourceDb: database(s).identifier, enabledCloudwatchLogsExports: ["upgrade"] }),
  },
  {
    ruleId: "RDS-LOG-EXPORTS",
    name: "only the upgrade log",
    expect: "non-compliant",
    message: /but not the postgresql log/,
    build: (s) => database(s, { enabledCloudwatchLogsExports: ["upgrade"] }),
  },
  { ruleId: "RDS-MINOR-UPGRADES", name: "automatic minor upgrades", expect: "compliant", build: good },
  {
    ruleId: "RDS-MINOR-UPGRADES",
    name: "minor upgrades switched off",
    expect: "non-compliant",
    build: (s) => database(s, { autoMinorVersionUpgrade: false }),
  },
  { ruleId: "RDS-COPY-TAGS", name: "tags copied to snapshots", expect: "compliant", build: good },
  {
    ruleId: "RDS-COPY-TAGS",
    name: "copy_tags_to_snapshot left unset",
    expect: "non-compliant",
    build: (s) => database(s, { copyTagsToSnapshot: undefined }),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "an instance using a parameter group that forces TLS",
    expect: "compliant",
    build: good,
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "a MySQL parameter group",
    expect: "not-applicable",
    build: (s) => parameterGroup(s, { family: "mysql8.0", parameter: [] }),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "a PostgreSQL parameter group without rds.force_ssl",
    expect: "non-compliant",
    message: /rds\.force_ssl is not set/,
    build: (s) => parameterGroup(s, { parameter: [{ name: "log_min_duration_statement", value: "1000" }] }),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "rds.force_ssl = 0",
    expect: "non-compliant",
    message: /rds\.force_ssl is "0"/,
    build: (s) => parameterGroup(s, { parameter: [{ name: "rds.force_ssl", value: "0" }] }),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "the read replica module (the source's parameter group, by reference)",
    expect: "compliant",
    build: (s) => replicaModule(s),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "bypass attempt: a replica (no engine of its own) on the default PostgreSQL parameter group",
    expect: "non-compliant",
    message: /default parameter group/,
    build: (s) => replica(s, { parameterGroupName: "default.postgres16" }),
  },
  {
    ruleId: "RDS-FORCE-SSL",
    name: "an instance on the engine's default parameter group",
    expect: "non-compliant",
    message: /default parameter group/,
    build: (s) => database(s, { parameterGroupName: undefined }),
  },
  { ruleId: "RDS-MANAGED-PASSWORD", name: "a password managed by RDS", expect: "compliant", build: good },
  {
    ruleId: "RDS-MANAGED-PASSWORD",
    name: "a read replica (no password of its own)",
    expect: "not-applicable",
    build: (s) => replica(s),
  },
  {
    ruleId: "RDS-MANAGED-PASSWORD",
    name: "a password written in the configuration",
    expect: "non-compliant",
    message: /stored in cdktf\.out and in the Terraform state/,
    build: (s) => database(s, { manageMasterUserPassword: undefined, password: "not-a-real-password" }),
  },
  {
    ruleId: "RDS-MANAGED-PASSWORD",
    name: "manage_master_user_password left unset",
    expect: "non-compliant",
    message: /not managed by RDS/,
    build: (s) => database(s, { manageMasterUserPassword: undefined }),
  },
  { ruleId: "RDS-ENHANCED-MONITORING", name: "samples every 60 seconds", expect: "compliant", build: good },
  {
    ruleId: "RDS-ENHANCED-MONITORING",
    name: "monitoring_interval left unset (RDS's default, off)",
    expect: "non-compliant",
    message: /Enhanced Monitoring is off \(monitoring_interval is unset\)/,
    build: (s) => database(s, { monitoringInterval: undefined, monitoringRoleArn: undefined }),
  },
  {
    ruleId: "RDS-ENHANCED-MONITORING",
    name: "an interval RDS does not accept",
    expect: "non-compliant",
    message: /monitoring_interval is 120/,
    build: (s) => database(s, { monitoringInterval: 120 }),
  },
  {
    ruleId: "RDS-ENHANCED-MONITORING",
    name: "bypass attempt: an interval without the role that publishes the samples",
    expect: "non-compliant",
    message: /monitoring_role_arn is not/,
    build: (s) => database(s, { monitoringRoleArn: undefined }),
  },
  {
    ruleId: "RDS-ENHANCED-MONITORING",
    name: "a read replica without Enhanced Monitoring",
    expect: "non-compliant",
    build: (s) => replica(s),
  },
  {
    ruleId: "RDS-DATABASE-INSIGHTS",
    name: "Performance Insights on, Database Insights standard",
    expect: "compliant",
    build: good,
  },
  {
    ruleId: "RDS-DATABASE-INSIGHTS",
    name: "Database Insights advanced with 465 days of Performance Insights",
    expect: "compliant",
    build: (s) => database(s, { databaseInsightsMode: "advanced", performanceInsightsRetentionPeriod: 465 }),
  },
  {
    ruleId: "RDS-DATABASE-INSIGHTS",
    name: "MySQL on db.t4g.micro, which Performance Insights does not support",
    expect: "not-applicable",
    build: (s) => database(s, { engine: "mysql", performanceInsightsEnabled: false }),
  },
  {
    ruleId: "RDS-DATABASE-INSIGHTS",
    name: "Performance Insights left off",
    expect: "non-compliant",
    message: /Performance Insights is off/,
    build: (s) => database(s, { performanceInsightsEnabled: undefined, databaseInsightsMode: undefined }),
  },
  {
    ruleId: "RDS-DATABASE-INSIGHTS",
    name: "bypass attempt: the advanced mode on 7 days of retention, which RDS refuses at apply",
    expect: "non-compliant",
    message: /465 days/,
    build: (s) => database(s, { databaseInsightsMode: "advanced", performanceInsightsRetentionPeriod: 7 }),
  },
  {
    ruleId: "RDS-QUERY-LOGGING",
    name: "schema changes and statements over one second logged",
    expect: "compliant",
    build: (s) => parameterGroup(s),
  },
  {
    ruleId: "RDS-QUERY-LOGGING",
    name: "a MySQL parameter group",
    expect: "not-applicable",
    build: (s) => parameterGroup(s, { family: "mysql8.0", parameter: [] }),
  },
  {
    ruleId: "RDS-QUERY-LOGGING",
    name: "a group that only forces TLS",
    expect: "non-compliant",
    message: /log_statement is not set/,
    build: (s) => parameterGroup(s, { parameter: [{ name: "rds.force_ssl", value: "1" }] }),
  },
  {
    ruleId: "RDS-QUERY-LOGGING",
    name: 'bypass attempt: both parameters present, log_statement = "none"',
    expect: "non-compliant",
    message: /log_statement is "none"/,
    build: (s) =>
      parameterGroup(s, {
        parameter: [
          { name: "log_statement", value: "none" },
          { name: "log_min_duration_statement", value: "1000" },
        ],
      }),
  },
  {
    ruleId: "RDS-QUERY-LOGGING",
    name: "bypass attempt: both parameters present, log_min_duration_statement = -1 (off)",
    expect: "non-compliant",
    message: /log_min_duration_statement is "-1"/,
    build: (s) =>
      parameterGroup(s, {
        parameter: [
          { name: "log_statement", value: "ddl" },
          { name: "log_min_duration_statement", value: "-1" },
        ],
      }),
  },
];
