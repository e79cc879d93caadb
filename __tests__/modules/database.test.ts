import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { TerraformOutput } from "cdktf";
import { acknowledgementsOn } from "../../guardrails/acknowledge";
import { Database, DatabaseProps } from "../../modules/database";
import { synthModule } from "../support/module-stack";
import { onlyResource, resourcesOf } from "../support/synth";

function database(props: Partial<DatabaseProps> = {}) {
  return synthModule(
    (scope) =>
      new Database(scope, "Database", {
        identifier: "webapp-test",
        vpcId: "vpc-123",
        subnetIds: ["subnet-a", "subnet-c"],
        ...props,
      }),
  );
}

describe("Database", () => {
  test("IAM authentication on, and the resource id its user ARNs name is exposed (not the renamable identifier)", () => {
    expect(database().json).toHaveResourceWithProperties(DbInstance, { iam_database_authentication_enabled: true });
    const { parsed } = synthModule((scope) => {
      const db = new Database(scope, "Database", { identifier: "webapp-test", vpcId: "vpc-1", subnetIds: ["a", "c"] });
      new TerraformOutput(scope, "ResourceId", { value: db.resourceId });
    });
    expect(parsed.output?.ResourceId.value).toMatch(
      /^\$\{aws_db_instance\.Database_Instance_[0-9A-F]{8}\.resource_id\}$/,
    );
  });

  test("PostgreSQL on db.t4g.micro with encrypted gp3 storage that autoscales to 100 GiB", () => {
    expect(database().json).toHaveResourceWithProperties(DbInstance, {
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.t4g.micro",
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_encrypted: true,
    });
  });

  test("not publicly accessible, in a subnet group over the given private subnets", () => {
    const { json, parsed } = database();
    expect(json).toHaveResourceWithProperties(DbInstance, { publicly_accessible: false, port: 5432 });
    expect(json).toHaveResourceWithProperties(DbSubnetGroup, { subnet_ids: ["subnet-a", "subnet-c"] });
    expect(String(onlyResource(parsed, DbInstance.tfResourceType).db_subnet_group_name)).toMatch(
      /aws_db_subnet_group\./,
    );
  });

  test("the master password is managed by RDS: no password attribute anywhere", () => {
    const { json, parsed } = database();
    expect(json).toHaveResourceWithProperties(DbInstance, { manage_master_user_password: true, username: "dbadmin" });
    const instance = onlyResource(parsed, DbInstance.tfResourceType);
    expect(instance.password).toBeUndefined();
    expect(instance.password_wo).toBeUndefined();
  });

  test("backups for 7 days in Japan's night, copied tags, minor upgrades, log exports", () => {
    expect(database().json).toHaveResourceWithProperties(DbInstance, {
      backup_retention_period: 7,
      backup_window: "17:00-18:00",
      maintenance_window: "sat:18:30-sat:19:30",
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
    });
  });

  test("the exported logs go to log groups created first, with a retention", () => {
    const { parsed } = database({ logRetentionDays: 14 });
    const groups = resourcesOf(parsed, CloudwatchLogGroup.tfResourceType).map(([, g]) => g);
    expect(groups.map((g) => g.name).sort()).toEqual([
      "/aws/rds/instance/webapp-test/postgresql",
      "/aws/rds/instance/webapp-test/upgrade",
    ]);
    expect(groups.every((g) => g.retention_in_days === 14)).toBe(true);
    const dependsOn = onlyResource(parsed, DbInstance.tfResourceType).depends_on as string[];
    expect(dependsOn.filter((d) => d.startsWith("aws_cloudwatch_log_group."))).toHaveLength(2);
  });

  test("the parameter group forces TLS, logs schema changes and slow statements, and follows the major version", () => {
    const { json } = database({ engineVersion: "16.4" });
    expect(json).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres16",
      parameter: [
        { name: "rds.force_ssl", value: "1", apply_method: "immediate" },
        { name: "log_statement", value: "ddl", apply_method: "immediate" },
        { name: "log_min_duration_statement", value: "1000", apply_method: "immediate" },
      ],
    });
    const slower = database({ slowQueryThresholdMs: 250 });
    const group = onlyResource(slower.parsed, DbParameterGroup.tfResourceType);
    expect(group.parameter).toContainEqual({
      name: "log_min_duration_statement",
      value: "250",
      apply_method: "immediate",
    });
  });

  test("Enhanced Monitoring every 60 s through a role only RDS monitoring assumes, limited to RDSOSMetrics", () => {
    const { json, parsed } = database();
    const instance = onlyResource(parsed, DbInstance.tfResourceType);
    expect(instance.monitoring_interval).toBe(60);
    expect(String(instance.monitoring_role_arn)).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
    const role = onlyResource(parsed, IamRole.tfResourceType);
    expect(role.name).toBe("webapp-test-rds-monitoring");
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const policy = JSON.parse(String(onlyResource(parsed, IamRolePolicy.tfResourceType).policy));
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
        Resource: "arn:aws:logs:*:*:log-group:RDSOSMetrics",
      },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
        Resource: "arn:aws:logs:*:*:log-group:RDSOSMetrics:log-stream:*",
      },
    ]);
    // The role's permissions exist before RDS starts publishing.
    expect(instance.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role_policy\./)]));
    expect(json).toHaveResourceWithProperties(DbInstance, { monitoring_interval: 60 });
  });

  test("Enhanced Monitoring off (interval 0) creates no role", () => {
    const { parsed } = database({ enhancedMonitoringIntervalSec: 0 });
    const instance = onlyResource(parsed, DbInstance.tfResourceType);
    expect(instance.monitoring_interval).toBe(0);
    expect(instance.monitoring_role_arn).toBeUndefined();
    expect(resourcesOf(parsed, IamRole.tfResourceType)).toEqual([]);
  });

  test("Database Insights standard (free, 7 days) by default; advanced keeps 465 days of Performance Insights", () => {
    expect(database().json).toHaveResourceWithProperties(DbInstance, {
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      database_insights_mode: "standard",
    });
    expect(database({ databaseInsightsMode: "advanced" }).json).toHaveResourceWithProperties(DbInstance, {
      performance_insights_enabled: true,
      performance_insights_retention_period: 465,
      database_insights_mode: "advanced",
    });
  });

  test("the security group starts with no rules: clients add their own ingress", () => {
    const { parsed } = database();
    const sg = onlyResource(parsed, SecurityGroup.tfResourceType);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(sg.description).toMatch(/\S/);
    expect(parsed.resource?.aws_vpc_security_group_ingress_rule).toBeUndefined();
  });

  test("production defaults: deletion protection, a final snapshot, prevent_destroy, kept backups", () => {
    const instance = onlyResource(database().parsed, DbInstance.tfResourceType);
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "webapp-test-final",
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
    const groups = resourcesOf(database().parsed, CloudwatchLogGroup.tfResourceType).map(([, g]) => g.lifecycle);
    expect(groups).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
  });

  test("the protections can be turned off for throwaway environments", () => {
    const instance = onlyResource(
      database({ enableDeletionProtection: false, enableFinalSnapshot: false, preventDestroy: false }).parsed,
      DbInstance.tfResourceType,
    );
    expect(instance).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(instance.final_snapshot_identifier).toBeUndefined();
    expect(instance.lifecycle).toBeUndefined();
    const groups = resourcesOf(database({ preventDestroy: false }).parsed, CloudwatchLogGroup.tfResourceType);
    expect(groups.map(([, g]) => g.lifecycle)).toEqual([undefined, undefined]);
  });

  test("single-AZ is a trade-off acknowledged on the instance; Multi-AZ needs no acknowledgement", () => {
    expect(acknowledgementsOn(database().construct.instance)).toEqual([
      { ruleId: "RDS-MULTI-AZ", reason: expect.stringMatching(/multiAz/) },
    ]);
    const multiAz = database({ enableMultiAz: true });
    expect(onlyResource(multiAz.parsed, DbInstance.tfResourceType).multi_az).toBe(true);
    expect(acknowledgementsOn(multiAz.construct.instance)).toEqual([]);
  });

  test("exposes the identifier and class known at synth time, for alarms", () => {
    const { construct } = database({ instanceClass: "db.t4g.small" });
    expect(construct.instanceIdentifier).toBe("webapp-test");
    expect(construct.instanceClass).toBe("db.t4g.small");
  });
});
