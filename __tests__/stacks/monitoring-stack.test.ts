import { App } from "cdktf";
import { MonitoringStack, MonitoringStackProps } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { synth } from "../support/synth";

/** A monitoring stack built from plain values: no AppHost, Database or bucket construct anywhere. */
function monitoringFromValues(
  alarmTarget: MonitoringStackProps["alarmTarget"],
  change: Partial<MonitoringStackProps> = {},
) {
  return synth(
    new MonitoringStack(new App(), {
      environment: environmentConfig("development"),
      accountId: "123456789012",
      alarmTarget,
      appLogGroupName: "/webapp/development/app",
      database: { instanceIdentifier: "webapp-development", instanceClass: "db.t4g.micro" },
      bucketName: "webapp-development-app-files",
      ...change,
    }),
  ).parsed;
}

/** The Phase 2 inputs, as the ingress and database stacks would pass them. */
const PHASE2: Partial<MonitoringStackProps> = {
  loadBalancer: {
    loadBalancerArnSuffix: "app/webapp-development/50dc6c495c0c9188",
    targetGroupArnSuffix: "targetgroup/webapp-development-app/73e2d6bc24d8a067",
  },
  database: {
    instanceIdentifier: "webapp-development",
    instanceClass: "db.t4g.micro",
    replicas: [{ instanceIdentifier: "webapp-development-replica-1", instanceClass: "db.t4g.micro" }],
  },
};

function alarmDimensions(parsed: ReturnType<typeof monitoringFromValues>, alarm: string) {
  const alarms = Object.values(parsed.resource?.aws_cloudwatch_metric_alarm ?? {});
  return alarms.find((a) => a.alarm_name === alarm)?.dimensions;
}

describe("MonitoringStack", () => {
  test("is built from an alarm target and a log group name, without the AppHost class", () => {
    const parsed = monitoringFromValues({ kind: "instance", instanceId: "i-0123456789abcdef0" });
    expect(alarmDimensions(parsed, "webapp-development-app-cpu-high")).toEqual({ InstanceId: "i-0123456789abcdef0" });
    const filter = Object.values(parsed.resource?.aws_cloudwatch_log_metric_filter ?? {})[0];
    expect(filter.log_group_name).toBe("/webapp/development/app");
    expect(parsed.data).toBeUndefined();
  });

  test("an Auto Scaling group target alarms on the group, with nothing else to change", () => {
    const parsed = monitoringFromValues({ kind: "autoScalingGroup", name: "webapp-development-app" });
    expect(alarmDimensions(parsed, "webapp-development-app-cpu-high")).toEqual({
      AutoScalingGroupName: "webapp-development-app",
    });
  });

  test("a load balancer and a read replica given directly get their alarms, on their own dimensions", () => {
    const parsed = monitoringFromValues({ kind: "autoScalingGroup", name: "webapp-development-app" }, PHASE2);
    expect(alarmDimensions(parsed, "webapp-development-lb-5xx-errors")).toEqual({
      LoadBalancer: "app/webapp-development/50dc6c495c0c9188",
    });
    expect(alarmDimensions(parsed, "webapp-development-lb-response-time-p95-high")).toEqual({
      LoadBalancer: "app/webapp-development/50dc6c495c0c9188",
      TargetGroup: "targetgroup/webapp-development-app/73e2d6bc24d8a067",
    });
    expect(alarmDimensions(parsed, "webapp-development-db-replica-1-lag-high")).toEqual({
      DBInstanceIdentifier: "webapp-development-replica-1",
    });
    const names = Object.values(parsed.resource?.aws_cloudwatch_metric_alarm ?? {}).map((a) => a.alarm_name);
    expect(names).toHaveLength(16);
    expect(names.filter((name) => /status-check/.test(String(name)))).toEqual([]);
  });

  test("without them, the stack has exactly the Phase 1 alarms", () => {
    const parsed = monitoringFromValues({ kind: "instance", instanceId: "i-0123456789abcdef0" });
    const names = Object.values(parsed.resource?.aws_cloudwatch_metric_alarm ?? {}).map((a) => String(a.alarm_name));
    expect(names).toHaveLength(10);
    expect(names.filter((name) => /-lb-|replica/.test(name))).toEqual([]);
  });
});
