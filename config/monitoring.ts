import { z } from "zod";
import { snsTopicArnProblem } from "./aws";
import { postgresMaxConnections } from "./postgres-max-connections";
import {
  CheckContext,
  DeepReadonly,
  acrossFields,
  acrossItems,
  failed,
  flag,
  list,
  num,
  report,
  section,
  text,
} from "./rules";

/**
 * Error lines in the documented JSON log format: `level` "error" or "fatal" (string levels), or 50 and above
 * (pino's numeric levels: 50 error, 60 fatal).
 */
export const DEFAULT_ERROR_FILTER_PATTERN = '{ ($.level = "error") || ($.level = "fatal") || ($.level >= 50) }';

/** What else monitoring validation needs to know about the environment. */
export interface MonitoringContext {
  /**
   * The database instance class, to check that `max_connections` can be derived from it.
   * @default - not checked here; the environment checks it against its own database section
   */
  readonly databaseInstanceClass?: string;
}

// A pragmatic address check (local@domain.tld); SNS sends a confirmation mail, which is the real test.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const MAX_EMAIL_LENGTH = 254;
// CloudWatch alarms: evaluation range at most one day for periods under an hour, at most seven days otherwise.
const ONE_DAY_SEC = 86_400;
const SEVEN_DAYS_SEC = 604_800;
const MAX_FILTER_PATTERN_LENGTH = 1024;
// PostgreSQL's own upper limit for max_connections.
const POSTGRES_MAX_CONNECTIONS_LIMIT = 262_143;
// Durations alarmed on (replica lag, response time) beyond an hour are outages, not thresholds.
const MAX_DURATION_THRESHOLD_SEC = 3600;

const TIMING = {
  /**
   * Length of one evaluation period, in seconds: a multiple of 60 (these are standard-resolution metrics).
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  periodSec: num({
    test: (sec) => Number.isInteger(sec) && sec >= 60 && sec % 60 === 0 && sec <= ONE_DAY_SEC,
    expected: "a multiple of 60 seconds, from 60 to 86400",
    fix: "use 60 (1 minute), 300 (5 minutes) or 3600 (1 hour); these metrics have one-minute resolution at best",
  }).optional(),
  /**
   * Number of most recent periods the alarm looks at.
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  evaluationPeriods: num({
    test: (n) => Number.isInteger(n) && n >= 1,
    expected: "a whole number of at least 1",
    fix: "set how many consecutive periods the alarm looks at, for example 3",
  }).optional(),
  /**
   * Breaching periods among `evaluationPeriods` that put the alarm into ALARM ("M out of N").
   * @default - equal to evaluationPeriods (every period must breach)
   */
  datapointsToAlarm: num({
    expected: "a whole number from 1 to evaluationPeriods",
    fix: "set how many of the evaluated periods must breach, or remove it to require all of them",
  }).optional(),
};

const PERCENT = {
  ...TIMING,
  /**
   * Threshold, in percent (above 0, at most 100).
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  thresholdPercent: num({
    test: (percent) => Number.isFinite(percent) && percent > 0 && percent <= 100,
    expected: "a percentage above 0 and at most 100",
    fix: "write the percentage as a number, for example 80 for 80 %",
  }).optional(),
};

const COUNT = {
  ...TIMING,
  /**
   * Threshold, as a whole number of events per period.
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  thresholdCount: num({
    test: (count) => Number.isInteger(count) && count >= 0,
    expected: "a whole number of 0 or more",
    fix: "set the number of events per period, for example 10",
  }).optional(),
};

const FREE_STORAGE = {
  ...TIMING,
  /**
   * Alarm when free storage is at or below this many GiB.
   * @default 5
   */
  thresholdGiB: num({
    test: (gib) => Number.isFinite(gib) && gib > 0,
    expected: "a number of GiB above 0",
    fix: "write the free space that should raise the alarm, for example 5",
  }).optional(),
};

const HOST_COUNT = {
  ...TIMING,
  /**
   * Alarm when at least this many targets are unhealthy.
   * @default 1
   */
  thresholdCount: num({
    test: (count) => Number.isInteger(count) && count >= 1,
    expected: "a whole number of at least 1",
    fix: "set how many unhealthy targets raise the alarm, for example 1",
  }).optional(),
};

