import { App } from "cdktf";
import { MonitoringStack, MonitoringStackProps } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { synth } from "../support/synth";

/** A monitoring stack built from plain values: no AppHost, Database or bucket construct anywhere. */
function monitoringFromValues(alarmTarget: MonitoringStackProps["alarmTarget"]) {
  return synth(
    new MonitoringStack(new App(), {
      environment: environmentConfig("development"),
      accountId: "123456789012",
      alarmTarget,
      appLogGroupName: "/webapp/development/app",
      database: { instanceIdentifier: "webapp-development", instanceClass: "db.t4g.micro" },
      bucketName: "webapp-development-app-files",
    }),
  ).parsed;
}

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
});
