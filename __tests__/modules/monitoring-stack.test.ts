import { App, TerraformStack } from "cdktf";
import { MonitoringStack, buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { alarmsByName, parsePolicy } from "./monitoring-fixtures";
import { onlyResource, synth } from "../support/synth";

/** The monitoring stack of a development environment, with cross-stack references resolved as `cdktf synth` does. */
function monitoringStack(change: Parameters<typeof environmentConfig>[1] = (env) => env): MonitoringStack {
  const app = new App();
  const stacks = buildEnvironment(app, environmentConfig("development", change));
  app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .forEach((stack) => stack.prepareStack());
  return stacks.monitoring;
}

describe("MonitoringStack", () => {
  test("is part of every environment, named <environment>-monitoring", () => {
    const stack = monitoringStack();
    expect(stack.node.id).toBe("development-monitoring");
  });

  test("alarms the app host's instance and log group, and the bucket, through cross-stack references", () => {
    const { parsed } = synth(monitoringStack());
    const remote = Object.keys(parsed.data?.terraform_remote_state ?? {});
    expect(remote.sort()).toEqual([
      "cross-stack-reference-input-development-compute",
      "cross-stack-reference-input-development-network",
      "cross-stack-reference-input-development-storage",
    ]);
    const alarms = alarmsByName(parsed);
    expect(alarms["webapp-development-app-cpu-high"].dimensions).toEqual({
      InstanceId: expect.stringMatching(/terraform_remote_state\.cross-stack-reference-input-development-compute/),
    });
    expect(onlyResource(parsed, "aws_cloudwatch_log_metric_filter").log_group_name).toMatch(/development-compute/);
    expect(onlyResource(parsed, "aws_s3_bucket_metric").bucket).toMatch(/development-storage/);
    expect(alarms["webapp-development-db-cpu-high"].dimensions).toEqual({ DBInstanceIdentifier: "webapp-development" });
  });

  test("the connection alarm follows the configured database instance class", () => {
    const micro = alarmsByName(synth(monitoringStack()).parsed);
    expect(micro["webapp-development-db-connections-high"].threshold).toBe(66);
    const medium = alarmsByName(
      synth(monitoringStack((env) => ({ ...env, database: { ...env.database, instanceClass: "db.t4g.medium" } })))
        .parsed,
    );
    expect(medium["webapp-development-db-connections-high"].threshold).toBe(331);
  });

  test("names the account without calling AWS at plan time: configured, else the VPC's owner", () => {
    const unnamed = synth(monitoringStack()).parsed;
    expect(unnamed.data?.aws_caller_identity).toBeUndefined();
    expect(JSON.stringify(parsePolicy(onlyResource(unnamed, "aws_kms_key").policy))).toMatch(
      /arn:aws:iam::\$\{data\.terraform_remote_state\.cross-stack-reference-input-development-network\.outputs\.[^}]*owner_id[^}]*\}:root/,
    );
    const { parsed } = synth(monitoringStack((env) => ({ ...env, allowedAccountId: "123456789012" })));
    expect(parsed.data?.aws_caller_identity).toBeUndefined();
    const policy = parsePolicy(onlyResource(parsed, "aws_kms_key").policy);
    expect(JSON.stringify(policy)).toContain(
      "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:webapp-development-*",
    );
  });

  test("outputs the topic, the dashboard and the max_connections the alarm uses", () => {
    const { parsed } = synth(monitoringStack());
    expect(Object.keys(parsed.output ?? {}).sort()).toEqual([
      "AlarmTopicArn",
      "DashboardName",
      "DatabaseMaxConnections",
    ]);
    expect(parsed.output?.DatabaseMaxConnections.value).toBe(82);
  });
});