const DURATION = {
  ...TIMING,
  /**
   * Threshold, in seconds (above 0, at most one hour).
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  thresholdSec: num({
    test: (sec) => Number.isFinite(sec) && sec > 0 && sec <= MAX_DURATION_THRESHOLD_SEC,
    expected: `a number of seconds above 0 and at most ${MAX_DURATION_THRESHOLD_SEC}`,
    fix: "write the duration in seconds, for example 1 for one second or 0.5 for 500 ms",
  }).optional(),
};

type Settings<Shape extends z.core.$ZodLooseShape> = DeepReadonly<Required<z.output<z.ZodObject<Shape>>>>;

/** An alarm's evaluation window after validation. */
export type AlarmTiming = Settings<typeof TIMING>;
/** A percentage alarm after validation. */
export type PercentAlarmSettings = Settings<typeof PERCENT>;
/** A count alarm after validation. */
export type CountAlarmSettings = Settings<typeof COUNT>;
/** A free storage alarm after validation. */
export type FreeStorageAlarmSettings = Settings<typeof FREE_STORAGE>;
/** An alarm on a number of unhealthy targets after validation. */
export type HostCountAlarmSettings = Settings<typeof HOST_COUNT>;
/** An alarm on a duration (replica lag, response time) after validation. */
export type DurationAlarmSettings = Settings<typeof DURATION>;

type AlarmSchema<Shape extends z.core.$ZodLooseShape> = z.ZodPrefault<
  z.ZodType<Settings<Shape>, DeepReadonly<z.input<z.ZodObject<Shape, z.core.$strict>>>>
>;

/**
 * One alarm: its threshold and evaluation window, each field defaulting to `defaults`. A changed
 * `evaluationPeriods` without `datapointsToAlarm` means "every period must breach", as in CloudWatch.
 */
function alarm<Shape extends typeof TIMING>(name: string, shape: Shape, defaults: Settings<Shape>): AlarmSchema<Shape> {
  const fallback = defaults as unknown as Readonly<Record<string, number>>;
  const checked = acrossFields(
    section(`${name} alarm`, shape, { fix: `write ${name} as an object of the fields to change` }),
    (given, ctx) => {
      const periodSec = (given.periodSec ?? fallback.periodSec) as number;
      const evaluationPeriods = (given.evaluationPeriods ?? fallback.evaluationPeriods) as number;
      const evaluationOk = !failed(ctx, "evaluationPeriods");
      if (!failed(ctx, "periodSec") && evaluationOk) {
        const limit = periodSec < 3600 ? ONE_DAY_SEC : SEVEN_DAYS_SEC;
        if (periodSec * evaluationPeriods > limit) {
          report(
            ctx,
            ["evaluationPeriods"],
            evaluationPeriods,
            `periodSec x evaluationPeriods of at most ${limit} seconds (${periodSec} x ${evaluationPeriods} = ${periodSec * evaluationPeriods})`,
            "CloudWatch evaluates at most one day for periods under an hour, seven days otherwise: lower either value",
          );
        }
      }
      // A datapoints count derived from a bad evaluationPeriods is not a second mistake.
      const datapoints = given.datapointsToAlarm as number | undefined;
      if (datapoints === undefined || failed(ctx, "datapointsToAlarm")) return;
      if (!Number.isInteger(datapoints) || datapoints < 1 || (evaluationOk && datapoints > evaluationPeriods)) {
        report(
          ctx,
          ["datapointsToAlarm"],
          datapoints,
          `a whole number from 1 to evaluationPeriods (${evaluationPeriods})`,
          "set how many of the evaluated periods must breach, or remove it to require all of them",
        );
      }
    },
  ) as unknown as z.ZodType<Readonly<Record<string, number | undefined>>>;
  return checked
    .transform((given) => {
      const settings: Record<string, number> = { ...fallback };
      for (const [key, value] of Object.entries(given)) if (value !== undefined) settings[key] = value;
      if (given.evaluationPeriods !== undefined && given.datapointsToAlarm === undefined) {
        settings.datapointsToAlarm = given.evaluationPeriods;
      }
      return settings as unknown as Settings<Shape>;
    })
    .prefault({}) as unknown as AlarmSchema<Shape>;
}

const group = <Shape extends z.core.$ZodLooseShape>(name: string, shape: Shape) =>
  section(name, shape, { fix: `write ${name} as an object of the fields to change, or remove it` }).prefault(
    {} as never,
  );

/**
 * Checks that the database alarms can derive `max_connections` from `instanceClass` when configuration gives none;
 * `path` leads to the monitoring section.
 */
export function checkMaxConnections<T>(
  ctx: CheckContext<T>,
  path: readonly PropertyKey[],
  instanceClass: string,
  monitoring: unknown,
): void {
  const database = (monitoring as { database?: { maxConnections?: unknown } } | undefined)?.database;
  if (database?.maxConnections !== undefined || postgresMaxConnections(instanceClass) !== undefined) return;
  report(
    ctx,
    [...path, "database", "maxConnections"],
    undefined,
    `a value, because the memory of instance class ${instanceClass} is not in the table`,
    "set maxConnections to `SHOW max_connections;` on the database, or add the class to DB_INSTANCE_CLASS_MEMORY_GIB in config/postgres-max-connections.ts",
  );
}

const monitoringFields = section(
  "monitoring section",
  {
    /**
     * Email addresses subscribed to the alarm topic. Each address must confirm the subscription from the email
     * SNS sends before it receives anything.
     * @default []
     */
    alarmEmails: acrossItems(
      list(
        text({
          test: (email) => email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email),
          expected: "an email address such as ops@example.com",
          fix: "write one address per entry, without a display name or angle brackets",
        }),
        { expected: "a list of email addresses", fix: 'write them as a list, for example ["ops@example.com"]' },
      ),
      (emails, ctx) => {
        const keys = emails.map((email) => String(email).toLowerCase());
        keys.forEach((key, i) => {
          if (keys.indexOf(key) < i) report(ctx, [i], emails[i], "each address once", "remove the duplicate");
        });
      },
    ).default([]),
    /**
     * ARNs of existing SNS topics that every alarm also notifies, on ALARM, OK and (where the alarm does)
     * INSUFFICIENT_DATA: for example the topic an Amazon Q Developer chat channel, a pager or an incident tool
     * already subscribes to (docs/monitoring.md). Each is in the environment's region (CloudWatch notifies topics
     * of its own region only) and must let `cloudwatch.amazonaws.com` publish; in production, one of these or one
     * address in `alarmEmails` is required.
     * @default []
     */
    alarmTopicArns: acrossItems(
      list(
        text({
          test: (arn) => snsTopicArnProblem(arn) === undefined,
          expected: "an SNS topic ARN such as arn:aws:sns:ap-northeast-1:123456789012:ops-alerts",
          detail: snsTopicArnProblem,
          fix: "copy the topic's ARN from the SNS console or `aws sns list-topics`; a chat channel's topic is listed in its Amazon Q Developer channel configuration",
        }),
        {
          expected: "a list of SNS topic ARNs",
          fix: 'write them as a list, for example ["arn:aws:sns:ap-northeast-1:123456789012:ops-alerts"]',
        },
      ),
      (arns, ctx) => {
        arns.forEach((arn, i) => {
          if (arns.indexOf(arn) < i) report(ctx, [i], arn, "each topic once", "remove the duplicate");
        });
      },
    ).default([]),
    /**
     * Refuse `terraform destroy` of the alarm topic's KMS key (`lifecycle.prevent_destroy`): destroying it
     * schedules its deletion. Turning it off in production needs an acknowledged PREVENT-DESTROY.
     * @default - true in production, false elsewhere
     */
    preventDestroy: flag().optional(),
    /** Application host alarms (M1, M4). @default - the design's thresholds */
    app: group("monitoring.app section", {
      /**
       * CPU utilization alarm (`AWS/EC2 CPUUtilization`, Average).
       * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3 }
       */
      cpu: alarm("app.cpu", PERCENT, {
        thresholdPercent: 80,
        periodSec: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
      /**
       * Memory used alarm (`CWAgent mem_used_percent`, Average). The design watches memory without a threshold.
       * @default { thresholdPercent: 90, periodSec: 300, evaluationPeriods: 3 }
       */
      memory: alarm("app.memory", PERCENT, {
        thresholdPercent: 90,
        periodSec: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
      /**
       * Root file system used alarm (`CWAgent disk_used_percent`, Maximum).
       * @default { thresholdPercent: 85, periodSec: 300, evaluationPeriods: 1 }
       */
      disk: alarm("app.disk", PERCENT, {
        thresholdPercent: 85,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
      /**
       * System status check alarm, which also triggers EC2 automatic recovery (single instance only).
       * @default { periodSec: 60, evaluationPeriods: 2 }
       */
      systemStatusCheck: alarm("app.systemStatusCheck", TIMING, {
        periodSec: 60,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
      }),
      /**
       * Instance status check alarm, notification only (single instance only).
       * @default { periodSec: 60, evaluationPeriods: 3 }
       */
      instanceStatusCheck: alarm("app.instanceStatusCheck", TIMING, {
        periodSec: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
      /**
       * Notify when the CloudWatch agent stops reporting memory or disk (the alarm goes to INSUFFICIENT_DATA).
       * @default true
       */
      notifyWhenAgentStopsReporting: flag().default(true),
    }),
    /** Database alarms (M2). @default - the design's thresholds */
    database: group("monitoring.database section", {
      /**
       * CPU utilization alarm (`AWS/RDS CPUUtilization`, Average).
       * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3 }
       */
      cpu: alarm("database.cpu", PERCENT, {
        thresholdPercent: 80,
        periodSec: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
      /**
       * Connections alarm, as a percentage of `max_connections` (`AWS/RDS DatabaseConnections`, Maximum).
       * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 2 }
       */
      connections: alarm("database.connections", PERCENT, {
        thresholdPercent: 80,
        periodSec: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
      }),
      /**
       * Free storage alarm (`AWS/RDS FreeStorageSpace`, Minimum).
       * @default { thresholdGiB: 5, periodSec: 300, evaluationPeriods: 1 }
       */
      freeStorage: alarm("database.freeStorage", FREE_STORAGE, {
        thresholdGiB: 5,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
      /**
       * Read replica lag alarm (`AWS/RDS ReplicaLag` of each replica, Maximum, >= threshold): the replica's reads
       * are this many seconds behind the source. Replicas also get the CPU, connections and free storage alarms
       * above, with the same settings.
       * @default { thresholdSec: 60, periodSec: 60, evaluationPeriods: 5 }
       */
      replicaLag: alarm("database.replicaLag", DURATION, {
        thresholdSec: 60,
        periodSec: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
      }),
      /**
       * `max_connections` of the database, when the parameter group sets it explicitly or the instance class is not
       * in the memory table of `config/postgres-max-connections.ts`.
       * @default - derived from the instance class the way RDS for PostgreSQL's default parameter group does
       */
      maxConnections: num({
        test: (n) => Number.isInteger(n) && n >= 1 && n <= POSTGRES_MAX_CONNECTIONS_LIMIT,
        expected: `a whole number from 1 to ${POSTGRES_MAX_CONNECTIONS_LIMIT}`,
        fix: "set it to the max_connections value of the database's parameter group (`SHOW max_connections;`), or remove it to derive it from the instance class",
      }).optional(),
    }),
    /** Application log alarm and queries (M3, M5). @default - the design's thresholds */
    logs: group("monitoring.logs section", {
      /**
       * Error log alarm: more than `thresholdCount` error lines in one period (`Sum` of the metric filter's count).
       * @default { thresholdCount: 10, periodSec: 300, evaluationPeriods: 1 }
       */
      errors: alarm("logs.errors", COUNT, {
        thresholdCount: 10,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
      /**
       * CloudWatch Logs filter pattern that selects error lines. The default matches the JSON log format documented
       * in docs/monitoring.md (`level` "error" or "fatal", or a pino numeric level of 50 or more).
       * @default DEFAULT_ERROR_FILTER_PATTERN
       */
      errorFilterPattern: text({
        test: (pattern) => pattern.trim().length > 0 && pattern.length <= MAX_FILTER_PATTERN_LENGTH,
        expected: `a CloudWatch Logs filter pattern of 1-${MAX_FILTER_PATTERN_LENGTH} characters`,
        fix: 'write a pattern such as `ERROR` or `{ $.level = "error" }`, or remove it to use the default',
      }).default(DEFAULT_ERROR_FILTER_PATTERN),
    }),
    /** Load balancer alarms (Phase 2), used when the environment has a load balancer. @default - see each alarm */
    loadBalancer: group("monitoring.loadBalancer section", {
      /**
       * Load balancer errors: more than `thresholdCount` 5xx responses generated by the load balancer itself in one
       * period (`AWS/ApplicationELB HTTPCode_ELB_5XX_Count`, Sum): no healthy target (503), a target that closed
       * the connection or sent a malformed response (502), a target that did not answer in time (504).
       * @default { thresholdCount: 5, periodSec: 300, evaluationPeriods: 1 }
       */
      serverErrors: alarm("loadBalancer.serverErrors", COUNT, {
        thresholdCount: 5,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
      /**
       * Application errors: more than `thresholdCount` 5xx responses from the targets in one period
       * (`AWS/ApplicationELB HTTPCode_Target_5XX_Count` of the target group, Sum).
       * @default { thresholdCount: 10, periodSec: 300, evaluationPeriods: 1 }
       */
      targetServerErrors: alarm("loadBalancer.targetServerErrors", COUNT, {
        thresholdCount: 10,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
      /**
       * Unhealthy targets: at least `thresholdCount` targets of the target group fail their health check
       * (`AWS/ApplicationELB UnHealthyHostCount`, Maximum) in every evaluated period; the Auto Scaling group
       * replaces such a host on its own, so a short blip is not worth a page.
       * @default { thresholdCount: 1, periodSec: 60, evaluationPeriods: 5 }
       */
      unhealthyHosts: alarm("loadBalancer.unhealthyHosts", HOST_COUNT, {
        thresholdCount: 1,
        periodSec: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
      }),
      /**
       * API response time: the 95th percentile of the time the targets take to answer
       * (`AWS/ApplicationELB TargetResponseTime`, p95, seconds) at or above `thresholdSec`.
       * @default { thresholdSec: 1, periodSec: 300, evaluationPeriods: 3 }
       */
      responseTimeP95: alarm("loadBalancer.responseTimeP95", DURATION, {
        thresholdSec: 1,
        periodSec: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
    }),
    /** Application bucket metrics (M4). @default - request metrics on */
    storage: group("monitoring.storage section", {
      /**
       * Turn on S3 request metrics for the whole bucket. Billed as CloudWatch custom metrics (up to 16 metrics, only
       * for minutes with requests); bucket size and object count are free daily metrics either way.
       * @default true
       */
      enableRequestMetrics: flag().default(true),
      /**
       * S3 server error alarm: more than `thresholdCount` 5xx responses in one period (`AWS/S3 5xxErrors`, Sum);
       * needs request metrics.
       * @default { thresholdCount: 5, periodSec: 300, evaluationPeriods: 1 }
       */
      serverErrors: alarm("storage.serverErrors", COUNT, {
        thresholdCount: 5,
        periodSec: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      }),
    }),
  },
  { fix: "write monitoring as an object of the fields to change, or remove it to use the defaults" },
);

/**
 * The monitoring section of one environment: alarms, notifications, dashboard and queries. Every field defaults
 * to the design's thresholds (CPU 80 %, disk 85 %, DB CPU 80 %, connections 80 % of max_connections, free storage
 * 5 GiB) and this project's choices where the design names none (periods, evaluation counts, memory 90 %, error
 * lines > 10 per 5 minutes, S3 5xx > 5 per 5 minutes, replica lag 60 s, load balancer errors and p95 response
 * time 1 s); docs/monitoring.md explains each choice.
 *
 * With `context.databaseInstanceClass`, it also checks that `max_connections` can be derived from that class.
 */
export function monitoringSchema(context: MonitoringContext = {}) {
  const instanceClass = context.databaseInstanceClass;
  return instanceClass === undefined
    ? monitoringFields
    : acrossFields(monitoringFields, (monitoring, ctx) => checkMaxConnections(ctx, [], instanceClass, monitoring));
}

/** Monitoring of one environment, as written in configuration. */
export type MonitoringInput = DeepReadonly<z.input<ReturnType<typeof monitoringSchema>>>;

/** Monitoring of one environment after validation: every default filled. */
export type MonitoringConfig = DeepReadonly<z.output<ReturnType<typeof monitoringSchema>>>;

type Section<K extends keyof MonitoringConfig> = MonitoringConfig[K];
/** Application host alarms after validation. */
export type AppMonitoringConfig = Section<"app">;
/** Database alarms after validation. */
export type DatabaseMonitoringConfig = Section<"database">;
/** Log alarm settings after validation. */
export type LogMonitoringConfig = Section<"logs">;
/** Bucket metric settings after validation. */
export type StorageMonitoringConfig = Section<"storage">;
/** Load balancer alarm settings after validation. */
export type LoadBalancerMonitoringConfig = Section<"loadBalancer">;

/** The resolved monitoring of an environment whose configuration has no monitoring section. */
export const MONITORING_DEFAULTS: MonitoringConfig = monitoringSchema().parse({});
