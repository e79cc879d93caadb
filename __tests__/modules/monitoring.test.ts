import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { TerraformVariable } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_ERROR_FILTER_PATTERN, MONITORING_DEFAULTS } from "../../config/monitoring";
import { CLOUDWATCH_AGENT_AGGREGATION_DIMENSIONS } from "../../modules/app-host";
import {
  AlarmNotifications,
  AlarmNotificationsProps,
  AppAlarms,
  DatabaseAlarms,
  INSTANCE_QUERIES,
  LoadBalancerAlarms,
  LogAlarms,
  LogQueries,
  ReplicaAlarms,
  SAVED_QUERIES,
  StorageMetrics,
  createMetricAlarm,
  postgresMaxConnections,
  postgresMaxConnectionsForMemory,
} from "../../modules/monitoring";
import { onlyResource, resourcesOf, synth } from "../support/synth";
import {
  FAKE,
  GROUP,
  INSTANCE,
  LOAD_BALANCER,
  PHASE2,
  REPLICA,
  alarmsByName,
  monitoringJson,
  parsePolicy,
  testStack,
} from "./monitoring-fixtures";

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:webapp-test-alarms";
const EXISTING = "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts";
const GIB = 1024 ** 3;
const D = MONITORING_DEFAULTS;

describe("postgresMaxConnections", () => {
  test.each([
    ["db.t4g.micro", 82],
    ["db.t4g.small", 192],
    ["db.t4g.medium", 413],
    ["db.t3.micro", 82],
    ["db.m6g.large", 855],
    ["db.m7g.xlarge", 1738],
    ["db.r6g.large", 1738],
    ["db.r7g.xlarge", 3504],
    // 64 GiB would allow about 7,000: the formula caps at 5,000.
    ["db.r6g.2xlarge", 5000],
    ["db.m6g.16xlarge", 5000],
  ])("%s allows %i connections", (instanceClass, expected) => {
    expect(postgresMaxConnections(instanceClass)).toBe(expected);
  });

  // `SHOW max_connections` on default parameter groups, as reported by RDS users (docs/monitoring.md).
  test.each([
    [2, 198],
    [4, 413],
    [8, 856],
    [15.25, 1660],
  ])(
    "%d GiB: at most the observed %i and within 3.1 %% of it (the alarm fires early, not late)",
    (memoryGiB, observed) => {
      const derived = postgresMaxConnectionsForMemory(memoryGiB);
      expect(derived).toBeLessThanOrEqual(observed);
      expect((observed - derived) / observed).toBeLessThanOrEqual(0.031);
    },
  );

  test("an unknown class yields no value rather than a guess", () => {
    expect(postgresMaxConnections("db.x2iedn.24xlarge")).toBeUndefined();
  });
});

describe("AlarmNotifications", () => {
  function notificationsJson(emails: string[] = [], change: Partial<AlarmNotificationsProps> = {}) {
    const stack = testStack();
    new AlarmNotifications(stack, "Notifications", {
      namePrefix: FAKE.namePrefix,
      region: FAKE.region,
      accountId: FAKE.accountId,
      emailAddresses: emails,
      ...change,
    });
    return synth(stack);
  }

  test("the key refuses terraform destroy by default (destroying it schedules its deletion); off on request", () => {
    expect(onlyResource(notificationsJson().parsed, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = notificationsJson([], { preventKeyDestroy: false }).parsed;
    expect(onlyResource(unprotected, "aws_kms_key").lifecycle).toBeUndefined();
  });

  test("existing topics are notified after the environment's topic and get no subscription here", () => {
    const stack = testStack();
    const notifications = new AlarmNotifications(stack, "Notifications", {
      namePrefix: FAKE.namePrefix,
      region: FAKE.region,
      accountId: FAKE.accountId,
      existingTopicArns: [EXISTING],
    });
    expect(notifications.notificationArns).toEqual([notifications.topicArn, EXISTING]);
    expect(synth(stack).json).not.toHaveResource(SnsTopicSubscription);
  });

  test("the topic is encrypted with a customer-managed key that rotates", () => {
    const { json, parsed } = notificationsJson();
    expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    const topic = onlyResource(parsed, "aws_sns_topic");
    expect(topic.name).toBe("webapp-test-alarms");
    expect(String(topic.kms_master_key_id)).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
    expect(String(topic.kms_master_key_id)).not.toMatch(/alias\/aws\/sns/);
  });

  test("the key policy lets CloudWatch alarms of this account generate data keys and decrypt", () => {
    const policy = parsePolicy(onlyResource(notificationsJson().parsed, "aws_kms_key").policy);
    const cloudWatch = policy.Statement.find((s) => JSON.stringify(s.Principal).includes("cloudwatch.amazonaws.com"));
    expect(cloudWatch).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: {
        StringEquals: { "aws:SourceAccount": FAKE.accountId },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:webapp-test-*" },
      },
    });
    // The account keeps administering the key, or IAM could never grant its use again.
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" } }),
    );
  });

  test("the topic policy denies plain HTTP and lets only this account's alarms publish", () => {
    const policy = parsePolicy(onlyResource(notificationsJson().parsed, "aws_sns_topic_policy").policy);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": FAKE.accountId } }),
      }),
    );
  });

  test("one email subscription per configured address, none by default", () => {
    expect(notificationsJson().json).not.toHaveResource(SnsTopicSubscription);
    const { parsed } = notificationsJson(["ops@example.com", "db@example.com"]);
    const subscriptions = resourcesOf(parsed, SnsTopicSubscription.tfResourceType).map(([, s]) => s);
    expect(subscriptions.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ["email", "db@example.com"],
      ["email", "ops@example.com"],
    ]);
  });
});

