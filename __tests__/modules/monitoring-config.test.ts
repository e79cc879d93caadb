import { MONITORING_DEFAULTS, MonitoringInput, monitoringSchema, sectionProblems } from "../../config";
import { environmentConfig } from "../support/environment";

function withMonitoring(monitoring: MonitoringInput) {
  return environmentConfig("test", (env) => ({ ...env, monitoring }));
}

function problemsOf(monitoring: MonitoringInput, databaseInstanceClass?: string) {
  return sectionProblems(monitoringSchema({ databaseInstanceClass }), monitoring, "environments.test.monitoring");
}

describe("monitoring configuration", () => {
  test("an environment without a monitoring section gets the design's thresholds and no emails", () => {
    // Production configures its on-call addresses (required there); test has no monitoring section.
    const { monitoring } = environmentConfig("test");
    // The key's prevent_destroy is resolved from the environment: off outside production.
    expect(monitoring).toEqual({ ...MONITORING_DEFAULTS, preventDestroy: false });
    expect(monitoring.alarmEmails).toEqual([]);
    expect(monitoring.alarmTopicArns).toEqual([]);
    expect(monitoring.app.cpu.thresholdPercent).toBe(80);
    expect(monitoring.app.disk.thresholdPercent).toBe(85);
    expect(monitoring.database.cpu.thresholdPercent).toBe(80);
    expect(monitoring.database.connections.thresholdPercent).toBe(80);
    expect(monitoring.database.freeStorage.thresholdGiB).toBe(5);
  });

  test("Phase 2 alarms default to replica lag 60 s, load balancer 5xx > 5 and > 10, 1 unhealthy host, p95 1 s", () => {
    const { monitoring } = environmentConfig("test");
    expect(monitoring.database.replicaLag).toEqual({
      thresholdSec: 60,
      periodSec: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    });
    expect(monitoring.loadBalancer).toEqual({
      serverErrors: { thresholdCount: 5, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
      targetServerErrors: { thresholdCount: 10, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
      unhealthyHosts: { thresholdCount: 1, periodSec: 60, evaluationPeriods: 5, datapointsToAlarm: 5 },
      responseTimeP95: { thresholdSec: 1, periodSec: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
    });
    const changed = withMonitoring({ loadBalancer: { responseTimeP95: { thresholdSec: 0.5 } } }).monitoring;
    expect(changed.loadBalancer.responseTimeP95).toMatchObject({ thresholdSec: 0.5, periodSec: 300 });
    expect(changed.loadBalancer.serverErrors).toEqual(MONITORING_DEFAULTS.loadBalancer.serverErrors);
  });

  test("a partial override keeps the other defaults of the same alarm", () => {
    const { monitoring } = withMonitoring({ app: { cpu: { thresholdPercent: 70 } } });
    expect(monitoring.app.cpu).toEqual({
      thresholdPercent: 70,
      periodSec: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    expect(monitoring.app.disk).toEqual(MONITORING_DEFAULTS.app.disk);
  });

  test("changing evaluationPeriods alone requires every period to breach", () => {
    const { monitoring } = withMonitoring({ database: { cpu: { evaluationPeriods: 6 } } });
    expect(monitoring.database.cpu).toMatchObject({ evaluationPeriods: 6, datapointsToAlarm: 6 });
  });

  test("emails, an explicit max_connections and a custom filter pattern are kept", () => {
    const { monitoring } = withMonitoring({
      alarmEmails: ["ops@example.com", "oncall+db@example.co.jp"],
      database: { maxConnections: 150 },
      logs: { errorFilterPattern: "?ERROR ?FATAL" },
    });
    expect(monitoring.alarmEmails).toEqual(["ops@example.com", "oncall+db@example.co.jp"]);
    expect(monitoring.database.maxConnections).toBe(150);
    expect(monitoring.logs.errorFilterPattern).toBe("?ERROR ?FATAL");
  });

  test.each<[string, MonitoringInput, string, RegExp]>([
    ["a malformed email", { alarmEmails: ["ops at example.com"] }, "alarmEmails[0]", /an email address/],
    ["a display name", { alarmEmails: ["Ops <ops@example.com>"] }, "alarmEmails[0]", /without a display name/],
    [
      "a repeated email",
      { alarmEmails: ["ops@example.com", "OPS@example.com"] },
      "alarmEmails[1]",
      /each address once/,
    ],
    ["a percentage over 100", { app: { cpu: { thresholdPercent: 120 } } }, "app.cpu.thresholdPercent", /at most 100/],
    [
      "a zero percentage",
      { database: { connections: { thresholdPercent: 0 } } },
      "database.connections.thresholdPercent",
      /above 0/,
    ],
    [
      "a period that is not whole minutes",
      { app: { disk: { periodSec: 90 } } },
      "app.disk.periodSec",
      /multiple of 60/,
    ],
    [
      "zero evaluation periods",
      { app: { memory: { evaluationPeriods: 0 } } },
      "app.memory.evaluationPeriods",
      /at least 1/,
    ],
    [
      "an evaluation range over one day",
      { database: { cpu: { periodSec: 300, evaluationPeriods: 300 } } },
      "database.cpu.evaluationPeriods",
      /at most 86400 seconds \(300 x 300 = 90000\)/,
    ],
    [
      "more datapoints than periods",
      { app: { systemStatusCheck: { evaluationPeriods: 2, datapointsToAlarm: 3 } } },
      "app.systemStatusCheck.datapointsToAlarm",
      /from 1 to evaluationPeriods \(2\)/,
    ],
    [
      "negative free storage",
      { database: { freeStorage: { thresholdGiB: -1 } } },
      "database.freeStorage.thresholdGiB",
      /above 0/,
    ],
    ["a fractional count", { logs: { errors: { thresholdCount: 1.5 } } }, "logs.errors.thresholdCount", /whole number/],
    ["max_connections of 0", { database: { maxConnections: 0 } }, "database.maxConnections", /from 1 to 262143/],
    ["an empty filter pattern", { logs: { errorFilterPattern: "  " } }, "logs.errorFilterPattern", /filter pattern/],
    [
      "a zero replica lag",
      { database: { replicaLag: { thresholdSec: 0 } } },
      "database.replicaLag.thresholdSec",
      /above 0 and at most 3600/,
    ],
    [
      "a replica lag in minutes written as text",
      { database: { replicaLag: { thresholdSec: "5m" as unknown as number } } },
      "database.replicaLag.thresholdSec",
      /number of seconds.*Fix: write the duration in seconds/,
    ],
    [
      "a response time in milliseconds",
      { loadBalancer: { responseTimeP95: { thresholdSec: 5000 } } },
      "loadBalancer.responseTimeP95.thresholdSec",
      /at most 3600.*0\.5 for 500 ms/,
    ],
    [
      "zero unhealthy hosts (always in alarm)",
      { loadBalancer: { unhealthyHosts: { thresholdCount: 0 } } },
      "loadBalancer.unhealthyHosts.thresholdCount",
      /at least 1/,
    ],
    [
      "a fractional 5xx count",
      { loadBalancer: { targetServerErrors: { thresholdCount: 2.5 } } },
      "loadBalancer.targetServerErrors.thresholdCount",
      /whole number/,
    ],
    [
      "a load balancer alarm window over one day",
      { loadBalancer: { serverErrors: { periodSec: 3000, evaluationPeriods: 30 } } },
      "loadBalancer.serverErrors.evaluationPeriods",
      /at most 86400 seconds/,
    ],
    [
      "a misspelled load balancer alarm",
      { loadBalancer: { responseTime: {} } as unknown as MonitoringInput["loadBalancer"] },
      "loadBalancer.responseTime",
      /responseTimeP95/,
    ],
    [
      "a quoted boolean",
      { storage: { enableRequestMetrics: "false" as unknown as boolean } },
      "storage.enableRequestMetrics",
      /true or false/,
    ],
    ["a topic name instead of its ARN", { alarmTopicArns: ["ops-alerts"] }, "alarmTopicArns[0]", /six parts/],
    [
      "a topic ARN of another partition",
      { alarmTopicArns: ["arn:aws-cn:sns:cn-north-1:123456789012:ops-alerts"] },
      "alarmTopicArns[0]",
      /an SNS topic ARN .*\(partition "aws-cn": this project targets "aws"\)\. Fix: copy the topic's ARN/,
    ],
    [
      "an ARN of another service",
      { alarmTopicArns: ["arn:aws:sqs:ap-northeast-1:123456789012:ops-alerts"] },
      "alarmTopicArns[0]",
      /service "sqs": an SNS topic's ARN names "sns"/,
    ],
    [
      "a topic ARN with an unknown region",
      { alarmTopicArns: ["arn:aws:sns:ap-northeast-9:123456789012:ops-alerts"] },
      "alarmTopicArns[0]",
      /region "ap-northeast-9": a commercial region/,
    ],
    [
      "a topic ARN with an 11-digit account",
      { alarmTopicArns: ["arn:aws:sns:ap-northeast-1:12345678901:ops-alerts"] },
      "alarmTopicArns[0]",
      /account "12345678901": 12 digits/,
    ],
    [
      "a topic ARN with a wildcard name",
      { alarmTopicArns: ["arn:aws:sns:ap-northeast-1:123456789012:ops-*"] },
      "alarmTopicArns[0]",
      /topic name "ops-\*"/,
    ],
    [
      "the same topic twice",
      {
        alarmTopicArns: [
          "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts",
          "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts",
        ],
      },
      "alarmTopicArns[1]",
      /each topic once/,
    ],
    [
      "one ARN instead of a list",
      { alarmTopicArns: "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts" as unknown as string[] },
      "alarmTopicArns",
      /a list of SNS topic ARNs/,
    ],
    ["a quoted key protection", { preventDestroy: "true" as unknown as boolean }, "preventDestroy", /true or false/],
  ])("rejects %s with the field path, the value and a fix", (_, monitoring, field, expected) => {
    const problems = problemsOf(monitoring);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(`environments.test.monitoring.${field}`);
    expect(`${problems[0].expected}. Fix: ${problems[0].fix}`).toMatch(expected);
    expect(problems[0].fix.length).toBeGreaterThan(10);
  });

  test("an instance class with no known memory needs an explicit max_connections", () => {
    const [problem] = problemsOf({}, "db.x2iedn.24xlarge");
    expect(problem.path).toBe("environments.test.monitoring.database.maxConnections");
    expect(problem.expected).toMatch(/db\.x2iedn\.24xlarge is not in the table/);
    expect(problem.fix).toMatch(/SHOW max_connections/);
    expect(problemsOf({ database: { maxConnections: 500 } }, "db.x2iedn.24xlarge")).toEqual([]);
    expect(problemsOf({}, "db.t4g.micro")).toEqual([]);
  });

  test("the environment's database instance class is checked when the configuration is loaded", () => {
    const unknownClass = (monitoring: MonitoringInput) => () =>
      environmentConfig("test", (env) => ({ ...env, database: { instanceClass: "db.x2iedn.24xlarge" }, monitoring }));
    expect(unknownClass({})).toThrow(
      /environments\.test\.monitoring\.database\.maxConnections: got undefined; expected a value, because the memory of instance class db\.x2iedn\.24xlarge is not in the table/,
    );
    expect(unknownClass({ database: { maxConnections: 3000 } })()).toMatchObject({
      monitoring: { database: { maxConnections: 3000 } },
    });
    // A malformed class is the database section's problem; monitoring does not report it twice.
    expect(() => environmentConfig("test", (env) => ({ ...env, database: { instanceClass: "t4g.micro" } }))).toThrow(
      /\(1 problem\)[\s\S]*environments\.test\.database\.instanceClass/,
    );
  });

  test("every problem of the monitoring section is reported in one pass with the others", () => {
    expect(() =>
      withMonitoring({
        alarmEmails: ["nobody"],
        app: { cpu: { thresholdPercent: 101 }, disk: { periodSec: 30 } },
        database: { freeStorage: { thresholdGiB: 0 } },
      }),
    ).toThrow(
      new RegExp(
        [
          "Invalid configuration \\(4 problems\\)",
          'environments\\.test\\.monitoring\\.alarmEmails\\[0\\]: got "nobody"',
          "environments\\.test\\.monitoring\\.app\\.cpu\\.thresholdPercent: got 101",
          "environments\\.test\\.monitoring\\.app\\.disk\\.periodSec: got 30",
          "environments\\.test\\.monitoring\\.database\\.freeStorage\\.thresholdGiB: got 0",
        ].join("[\\s\\S]*"),
      ),
    );
  });
});
