import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { databaseIdentifier } from "../config";
import { Database, ReadReplica } from "../modules/database";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/** The network as the database uses it (from the network stack). */
export interface DatabaseNetwork {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** Private subnet IDs, in two or more availability zones. */
  readonly privateSubnetIds: string[];
}

/** Props of {@link DatabaseStack}. */
export interface DatabaseStackProps extends EnvironmentStackProps {
  /** The environment's network (from the network stack). */
  readonly network: DatabaseNetwork;
}

/**
 * The RDS for PostgreSQL instance of one environment (D1), in the network stack's private subnets; Multi-AZ and
 * its read replicas as `capabilities.database` says (Phase 2, A4).
 */
export class DatabaseStack extends EnvironmentStack {
  /** The database. */
  readonly database: Database;
  /** The read replicas, in order (`<identifier>-replica-1`, ...). */
  readonly readReplicas: ReadReplica[] = [];

  constructor(scope: Construct, props: DatabaseStackProps) {
    super(scope, "database", props);
    const env = props.environment;
    const db = env.database;
    const engine = env.capabilities.database;
    switch (engine.kind) {
      case "rds-postgresql":
        break;
      case "aurora-postgresql-serverless-v2":
        throw notBuiltByThisVersion("database", engine.kind);
    }
    this.database = new Database(this, "Database", {
      identifier: databaseIdentifier(env),
      vpcId: props.network.vpcId,
      subnetIds: props.network.privateSubnetIds,
      engineVersion: db.engineVersion,
      engineMajorVersion: db.engineMajorVersion,
      instanceClass: db.instanceClass,
      allocatedStorageGiB: db.allocatedStorageGiB,
      maxAllocatedStorageGiB: db.maxAllocatedStorageGiB,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      backupRetentionDays: db.backupRetentionDays,
      backupWindow: db.backupWindow,
      maintenanceWindow: db.maintenanceWindow,
      enableMultiAz: engine.multiAz,
      enableDeletionProtection: db.enableDeletionProtection,
      enableFinalSnapshot: db.enableFinalSnapshot,
      preventDestroy: db.preventDestroy,
      applyImmediately: db.applyImmediately,
      logRetentionDays: db.logRetentionDays,
      enhancedMonitoringIntervalSec: db.enhancedMonitoringIntervalSec,
      databaseInsightsMode: db.databaseInsightsMode,
      slowQueryThresholdMs: db.slowQueryThresholdMs,
    });
    for (let n = 1; n <= engine.readReplicas; n++) {
      const replica = new ReadReplica(this, `ReadReplica-${n}`, {
        source: this.database,
        identifier: `${databaseIdentifier(env)}-replica-${n}`,
        enableDeletionProtection: db.enableDeletionProtection,
        applyImmediately: db.applyImmediately,
        logRetentionDays: db.logRetentionDays,
        preventLogGroupDestroy: db.preventDestroy,
      });
      this.readReplicas.push(replica);
      new TerraformOutput(this, `ReadReplica-${n}-Address`, { value: replica.address });
    }
    new TerraformOutput(this, "Endpoint", { value: this.database.dbEndpoint });
    new TerraformOutput(this, "Port", { value: this.database.dbPort });
    new TerraformOutput(this, "DatabaseName", { value: this.database.databaseName });
    new TerraformOutput(this, "MasterUserSecretArn", { value: this.database.masterUserSecretArn });
    new TerraformOutput(this, "SecurityGroupId", { value: this.database.securityGroupId });
    new TerraformOutput(this, "ResourceId", { value: this.database.resourceId });
  }
}