describe("AppAlarms", () => {
  function appAlarms(target = INSTANCE, app = D.app) {
    const stack = testStack();
    new AppAlarms(stack, "App", {
      namePrefix: FAKE.namePrefix,
      region: FAKE.region,
      target,
      topicArns: [TOPIC],
      ...app,
    });
    return alarmsByName(synth(stack).parsed);
  }

  test.each([
    // name, namespace, metric, statistic, operator, threshold, period, evaluations, missing data
    ["cpu-high", "AWS/EC2", "CPUUtilization", "Average", "GreaterThanOrEqualToThreshold", 80, 300, 3, "missing"],
    ["memory-high", "CWAgent", "mem_used_percent", "Average", "GreaterThanOrEqualToThreshold", 90, 300, 3, "missing"],
    ["disk-high", "CWAgent", "disk_used_percent", "Maximum", "GreaterThanOrEqualToThreshold", 85, 300, 1, "missing"],
    [
      "system-status-check-failed",
      "AWS/EC2",
      "StatusCheckFailed_System",
      "Maximum",
      "GreaterThanOrEqualToThreshold",
      1,
      60,
      2,
      "missing",
    ],
    [
      "instance-status-check-failed",
      "AWS/EC2",
      "StatusCheckFailed_Instance",
      "Maximum",
      "GreaterThanOrEqualToThreshold",
      1,
      60,
      3,
      "missing",
    ],
  ])(
    "single instance: %s on %s %s (%s %s %d, %ds x %d, %s)",
    (name, namespace, metric, statistic, operator, threshold, period, evaluations, missing) => {
      const alarm = appAlarms()[`webapp-test-app-${name}`];
      expect(alarm).toMatchObject({
        namespace,
        metric_name: metric,
        statistic,
        comparison_operator: operator,
        threshold,
        period,
        evaluation_periods: evaluations,
        datapoints_to_alarm: evaluations,
        treat_missing_data: missing,
        dimensions: { InstanceId: FAKE.instanceId },
        ok_actions: [TOPIC],
      });
      expect(alarm.alarm_actions).toContain(TOPIC);
    },
  );

  test("a failed system status check recovers the instance and notifies", () => {
    const alarm = appAlarms()["webapp-test-app-system-status-check-failed"];
    expect(alarm.alarm_actions).toEqual(["arn:aws:automate:ap-northeast-1:ec2:recover", TOPIC]);
  });

  test("a failed instance status check only notifies (recovery does not fix the guest OS)", () => {
    expect(appAlarms()["webapp-test-app-instance-status-check-failed"].alarm_actions).toEqual([TOPIC]);
  });

  test("memory and disk alarms notify when the agent stops reporting; CPU does not", () => {
    const alarms = appAlarms();
    expect(alarms["webapp-test-app-memory-high"].insufficient_data_actions).toEqual([TOPIC]);
    expect(alarms["webapp-test-app-disk-high"].insufficient_data_actions).toEqual([TOPIC]);
    expect(alarms["webapp-test-app-cpu-high"].insufficient_data_actions).toBeUndefined();
    const quiet = appAlarms(INSTANCE, { ...D.app, notifyWhenAgentStopsReporting: false });
    expect(quiet["webapp-test-app-memory-high"].insufficient_data_actions).toBeUndefined();
  });

  test("an Auto Scaling group gets CPU, memory and disk by group name only, and no recovery", () => {
    const alarms = appAlarms(GROUP);
    expect(Object.keys(alarms).sort()).toEqual([
      "webapp-test-app-cpu-high",
      "webapp-test-app-disk-high",
      "webapp-test-app-memory-high",
    ]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.dimensions).toEqual({ AutoScalingGroupName: FAKE.autoScalingGroupName });
      expect(JSON.stringify(alarm.alarm_actions)).not.toMatch(/automate/);
    }
  });

  test("thresholds and timing come from configuration", () => {
    const alarms = appAlarms(INSTANCE, {
      ...D.app,
      cpu: { thresholdPercent: 70, periodSec: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
    });
    expect(alarms["webapp-test-app-cpu-high"]).toMatchObject({
      threshold: 70,
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
    });
  });
});

