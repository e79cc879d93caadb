import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { DEFAULT_ERROR_FILTER_PATTERN, MONITORING_DEFAULTS } from "../../config/monitoring";
import {
  AlarmNotifications,
  AlarmNotificationsProps,
  AppAlarms,
  DatabaseAlarms,
  LogAlarms,
  LogQueries,
  SAVED_QUERIES,
  StorageMetrics,
  postgresMaxConnections,
  postgresMaxConnectionsForMemory,
} from "../../modules/monitoring";
import { onlyResource, resourcesOf, synth } from "../support/synth";
import { FAKE, GROUP, INSTANCE, alarmsByName, monitoringJson, parsePolicy, testStack } from "./monitoring-fixtures";

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
