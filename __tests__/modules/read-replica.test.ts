import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { capabilitiesForPhase } from "../../config";
import { Database, ReadReplica } from "../../modules/database";
import { checkTestStack } from "../support/guardrails";
import { synthModule } from "../support/module-stack";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function build(preventLogGroupDestroy?: boolean) {
  const result = synthModule((scope) => {
    const source = new Database(scope, "Database", {
      identifier: "webapp-production",
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-c"],
      enableMultiAz: true,
    });
    return new ReadReplica(scope, "Replica-1", {
      source,
      identifier: "webapp-production-replica-1",
      preventLogGroupDestroy,
    });
  });
  return { ...result, resources: (result.parsed as unknown as { resource: Resources }).resource };
}

function replicaOf(resources: Resources) {
  return Object.values(resources[DbInstance.tfResourceType]).find((i) => i.replicate_source_db)!;
}

describe("ReadReplica", () => {
  test("replicates the source, private, encrypted, with the source's parameter and security groups", () => {
    const replica = replicaOf(build().resources);
    expect(replica).toMatchObject({
      identifier: "webapp-production-replica-1",
      replicate_source_db: expect.stringMatching(/^\$\{aws_db_instance\.Database_Instance_\w+\.identifier\}$/),
      instance_class: "db.t4g.micro",
      publicly_accessible: false,
      storage_encrypted: true,
      multi_az: false,
      auto_minor_version_upgrade: true,
      deletion_protection: true,
      skip_final_snapshot: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      parameter_group_name: expect.stringMatching(/aws_db_instance\.Database_Instance_\w+\.parameter_group_name/),
      vpc_security_group_ids: expect.stringMatching(/aws_db_instance\.Database_Instance_\w+\.vpc_security_group_ids/),
    });
    // No credentials and no engine version of its own: both follow the source.
    for (const key of ["username", "manage_master_user_password", "engine_version", "db_name"]) {
      expect(replica).not.toHaveProperty(key);
    }
  });

  test("its log groups exist before it exports to them, with a retention", () => {
    const { resources } = build();
    const names = Object.values(resources[CloudwatchLogGroup.tfResourceType]).map((g) => [g.name, g.retention_in_days]);
    expect(names).toEqual(
      expect.arrayContaining([
        ["/aws/rds/instance/webapp-production-replica-1/postgresql", 30],
        ["/aws/rds/instance/webapp-production-replica-1/upgrade", 30],
      ]),
    );
    expect(replicaOf(resources).depends_on).toHaveLength(2);
  });

  test("its log groups refuse terraform destroy by default, the replica itself does not (it holds no data of its own)", () => {
    const lifecycles = (resources: Resources) =>
      Object.values(resources[CloudwatchLogGroup.tfResourceType])
        .filter((g) => String(g.name).includes("replica-1"))
        .map((g) => g.lifecycle);
    expect(lifecycles(build().resources)).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
    expect(lifecycles(build(false).resources)).toEqual([undefined, undefined]);
    expect(replicaOf(build().resources).lifecycle).toBeUndefined();
  });

  test("passes the guardrails", () => {
    const run = checkTestStack(
      (stack) => {
        const source = new Database(stack, "Database", {
          identifier: "webapp-production",
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-c"],
          enableMultiAz: true,
        });
        new ReadReplica(stack, "Replica-1", { source, identifier: "webapp-production-replica-1" });
      },
      { name: "production", capabilities: capabilitiesForPhase(1) },
    );
    // Log groups under CloudWatch Logs' own keys are acknowledged per environment, in configuration.
    const acknowledgedByConfiguration = ["LOGS-KMS-ENCRYPTED"];
    const failed = run.stacks[0].failed.filter((f) => !acknowledgedByConfiguration.includes(f.ruleId));
    expect(failed.map((f) => `${f.ruleId} ${f.address}`)).toEqual([]);
    // The replica is watched like its source: Enhanced Monitoring and Database Insights included.
    expect(replicaOf(build().resources)).toMatchObject({
      monitoring_interval: 60,
      monitoring_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.Database_MonitoringRole_\w+\.arn\}$/),
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      database_insights_mode: "standard",
    });
  });
});