describe("DatabaseAlarms", () => {
  function databaseAlarms(instanceClass: string, maxConnections?: number) {
    const stack = testStack();
    const construct = new DatabaseAlarms(stack, "Db", {
      namePrefix: FAKE.namePrefix,
      dbInstanceIdentifier: FAKE.dbInstanceIdentifier,
      instanceClass,
      maxConnections,
      topicArns: [TOPIC],
      ...D.database,
    });
    return { construct, alarms: alarmsByName(synth(stack).parsed) };
  }

  test.each([
    // 80 % of 82 is 65.6: at least 66 connections, since counts are whole numbers.
    ["db.t4g.micro", 82, 66],
    // 80 % of 413 is 330.4.
    ["db.t4g.medium", 413, 331],
    ["db.r6g.large", 1738, 1391],
  ])("%s: connections alarm at %i x 80 %% = %i", (instanceClass, maxConnections, threshold) => {
    const { construct, alarms } = databaseAlarms(instanceClass);
    expect(construct.maxConnections).toBe(maxConnections);
    expect(alarms["webapp-test-db-connections-high"]).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "DatabaseConnections",
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold,
      period: 300,
      evaluation_periods: 2,
      treat_missing_data: "missing",
      dimensions: { DBInstanceIdentifier: FAKE.dbInstanceIdentifier },
    });
  });

  test("an explicit max_connections (parameter group) replaces the derived one", () => {
    const { alarms } = databaseAlarms("db.t4g.micro", 200);
    expect(alarms["webapp-test-db-connections-high"].threshold).toBe(160);
  });

  test("CPU at or above 80 % over three 5-minute periods", () => {
    expect(databaseAlarms("db.t4g.micro").alarms["webapp-test-db-cpu-high"]).toMatchObject({
      metric_name: "CPUUtilization",
      statistic: "Average",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 80,
      period: 300,
      evaluation_periods: 3,
      treat_missing_data: "missing",
    });
  });

  test("free storage at or below 5 GiB, on the minimum", () => {
    expect(databaseAlarms("db.t4g.micro").alarms["webapp-test-db-free-storage-low"]).toMatchObject({
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanOrEqualToThreshold",
      threshold: 5 * GIB,
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: "missing",
    });
  });

  test("every alarm notifies on ALARM and OK", () => {
    for (const alarm of Object.values(databaseAlarms("db.t4g.micro").alarms)) {
      expect(alarm).toMatchObject({ alarm_actions: [TOPIC], ok_actions: [TOPIC] });
    }
  });

  test("an instance class without a known memory size fails with the fix", () => {
    expect(() => databaseAlarms("db.x2iedn.24xlarge")).toThrow(
      /db\.x2iedn\.24xlarge.*DB_INSTANCE_CLASS_MEMORY_GIB.*monitoring\.database\.maxConnections/,
    );
  });
});

describe("LogAlarms", () => {
  function logAlarms(pattern?: string) {
    const stack = testStack();
    new LogAlarms(stack, "Logs", {
      namePrefix: FAKE.namePrefix,
      logGroupName: FAKE.logGroupName,
      metricNamespace: FAKE.metricNamespace,
      topicArns: [TOPIC],
      errors: D.logs.errors,
      errorFilterPattern: pattern,
    });
    return synth(stack);
  }

  test("a metric filter counts error lines of the application log group", () => {
    expect(logAlarms().json).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      log_group_name: "/webapp/test/app",
      pattern: '{ ($.level = "error") || ($.level = "fatal") || ($.level >= 50) }',
      metric_transformation: { namespace: "webapp/test", name: "ErrorLogLines", value: "1", unit: "Count" },
    });
    expect(DEFAULT_ERROR_FILTER_PATTERN).toBe('{ ($.level = "error") || ($.level = "fatal") || ($.level >= 50) }');
  });

  test("a configured pattern replaces the default", () => {
    expect(logAlarms("?ERROR ?FATAL").json).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      pattern: "?ERROR ?FATAL",
    });
  });

  test("more than 10 error lines in 5 minutes alarms; no error lines means no data, which is fine", () => {
    expect(logAlarms().json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "webapp-test-app-error-logs",
      namespace: "webapp/test",
      metric_name: "ErrorLogLines",
      statistic: "Sum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 10,
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: "notBreaching",
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });
});

describe("StorageMetrics", () => {
  function storageJson(enableRequestMetrics: boolean) {
    const stack = testStack();
    new StorageMetrics(stack, "Storage", {
      namePrefix: FAKE.namePrefix,
      bucketName: FAKE.bucketName,
      topicArns: [TOPIC],
      enableRequestMetrics,
      serverErrors: D.storage.serverErrors,
    });
    return synth(stack);
  }

  test("request metrics are configured for the whole bucket", () => {
    const { json, parsed } = storageJson(true);
    expect(json).toHaveResourceWithProperties(S3BucketMetric, { bucket: FAKE.bucketName, name: "EntireBucket" });
    expect(onlyResource(parsed, S3BucketMetric.tfResourceType).filter).toBeUndefined();
  });

  test("more than 5 server errors in 5 minutes alarms, on the request metrics' filter", () => {
    expect(storageJson(true).json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "webapp-test-storage-5xx-errors",
      namespace: "AWS/S3",
      metric_name: "5xxErrors",
      dimensions: { BucketName: FAKE.bucketName, FilterId: "EntireBucket" },
      statistic: "Sum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 5,
      treat_missing_data: "notBreaching",
    });
  });

  test("with request metrics off there is neither configuration nor alarm", () => {
    const { json } = storageJson(false);
    expect(json).not.toHaveResource(S3BucketMetric);
    expect(json).not.toHaveResource(CloudwatchMetricAlarm);
  });
});

