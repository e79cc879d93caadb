import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance, InstanceConfig } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformStack } from "cdktf";
import { ContainerRegistry } from "../../../modules/container-registry";
import { Database, DatabaseProps } from "../../../modules/database";
import { AlarmNotifications } from "../../../modules/monitoring";
import { Network } from "../../../modules/network";
import { RuleCase } from "../../support/guardrails";

const PRODUCTION = { name: "production" } as const;

/** The project's database module, as a stack would build it, with `change` applied. */
function databaseModule(stack: TerraformStack, change: Partial<DatabaseProps> = {}): Database {
  return new Database(stack, "Database", {
    identifier: "webapp-production",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-c"],
    ...change,
  });
}

/** A primary instance that keeps a week of backups and a final snapshot; cases change one setting. */
function database(stack: TerraformStack, change: Partial<DbInstanceConfig> = {}): DbInstance {
  return new DbInstance(stack, "Database", {
    identifier: "webapp-production",
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    backupRetentionPeriod: 7,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "webapp-production-final",
    ...change,
  });
}

const replica = (stack: TerraformStack) =>
  new DbInstance(stack, "Replica", {
    replicateSourceDb: "webapp-production",
    instanceClass: "db.t4g.micro",
    skipFinalSnapshot: true,
  });

function instance(stack: TerraformStack, change: Partial<InstanceConfig> = {}): Instance {
  return new Instance(stack, "Host", { ami: "ami-1", instanceType: "t4g.micro", ...change });
}

function fromTemplate(stack: TerraformStack, disableApiTermination?: boolean): Instance {
  const template = new LaunchTemplate(stack, "Template", { name: "webapp-production-app-host", disableApiTermination });
  return instance(stack, { ami: undefined, launchTemplate: { id: template.id, version: "$Latest" } });
}

const network = (stack: TerraformStack, preventFlowLogDestroy?: boolean) =>
  new Network(stack, "Network", {
    namePrefix: "webapp-production",
    vpcCidr: "10.30.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
    publicSubnetCidrs: ["10.30.0.0/20", "10.30.16.0/20"],
    privateSubnetCidrs: ["10.30.128.0/20", "10.30.144.0/20"],
    enableFlowLogs: true,
    preventFlowLogDestroy,
  });

export const PROTECTION_CASES: readonly RuleCase[] = [
  // PREVENT-DESTROY
  {
    ruleId: "PREVENT-DESTROY",
    name: "the registry module in production, with its default",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => new ContainerRegistry(s, "Registry", { repositoryName: "webapp/production/app" }),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "the database module in production: the instance and both log groups",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => databaseModule(s),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "the flow log group of the network module in production",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => network(s),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "a read replica, which holds nothing its source lacks",
    expect: "not-applicable",
    environment: PRODUCTION,
    build: replica,
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "outside production an Elastic IP may be released",
    expect: "not-applicable",
    build: (s) => new Eip(s, "Address", { domain: "vpc" }),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "bypass attempt: the registry module used directly with preventDestroy false in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /lose the images a rollback redeploys.*registry\.preventDestroy.*PREVENT-DESTROY acknowledged/,
    build: (s) =>
      new ContainerRegistry(s, "Registry", { repositoryName: "webapp/production/app", preventDestroy: false }),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "bypass attempt: the alarm topic's key without prevent_destroy in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /nothing it encrypted can be read.*monitoring\.preventDestroy/,
    build: (s) =>
      new AlarmNotifications(s, "Notifications", {
        namePrefix: "webapp-production",
        region: "ap-northeast-1",
        accountId: "123456789012",
        preventKeyDestroy: false,
      }),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "bypass attempt: the database module with preventDestroy false leaves its log groups unprotected too",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /lose the logs it still retains.*database\.preventDestroy/,
    build: (s) => databaseModule(s, { preventDestroy: false }),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "bypass attempt: the flow log group with preventFlowLogDestroy false in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /network\.preventFlowLogDestroy/,
    build: (s) => network(s, false),
  },
  {
    ruleId: "PREVENT-DESTROY",
    name: "an Elastic IP in production without prevent_destroy",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /the public address others allow-list.*compute\.preventDestroy/,
    build: (s) => new Eip(s, "Address", { domain: "vpc" }),
  },
  // RDS-FINAL-SNAPSHOT
  {
    ruleId: "RDS-FINAL-SNAPSHOT",
    name: "the database module in production, with its default",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => databaseModule(s),
  },
  {
    ruleId: "RDS-FINAL-SNAPSHOT",
    name: "a read replica without a final snapshot",
    expect: "not-applicable",
    environment: PRODUCTION,
    build: replica,
  },
  {
    ruleId: "RDS-FINAL-SNAPSHOT",
    name: "outside production the snapshot may be skipped",
    expect: "not-applicable",
    build: (s) => database(s, { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined }),
  },
  {
    ruleId: "RDS-FINAL-SNAPSHOT",
    name: "bypass attempt: the database module used directly with enableFinalSnapshot false in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /skip_final_snapshot = true: deleting the database keeps no snapshot.*database\.enableFinalSnapshot/,
    build: (s) => databaseModule(s, { enableFinalSnapshot: false }),
  },
  {
    ruleId: "RDS-FINAL-SNAPSHOT",
    name: "a production instance that does not skip the snapshot but names none",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /no final_snapshot_identifier/,
    build: (s) => database(s, { finalSnapshotIdentifier: undefined }),
  },
  // RDS-BACKUPS-7-DAYS
  {
    ruleId: "RDS-BACKUPS-7-DAYS",
    name: "a week of backups in production",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => database(s),
  },
  {
    ruleId: "RDS-BACKUPS-7-DAYS",
    name: "outside production one day is enough",
    expect: "not-applicable",
    build: (s) => database(s, { backupRetentionPeriod: 1 }),
  },
  {
    ruleId: "RDS-BACKUPS-7-DAYS",
    name: "bypass attempt: the database module used directly with 3 days of backups in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /kept 3 day\(s\).*database\.backupRetentionDays/,
    build: (s) => databaseModule(s, { backupRetentionDays: 3 }),
  },
  {
    ruleId: "RDS-BACKUPS-7-DAYS",
    name: "a production instance that leaves the retention to AWS's default",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /AWS's default of 1 day/,
    build: (s) => database(s, { backupRetentionPeriod: undefined }),
  },
  // EC2-TERMINATION-PROTECTION
  {
    ruleId: "EC2-TERMINATION-PROTECTION",
    name: "a protected production instance",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => instance(s, { disableApiTermination: true }),
  },
  {
    ruleId: "EC2-TERMINATION-PROTECTION",
    name: "a production instance launched from a template that protects it",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => fromTemplate(s, true),
  },
  {
    ruleId: "EC2-TERMINATION-PROTECTION",
    name: "outside production an instance may be terminated",
    expect: "not-applicable",
    build: (s) => instance(s),
  },
  {
    ruleId: "EC2-TERMINATION-PROTECTION",
    name: "a production instance with termination protection off",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /can be terminated through the API.*compute\.enableTerminationProtection/,
    build: (s) => instance(s, { disableApiTermination: false }),
  },
  {
    ruleId: "EC2-TERMINATION-PROTECTION",
    name: "bypass attempt: leaving it unset on the instance, launched from a template that does not protect it",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /can be terminated through the API/,
    build: (s) => fromTemplate(s),
  },
];