describe("LogQueries", () => {
  function queries() {
    const stack = testStack();
    new LogQueries(stack, "Queries", { folder: FAKE.namePrefix, logGroupName: FAKE.logGroupName });
    return Object.fromEntries(
      resourcesOf(synth(stack).parsed, "aws_cloudwatch_query_definition").map(([, q]) => [String(q.name), q]),
    );
  }

  test("saved queries for error aggregation and API response time, on the application log group", () => {
    const saved = queries();
    expect(Object.keys(saved).sort()).toEqual([
      "webapp-test/api-response-time-by-route",
      "webapp-test/api-response-time-over-time",
      "webapp-test/api-server-errors",
      "webapp-test/errors-by-message",
      "webapp-test/errors-over-time",
    ]);
    for (const query of Object.values(saved)) expect(query.log_group_names).toEqual(["/webapp/test/app"]);
  });

  test("error queries select the same lines as the metric filter", () => {
    const saved = queries();
    for (const name of ["webapp-test/errors-by-message", "webapp-test/errors-over-time"]) {
      expect(saved[name].query_string).toContain('filter level = "error" or level = "fatal" or level >= 50');
    }
    expect(saved["webapp-test/errors-by-message"].query_string).toMatch(
      /stats count\(\*\) as errors.* by errorType, msg/,
    );
    expect(saved["webapp-test/errors-over-time"].query_string).toContain("stats count(*) as errors by bin(5m)");
  });

  test("response time queries read responseTime (ms) and report p95 and p99 by route", () => {
    const byRoute = String(queries()["webapp-test/api-response-time-by-route"].query_string);
    expect(byRoute).toContain("filter ispresent(responseTime)");
    expect(byRoute).toContain("parse req.url /^(?<route>[^?]*)/");
    expect(byRoute).toMatch(/pct\(responseTime, 95\) as p95Ms.*pct\(responseTime, 99\) as p99Ms/);
    expect(byRoute).toContain("by req.method, route");
    expect(byRoute).toContain("sort p95Ms desc");
    expect(SAVED_QUERIES["api-server-errors"]).toContain("filter res.statusCode >= 500");
  });
});

describe("MonitoringDashboard", () => {
  type Widget = { type: string; x: number; y: number; width: number; height: number; properties: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

  function widgets(change: Parameters<typeof monitoringJson>[0] = {}, settings = D): Widget[] {
    const dashboard = onlyResource(monitoringJson(change, settings).parsed, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe("webapp-test");
    return (JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] }).widgets;
  }
  const byTitle = (all: Widget[], title: string) => all.filter((w) => w.properties.title === title);
  const lines = (widget: Widget) =>
    (widget.properties.annotations?.horizontal ?? []).map((h: { value: number }) => h.value);

  test("app host, database, storage and log widgets are all there", () => {
    const titles = widgets().map((w) => w.properties.title ?? w.properties.markdown);
    expect(titles).toEqual([
      "Alarms",
      "## Application host (instance)",
      "CPU utilization (%)",
      "Memory used (%)",
      "Root disk used (%)",
      "Network (bytes per period)",
      "Status checks failed",
      "## Database",
      "CPU utilization (%)",
      "Connections",
      "Free storage (bytes)",
      "## Storage (application bucket)",
      "Bucket size (bytes)",
      "Objects",
      "Requests and errors",
      "## Application log",
      "Error lines",
      "Top errors",
    ]);
  });

  test("each graph draws its alarm threshold", () => {
    const all = widgets();
    const [appCpu, dbCpu] = byTitle(all, "CPU utilization (%)");
    expect(lines(appCpu)).toEqual([80]);
    expect(lines(dbCpu)).toEqual([80]);
    expect(lines(byTitle(all, "Memory used (%)")[0])).toEqual([90]);
    expect(lines(byTitle(all, "Root disk used (%)")[0])).toEqual([85]);
    expect(lines(byTitle(all, "Connections")[0])).toEqual([66, 82]);
    expect(lines(byTitle(all, "Free storage (bytes)")[0])).toEqual([5 * GIB]);
    expect(lines(byTitle(all, "Error lines")[0])).toEqual([10]);
  });

  test("graphs select the instance, the database, the bucket and the error metric", () => {
    const all = widgets();
    expect(byTitle(all, "Memory used (%)")[0].properties.metrics).toEqual([
      ["CWAgent", "mem_used_percent", "InstanceId", FAKE.instanceId],
    ]);
    expect(byTitle(all, "Network (bytes per period)")[0].properties.metrics).toEqual([
      ["AWS/EC2", "NetworkIn", "InstanceId", FAKE.instanceId],
      ["AWS/EC2", "NetworkOut", "InstanceId", FAKE.instanceId],
    ]);
    expect(byTitle(all, "Connections")[0].properties.metrics).toEqual([
      ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", FAKE.dbInstanceIdentifier],
    ]);
    expect(byTitle(all, "Bucket size (bytes)")[0].properties).toMatchObject({
      period: 86400,
      metrics: [["AWS/S3", "BucketSizeBytes", "BucketName", FAKE.bucketName, "StorageType", "StandardStorage"]],
    });
    expect(byTitle(all, "Requests and errors")[0].properties.metrics).toContainEqual([
      "AWS/S3",
      "5xxErrors",
      "BucketName",
      FAKE.bucketName,
      "FilterId",
      "EntireBucket",
    ]);
    expect(byTitle(all, "Error lines")[0].properties.metrics).toEqual([["webapp/test", "ErrorLogLines"]]);
    expect(byTitle(all, "Top errors")[0].properties.query).toMatch(/^SOURCE '\/webapp\/test\/app' \| fields/);
  });

  test("the alarm widget lists every alarm", () => {
    const { parsed } = monitoringJson();
    const alarmCount = resourcesOf(parsed, "aws_cloudwatch_metric_alarm").length;
    expect(alarmCount).toBe(10);
    const [status] = byTitle(widgets(), "Alarms");
    expect(status.properties.alarms).toHaveLength(alarmCount);
    for (const arn of status.properties.alarms) expect(arn).toMatch(/^\$\{aws_cloudwatch_metric_alarm\.[^.]+\.arn\}$/);
  });

  test("widgets sit on the 24-column grid without overlapping", () => {
    const all = widgets();
    for (const w of all) expect(w.x + w.width).toBeLessThanOrEqual(24);
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
  });

  test("an Auto Scaling group is graphed by group name, without status checks or request graph when off", () => {
    const all = widgets({ appHost: GROUP }, { ...D, storage: { ...D.storage, enableRequestMetrics: false } });
    expect(byTitle(all, "Status checks failed")).toHaveLength(0);
    expect(byTitle(all, "Requests and errors")).toHaveLength(0);
    expect(byTitle(all, "CPU utilization (%)")[0].properties.metrics).toEqual([
      ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", FAKE.autoScalingGroupName],
    ]);
  });
});

describe("Monitoring", () => {
  test("every alarm notifies the topic on ALARM and on OK, and is named after the environment", () => {
    const alarms = alarmsByName(monitoringJson().parsed);
    expect(Object.keys(alarms)).toHaveLength(10);
    for (const [name, alarm] of Object.entries(alarms)) {
      expect(name).toMatch(/^webapp-test-/);
      expect(alarm.actions_enabled).toBe(true);
      expect(alarm.alarm_actions).toContainEqual(expect.stringMatching(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/));
      expect(alarm.ok_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/)]);
    }
  });

  test("every alarm also notifies each configured existing topic, on ALARM, OK and INSUFFICIENT_DATA alike", () => {
    const alarms = alarmsByName(monitoringJson({}, { ...D, alarmTopicArns: [EXISTING] }).parsed);
    const own = expect.stringMatching(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/);
    expect(Object.keys(alarms)).toHaveLength(10);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.ok_actions).toEqual([own, EXISTING]);
      expect((alarm.alarm_actions as string[]).slice(-2)).toEqual([own, EXISTING]);
      if (alarm.insufficient_data_actions !== undefined)
        expect(alarm.insufficient_data_actions).toEqual([own, EXISTING]);
    }
    // Recovery stays the first action of the status check alarm.
    expect(alarms["webapp-test-app-system-status-check-failed"].alarm_actions).toEqual([
      "arn:aws:automate:ap-northeast-1:ec2:recover",
      own,
      EXISTING,
    ]);
    expect(alarms["webapp-test-app-memory-high"].insufficient_data_actions).toEqual([own, EXISTING]);
  });

  test("the configured emails subscribe to the topic", () => {
    const { parsed } = monitoringJson({}, { ...D, alarmEmails: ["ops@example.com"] });
    expect(onlyResource(parsed, SnsTopicSubscription.tfResourceType)).toMatchObject({
      protocol: "email",
      endpoint: "ops@example.com",
    });
  });
});

describe("createMetricAlarm", () => {
  function alarmWith(statistic: Parameters<typeof createMetricAlarm>[3]["statistic"]) {
    const stack = testStack();
    createMetricAlarm(stack, "Alarm", [TOPIC], {
      alarmName: "webapp-test-x",
      description: "x",
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      statistic,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      timing: { periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
      treatMissingData: "notBreaching",
    });
    return onlyResource(synth(stack).parsed, CloudwatchMetricAlarm.tfResourceType);
  }

  test("a percentile is an extended statistic, never both (CloudWatch refuses an alarm with both)", () => {
    const p95 = alarmWith("p95");
    expect(p95.extended_statistic).toBe("p95");
    expect(p95.statistic).toBeUndefined();
    const p999 = alarmWith("p99.9");
    expect(p999.extended_statistic).toBe("p99.9");
    const average = alarmWith("Average");
    expect(average.statistic).toBe("Average");
    expect(average.extended_statistic).toBeUndefined();
  });
});

describe("LoadBalancerAlarms", () => {
  function lbAlarms(settings = D.loadBalancer) {
    const stack = testStack();
    new LoadBalancerAlarms(stack, "Lb", {
      namePrefix: FAKE.namePrefix,
      target: LOAD_BALANCER,
      topicArns: [TOPIC],
      ...settings,
    });
    return alarmsByName(synth(stack).parsed);
  }
  const OWN = { LoadBalancer: FAKE.loadBalancerArnSuffix };
  const GROUP_DIMENSIONS = { LoadBalancer: FAKE.loadBalancerArnSuffix, TargetGroup: FAKE.targetGroupArnSuffix };

  test.each([
    // name, metric, of what, operator, threshold, period, evaluations, dimensions
    ["lb-5xx-errors", "HTTPCode_ELB_5XX_Count", "the load balancer", "GreaterThanThreshold", 5, 300, 1, OWN],
    [
      "lb-target-5xx-errors",
      "HTTPCode_Target_5XX_Count",
      "the target group",
      "GreaterThanThreshold",
      10,
      300,
      1,
      GROUP_DIMENSIONS,
    ],
    [
      "lb-unhealthy-hosts",
      "UnHealthyHostCount",
      "the target group",
      "GreaterThanOrEqualToThreshold",
      1,
      60,
      5,
      GROUP_DIMENSIONS,
    ],
  ])(
    "%s on AWS/ApplicationELB %s of %s (%s %d, %ds x %d)",
    (name, metric, _, operator, threshold, period, evaluations, dimensions) => {
      const alarm = lbAlarms()[`webapp-test-${name}`];
      expect(alarm).toMatchObject({
        namespace: "AWS/ApplicationELB",
        metric_name: metric,
        dimensions,
        comparison_operator: operator,
        threshold,
        period,
        evaluation_periods: evaluations,
        datapoints_to_alarm: evaluations,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      });
    },
  );

  test("error counts are sums and unhealthy hosts the maximum of each period", () => {
    const alarms = lbAlarms();
    expect(alarms["webapp-test-lb-5xx-errors"].statistic).toBe("Sum");
    expect(alarms["webapp-test-lb-target-5xx-errors"].statistic).toBe("Sum");
    expect(alarms["webapp-test-lb-unhealthy-hosts"].statistic).toBe("Maximum");
  });

  test("API response time alarms on the target group's p95 at or above 1 s over three 5-minute periods", () => {
    const alarm = lbAlarms()["webapp-test-lb-response-time-p95-high"];
    expect(alarm).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "TargetResponseTime",
      dimensions: GROUP_DIMENSIONS,
      extended_statistic: "p95",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 300,
      evaluation_periods: 3,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
    expect(alarm.statistic).toBeUndefined();
  });

  test("a quiet load balancer publishes nothing, and that is not an alarm: every alarm treats no data as fine", () => {
    const alarms = lbAlarms();
    expect(Object.keys(alarms)).toHaveLength(4);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.treat_missing_data).toBe("notBreaching");
      expect(alarm.insufficient_data_actions).toBeUndefined();
    }
  });

  test("thresholds and timing come from configuration", () => {
    const alarms = lbAlarms({
      ...D.loadBalancer,
      responseTimeP95: { thresholdSec: 0.5, periodSec: 60, evaluationPeriods: 10, datapointsToAlarm: 6 },
      unhealthyHosts: { thresholdCount: 2, periodSec: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
    });
    expect(alarms["webapp-test-lb-response-time-p95-high"]).toMatchObject({
      threshold: 0.5,
      period: 60,
      evaluation_periods: 10,
      datapoints_to_alarm: 6,
    });
    expect(alarms["webapp-test-lb-unhealthy-hosts"]).toMatchObject({ threshold: 2, evaluation_periods: 3 });
  });
});

describe("ReplicaAlarms", () => {
  function replicaAlarms(replica = REPLICA, database = D.database) {
    const stack = testStack();
    const construct = new ReplicaAlarms(stack, "Replica", {
      namePrefix: FAKE.namePrefix,
      replica,
      topicArns: [TOPIC],
      settings: database,
    });
    return { construct, alarms: alarmsByName(synth(stack).parsed) };
  }
  const REPLICA_DIMENSIONS = { DBInstanceIdentifier: FAKE.replicaIdentifier };

  test("replica lag at or above 60 s in five consecutive minutes, on the replica's identifier", () => {
    expect(replicaAlarms().alarms["webapp-test-db-replica-1-lag-high"]).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "ReplicaLag",
      dimensions: REPLICA_DIMENSIONS,
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 60,
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  test("a replica that stops reporting its lag notifies (replication stopped), without guessing ALARM or OK", () => {
    const lag = replicaAlarms().alarms["webapp-test-db-replica-1-lag-high"];
    expect(lag.treat_missing_data).toBe("missing");
    expect(lag.insufficient_data_actions).toEqual([TOPIC]);
  });

  test("the replica gets the primary's CPU, connections and free storage alarms, on its own identifier", () => {
    const { construct, alarms } = replicaAlarms();
    expect(Object.keys(alarms).sort()).toEqual([
      "webapp-test-db-replica-1-connections-high",
      "webapp-test-db-replica-1-cpu-high",
      "webapp-test-db-replica-1-free-storage-low",
      "webapp-test-db-replica-1-lag-high",
    ]);
    for (const alarm of Object.values(alarms)) expect(alarm.dimensions).toEqual(REPLICA_DIMENSIONS);
    expect(alarms["webapp-test-db-replica-1-cpu-high"]).toMatchObject({ metric_name: "CPUUtilization", threshold: 80 });
    expect(alarms["webapp-test-db-replica-1-free-storage-low"]).toMatchObject({
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanOrEqualToThreshold",
      threshold: 5 * GIB,
    });
    expect(construct.alarms).toHaveLength(4);
    expect(String(alarms["webapp-test-db-replica-1-cpu-high"].alarm_description)).toMatch(
      /^Read replica webapp-test-replica-1 CPU at or above 80 %/,
    );
  });

  test("the replica's connection alarm follows its own class, or the shared parameter group's max_connections", () => {
    const medium = replicaAlarms({ ...REPLICA, instanceClass: "db.t4g.medium" }).alarms;
    expect(medium["webapp-test-db-replica-1-connections-high"].threshold).toBe(331);
    const configured = replicaAlarms(REPLICA, { ...D.database, maxConnections: 200 }).alarms;
    expect(configured["webapp-test-db-replica-1-connections-high"].threshold).toBe(160);
  });

  test("lag threshold and timing come from configuration", () => {
    const { alarms } = replicaAlarms(REPLICA, {
      ...D.database,
      replicaLag: { thresholdSec: 300, periodSec: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
    });
    expect(alarms["webapp-test-db-replica-1-lag-high"]).toMatchObject({
      threshold: 300,
      period: 300,
      evaluation_periods: 2,
    });
  });

  test("an identifier outside the environment's prefix is kept whole in the alarm names", () => {
    const { alarms } = replicaAlarms({ ...REPLICA, instanceIdentifier: "reporting-reader" });
    expect(alarms["webapp-test-db-reporting-reader-lag-high"]).toBeDefined();
  });

  test("an identifier that is a Terraform reference is refused with the fix (it keys the alarms)", () => {
    const stack = testStack();
    const token = new TerraformVariable(stack, "Identifier", { type: "string" }).stringValue;
    expect(
      () =>
        new ReplicaAlarms(stack, "Replica", {
          namePrefix: FAKE.namePrefix,
          replica: { ...REPLICA, instanceIdentifier: token },
          topicArns: [TOPIC],
          settings: D.database,
        }),
    ).toThrow(/instanceIdentifier is a Terraform reference.*Fix: pass the identifier the replica was created with/);
  });
});

describe("LogQueries, Auto Scaling group", () => {
  test("a group also gets per-host queries, keyed by the log stream (the instance id)", () => {
    const stack = testStack();
    new LogQueries(stack, "Queries", {
      folder: FAKE.namePrefix,
      logGroupName: FAKE.logGroupName,
      enableInstanceQueries: true,
    });
    const saved = Object.fromEntries(
      resourcesOf(synth(stack).parsed, "aws_cloudwatch_query_definition").map(([, q]) => [String(q.name), q]),
    );
    expect(Object.keys(saved)).toEqual(
      expect.arrayContaining(["webapp-test/errors-by-instance", "webapp-test/api-response-time-by-instance"]),
    );
    expect(Object.keys(saved)).toHaveLength(7);
    expect(saved["webapp-test/errors-by-instance"].query_string).toContain(
      'filter level = "error" or level = "fatal" or level >= 50',
    );
    expect(saved["webapp-test/errors-by-instance"].query_string).toMatch(/stats count\(\*\) as errors.* by @logStream/);
    expect(INSTANCE_QUERIES["api-response-time-by-instance"]).toMatch(
      /pct\(responseTime, 95\) as p95Ms.* by @logStream/,
    );
  });

  test("Monitoring saves them for a group only", () => {
    const names = (change: Parameters<typeof monitoringJson>[0]) =>
      resourcesOf(monitoringJson(change).parsed, "aws_cloudwatch_query_definition").map(([, q]) => q.name);
    expect(names({})).not.toContain("webapp-test/errors-by-instance");
    expect(names({ appHost: GROUP })).toContain("webapp-test/errors-by-instance");
  });
});

describe("MonitoringDashboard, Phase 2", () => {
  type Widget = { type: string; x: number; y: number; width: number; height: number; properties: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

  function widgets(change: Parameters<typeof monitoringJson>[0] = PHASE2, settings = D): Widget[] {
    const dashboard = onlyResource(monitoringJson(change, settings).parsed, "aws_cloudwatch_dashboard");
    return (JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] }).widgets;
  }
  const titles = (all: Widget[]) => all.map((w) => w.properties.title ?? w.properties.markdown);
  const byTitle = (all: Widget[], title: string) => {
    const found = all.filter((w) => w.properties.title === title);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const lines = (widget: Widget) =>
    (widget.properties.annotations?.horizontal ?? []).map((h: { value: number }) => h.value);
  const LB_TITLES = ["## Load balancer", "Requests", "5xx responses", "Response time p95 (s)", "Hosts"];
  const REPLICA_TITLES = [
    "## Read replicas",
    "Replica lag (s)",
    "Replica CPU utilization (%)",
    "Replica connections",
    "Replica free storage (bytes)",
  ];

  test("the load balancer leads, the group replaces the instance, replicas follow the database", () => {
    expect(titles(widgets())).toEqual([
      "Alarms",
      ...LB_TITLES,
      "## Application host (Auto Scaling group)",
      "CPU utilization (%)",
      "Memory used (%)",
      "Root disk used (%)",
      "Network (bytes per period)",
      "## Database",
      "CPU utilization (%)",
      "Connections",
      "Free storage (bytes)",
      ...REPLICA_TITLES,
      "## Storage (application bucket)",
      "Bucket size (bytes)",
      "Objects",
      "Requests and errors",
      "## Application log",
      "Error lines",
      "Top errors",
      "Errors by host",
    ]);
  });

  test.each<[string, Parameters<typeof monitoringJson>[0], string[], string[]]>([
    ["no load balancer", { ...PHASE2, loadBalancer: undefined }, REPLICA_TITLES, LB_TITLES],
    [
      "no replica",
      { ...PHASE2, database: { instanceIdentifier: FAKE.dbInstanceIdentifier, instanceClass: "db.t4g.micro" } },
      LB_TITLES,
      REPLICA_TITLES,
    ],
    [
      "an empty replica list",
      {
        ...PHASE2,
        database: { instanceIdentifier: FAKE.dbInstanceIdentifier, instanceClass: "db.t4g.micro", replicas: [] },
      },
      LB_TITLES,
      REPLICA_TITLES,
    ],
  ])("with %s, only the sections of what exists", (_, change, present, absent) => {
    const shown = titles(widgets(change));
    expect(shown).toEqual(expect.arrayContaining(present));
    for (const title of absent) expect(shown).not.toContain(title);
  });

  test("load balancer graphs select the load balancer or its target group, with each alarm's threshold", () => {
    const all = widgets();
    const own = ["LoadBalancer", FAKE.loadBalancerArnSuffix];
    const group = ["LoadBalancer", FAKE.loadBalancerArnSuffix, "TargetGroup", FAKE.targetGroupArnSuffix];
    expect(byTitle(all, "Requests").properties).toMatchObject({
      stat: "Sum",
      metrics: [["AWS/ApplicationELB", "RequestCount", ...own]],
    });
    const errors = byTitle(all, "5xx responses");
    expect(errors.properties.metrics).toEqual([
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...own, { label: "load balancer", period: 300 }],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...group, { label: "targets", period: 300 }],
    ]);
    expect(lines(errors)).toEqual([5, 10]);
    const latency = byTitle(all, "Response time p95 (s)");
    expect(latency.properties).toMatchObject({
      stat: "p95",
      period: 300,
      metrics: [["AWS/ApplicationELB", "TargetResponseTime", ...group]],
    });
    expect(lines(latency)).toEqual([1]);
    const hosts = byTitle(all, "Hosts");
    expect(hosts.properties.metrics).toEqual([
      ["AWS/ApplicationELB", "HealthyHostCount", ...group, { label: "healthy", stat: "Minimum" }],
      ["AWS/ApplicationELB", "UnHealthyHostCount", ...group, { label: "unhealthy", stat: "Maximum" }],
    ]);
    expect(hosts.properties.period).toBe(60);
    expect(lines(hosts)).toEqual([1]);
  });

  test("replica graphs draw one line per replica and the alarm thresholds", () => {
    const second = { instanceIdentifier: "webapp-test-replica-2", instanceClass: "db.t4g.medium" };
    const all = widgets({
      ...PHASE2,
      database: {
        instanceIdentifier: FAKE.dbInstanceIdentifier,
        instanceClass: "db.t4g.micro",
        replicas: [REPLICA, second],
      },
    });
    const lag = byTitle(all, "Replica lag (s)");
    expect(lag.properties).toMatchObject({ stat: "Maximum", period: 60 });
    expect(lag.properties.metrics).toEqual([
      ["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", FAKE.replicaIdentifier, { label: FAKE.replicaIdentifier }],
      ["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", "webapp-test-replica-2", { label: "webapp-test-replica-2" }],
    ]);
    expect(lines(lag)).toEqual([60]);
    expect(lines(byTitle(all, "Replica CPU utilization (%)"))).toEqual([80]);
    // Each replica's connection threshold follows its class: 66 for db.t4g.micro, 331 for db.t4g.medium.
    expect(lines(byTitle(all, "Replica connections"))).toEqual([66, 331]);
    expect(lines(byTitle(all, "Replica free storage (bytes)"))).toEqual([5 * GIB]);
  });

  test("the alarm widget lists the load balancer and replica alarms too", () => {
    const { parsed } = monitoringJson(PHASE2);
    const names = Object.keys(alarmsByName(parsed));
    // 3 group, 3 database, 4 replica, 4 load balancer, 1 log, 1 storage; no status checks for a group.
    expect(names).toHaveLength(16);
    expect(names).toEqual(
      expect.arrayContaining(["webapp-test-lb-unhealthy-hosts", "webapp-test-db-replica-1-lag-high"]),
    );
    expect(names.filter((name) => /status-check/.test(name))).toEqual([]);
    expect(byTitle(widgets(), "Alarms").properties.alarms).toHaveLength(16);
  });

  test("widgets still sit on the 24-column grid without overlapping", () => {
    const all = widgets();
    for (const w of all) expect(w.x + w.width).toBeLessThanOrEqual(24);
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
  });
});

describe("Monitoring, Phase 2", () => {
  test("no recover action and no status check alarm for a group: the group replaces unhealthy hosts", () => {
    const { json } = monitoringJson(PHASE2);
    expect(json).not.toMatch(/arn:aws:automate:/);
    expect(json).not.toMatch(/StatusCheckFailed/);
  });

  test.each([
    ["single instance", INSTANCE],
    ["Auto Scaling group", GROUP],
  ])(
    "%s: agent alarms select exactly a dimension set the agent aggregates (or CloudWatch finds no data)",
    (_, target) => {
      const alarms = alarmsByName(monitoringJson({ appHost: target }).parsed);
      const published = CLOUDWATCH_AGENT_AGGREGATION_DIMENSIONS.map((set) => [...set].sort().join(","));
      for (const name of ["webapp-test-app-memory-high", "webapp-test-app-disk-high"]) {
        const keys = Object.keys(alarms[name].dimensions as Record<string, string>)
          .sort()
          .join(",");
        expect(published).toContain(keys);
      }
    },
  );

  test("docs/monitoring.md's alarm table names every alarm of Phase 1 and Phase 2", () => {
    const table = readFileSync(join(__dirname, "../../docs/monitoring.md"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split("|")[1])
      .join(" ");
    const documented = [...table.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    for (const change of [{}, PHASE2]) {
      for (const name of Object.keys(alarmsByName(monitoringJson(change).parsed))) {
        const generic = name.replace(/^webapp-test-/, "").replace(/^db-replica-1-/, "db-<replica>-");
        expect(documented).toContain(generic);
      }
    }
  });

  test("a replica listed twice is refused with the fix", () => {
    expect(() =>
      monitoringJson({
        database: {
          instanceIdentifier: FAKE.dbInstanceIdentifier,
          instanceClass: "db.t4g.micro",
          replicas: [REPLICA, REPLICA],
        },
      }),
    ).toThrow(/read replica webapp-test-replica-1 is listed twice.*Fix: remove the duplicate/);
  });

  test("a replica keeps its alarm addresses when another one is added before it", () => {
    const addresses = (replicas: (typeof REPLICA)[]) =>
      resourcesOf(
        monitoringJson({
          database: { instanceIdentifier: FAKE.dbInstanceIdentifier, instanceClass: "db.t4g.micro", replicas },
        }).parsed,
        "aws_cloudwatch_metric_alarm",
      )
        .filter(([, alarm]) => String(alarm.alarm_name).startsWith("webapp-test-db-replica-1-"))
        .map(([address]) => address)
        .sort();
    const alone = addresses([REPLICA]);
    expect(alone).toHaveLength(4);
    expect(addresses([{ ...REPLICA, instanceIdentifier: "webapp-test-replica-0" }, REPLICA])).toEqual(alone);
  });
});
