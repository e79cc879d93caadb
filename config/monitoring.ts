import { ProblemCollector } from "./problems";
import { postgresMaxConnections } from "../modules/monitoring/postgres-max-connections";

/** The evaluation window of one metric alarm, as written in configuration. */
export interface AlarmTimingInput {
  /**
   * Length of one evaluation period, in seconds: a multiple of 60 (these are standard-resolution metrics).
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  readonly periodSec?: number;
  /**
   * Number of most recent periods the alarm looks at.
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods among `evaluationPeriods` that put the alarm into ALARM ("M out of N").
   * @default - equal to evaluationPeriods (every period must breach)
   */
  readonly datapointsToAlarm?: number;
}

/** An alarm on a percentage metric, as written in configuration. */
export interface PercentAlarmInput extends AlarmTimingInput {
  /**
   * Threshold, in percent (above 0, at most 100).
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  readonly thresholdPercent?: number;
}

/** An alarm on a count, as written in configuration. */
export interface CountAlarmInput extends AlarmTimingInput {
  /**
   * Threshold, as a whole number of events per period.
   * @default - per alarm, see {@link MONITORING_DEFAULTS}
   */
  readonly thresholdCount?: number;
}

/** An alarm on free storage, as written in configuration. */
export interface FreeStorageAlarmInput extends AlarmTimingInput {
  /**
   * Alarm when free storage is at or below this many GiB.
   * @default 5
   */
  readonly thresholdGiB?: number;
}

/** Alarms on the application host (M1, M4), as written in configuration. */
export interface AppMonitoringInput {
  /**
   * CPU utilization alarm (`AWS/EC2 CPUUtilization`, Average).
   * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3 }
   */
  readonly cpu?: PercentAlarmInput;
  /**
   * Memory used alarm (`CWAgent mem_used_percent`, Average). The design watches memory without a threshold.
   * @default { thresholdPercent: 90, periodSec: 300, evaluationPeriods: 3 }
   */
  readonly memory?: PercentAlarmInput;
  /**
   * Root file system used alarm (`CWAgent disk_used_percent`, Maximum).
   * @default { thresholdPercent: 85, periodSec: 300, evaluationPeriods: 1 }
   */
  readonly disk?: PercentAlarmInput;
  /**
   * System status check alarm, which also triggers EC2 automatic recovery (single instance only).
   * @default { periodSec: 60, evaluationPeriods: 2 }
   */
  readonly systemStatusCheck?: AlarmTimingInput;
  /**
   * Instance status check alarm, notification only (single instance only).
   * @default { periodSec: 60, evaluationPeriods: 3 }
   */
  readonly instanceStatusCheck?: AlarmTimingInput;
  /**
   * Notify when the CloudWatch agent stops reporting memory or disk (the alarm goes to INSUFFICIENT_DATA).
   * @default true
   */
  readonly notifyWhenAgentStopsReporting?: boolean;
}

/** Alarms on the database (M2), as written in configuration. */
export interface DatabaseMonitoringInput {
  /**
   * CPU utilization alarm (`AWS/RDS CPUUtilization`, Average).
   * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3 }
   */
  readonly cpu?: PercentAlarmInput;
  /**
   * Connections alarm, as a percentage of `max_connections` (`AWS/RDS DatabaseConnections`, Maximum).
   * @default { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 2 }
   */
  readonly connections?: PercentAlarmInput;
  /**
   * Free storage alarm (`AWS/RDS FreeStorageSpace`, Minimum).
   * @default { thresholdGiB: 5, periodSec: 300, evaluationPeriods: 1 }
   */
  readonly freeStorage?: FreeStorageAlarmInput;
  /**
   * `max_connections` of the database, when the parameter group sets it explicitly or the instance class is not
   * in the memory table of `modules/monitoring/postgres-max-connections.ts`.
   * @default - derived from the instance class the way RDS for PostgreSQL's default parameter group does
   */
  readonly maxConnections?: number;
}

/** Application log alarms and queries (M3, M5), as written in configuration. */
export interface LogMonitoringInput {
  /**
   * Error log alarm: more than `thresholdCount` error lines in one period (`Sum` of the metric filter's count).
   * @default { thresholdCount: 10, periodSec: 300, evaluationPeriods: 1 }
   */
  readonly errors?: CountAlarmInput;
  /**
   * CloudWatch Logs filter pattern that selects error lines. The default matches the JSON log format documented
   * in docs/monitoring.md (`level` "error" or "fatal", or a pino numeric level of 50 or more).
   * @default DEFAULT_ERROR_FILTER_PATTERN
   */
  readonly errorFilterPattern?: string;
}

/** Application bucket metrics (M4), as written in configuration. */
export interface StorageMonitoringInput {
  /**
   * Turn on S3 request metrics for the whole bucket. Billed as CloudWatch custom metrics (up to 16 metrics, only
   * for minutes with requests); bucket size and object count are free daily metrics either way.
   * @default true
   */
  readonly enableRequestMetrics?: boolean;
  /**
   * S3 server error alarm: more than `thresholdCount` 5xx responses in one period (`AWS/S3 5xxErrors`, Sum);
   * needs request metrics.
   * @default { thresholdCount: 5, periodSec: 300, evaluationPeriods: 1 }
   */
  readonly serverErrors?: CountAlarmInput;
}

/** Monitoring of one environment, as written in configuration. */
export interface MonitoringInput {
  /**
   * Email addresses subscribed to the alarm topic. Each address must confirm the subscription from the email
   * SNS sends before it receives anything.
   * @default []
   */
  readonly alarmEmails?: readonly string[];
  /** Application host alarms. @default - the design's thresholds */
  readonly app?: AppMonitoringInput;
  /** Database alarms. @default - the design's thresholds */
  readonly database?: DatabaseMonitoringInput;
  /** Application log alarm. @default - the design's thresholds */
  readonly logs?: LogMonitoringInput;
  /** Application bucket metrics. @default - request metrics on */
  readonly storage?: StorageMonitoringInput;
}

/** An alarm's evaluation window after validation. */
export interface AlarmTiming {
  readonly periodSec: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** A percentage alarm after validation. */
export interface PercentAlarmSettings extends AlarmTiming {
  readonly thresholdPercent: number;
}

/** A count alarm after validation. */
export interface CountAlarmSettings extends AlarmTiming {
  readonly thresholdCount: number;
}

/** A free storage alarm after validation. */
export interface FreeStorageAlarmSettings extends AlarmTiming {
  readonly thresholdGiB: number;
}

/** Application host alarms after validation. */
export interface AppMonitoringConfig {
  readonly cpu: PercentAlarmSettings;
  readonly memory: PercentAlarmSettings;
  readonly disk: PercentAlarmSettings;
  readonly systemStatusCheck: AlarmTiming;
  readonly instanceStatusCheck: AlarmTiming;
  readonly notifyWhenAgentStopsReporting: boolean;
}

/** Database alarms after validation. */
export interface DatabaseMonitoringConfig {
  readonly cpu: PercentAlarmSettings;
  readonly connections: PercentAlarmSettings;
  readonly freeStorage: FreeStorageAlarmSettings;
  readonly maxConnections?: number;
}

/** Log alarm settings after validation. */
export interface LogMonitoringConfig {
  readonly errors: CountAlarmSettings;
  readonly errorFilterPattern: string;
}

/** Bucket metric settings after validation. */
export interface StorageMonitoringConfig {
  readonly enableRequestMetrics: boolean;
  readonly serverErrors: CountAlarmSettings;
}

/** Monitoring of one environment after validation: every default filled. */
export interface MonitoringConfig {
  readonly alarmEmails: readonly string[];
  readonly app: AppMonitoringConfig;
  readonly database: DatabaseMonitoringConfig;
  readonly logs: LogMonitoringConfig;
  readonly storage: StorageMonitoringConfig;
}

/**
 * Error lines in the documented JSON log format: `level` "error" or "fatal" (string levels), or 50 and above
 * (pino's numeric levels: 50 error, 60 fatal).
 */
export const DEFAULT_ERROR_FILTER_PATTERN = '{ ($.level = "error") || ($.level = "fatal") || ($.level >= 50) }';

/**
 * The design's thresholds (CPU 80 %, disk 85 %, DB CPU 80 %, connections 80 % of max_connections, free storage
 * 5 GiB) and this project's choices where the design names none (periods, evaluation counts, memory 90 %, error
 * lines > 10 per 5 minutes, S3 5xx > 5 per 5 minutes). docs/monitoring.md explains each choice.
 */
export const MONITORING_DEFAULTS: MonitoringConfig = {
  alarmEmails: [],
  app: {
    cpu: { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
    memory: { thresholdPercent: 90, periodSec: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
    disk: { thresholdPercent: 85, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
    systemStatusCheck: { periodSec: 60, evaluationPeriods: 2, datapointsToAlarm: 2 },
    instanceStatusCheck: { periodSec: 60, evaluationPeriods: 3, datapointsToAlarm: 3 },
    notifyWhenAgentStopsReporting: true,
  },
  database: {
    cpu: { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
    connections: { thresholdPercent: 80, periodSec: 300, evaluationPeriods: 2, datapointsToAlarm: 2 },
    freeStorage: { thresholdGiB: 5, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  },
  logs: {
    errors: { thresholdCount: 10, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
    errorFilterPattern: DEFAULT_ERROR_FILTER_PATTERN,
  },
  storage: {
    enableRequestMetrics: true,
    serverErrors: { thresholdCount: 5, periodSec: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  },
};

/** What else monitoring validation needs to know about the environment. */
export interface MonitoringContext {
  /**
   * The database instance class, to check that `max_connections` can be derived from it.
   * @default - not checked here; the database alarms check it when they are built
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

/**
 * Validates the monitoring section of one environment and fills every default.
 *
 * Problems go to `problems` (path, value, expected, fix); the returned configuration is only meaningful when none
 * were added.
 */
export function resolveMonitoring(
  input: MonitoringInput | undefined,
  path: string,
  problems: ProblemCollector,
  context: MonitoringContext = {},
): MonitoringConfig {
  const d = MONITORING_DEFAULTS;
  const alarmEmails = resolveEmails(input?.alarmEmails ?? [], `${path}.alarmEmails`, problems);
  const app = input?.app ?? {};
  const db = input?.database ?? {};
  const logs = input?.logs ?? {};
  const storage = input?.storage ?? {};

  const maxConnections = db.maxConnections;
  if (maxConnections !== undefined) {
    problems.check(
      Number.isInteger(maxConnections) && maxConnections >= 1 && maxConnections <= POSTGRES_MAX_CONNECTIONS_LIMIT,
      `${path}.database.maxConnections`,
      maxConnections,
      `a whole number from 1 to ${POSTGRES_MAX_CONNECTIONS_LIMIT}`,
      "set it to the max_connections value of the database's parameter group (`SHOW max_connections;`), or remove it to derive it from the instance class",
    );
  } else if (context.databaseInstanceClass !== undefined) {
    problems.check(
      postgresMaxConnections(context.databaseInstanceClass) !== undefined,
      `${path}.database.maxConnections`,
      maxConnections,
      `a value, because the memory of instance class ${context.databaseInstanceClass} is not in the table`,
      "set maxConnections to `SHOW max_connections;` on the database, or add the class to DB_INSTANCE_CLASS_MEMORY_GIB in modules/monitoring/postgres-max-connections.ts",
    );
  }

  const errorFilterPattern = logs.errorFilterPattern ?? d.logs.errorFilterPattern;
  problems.check(
    typeof errorFilterPattern === "string" &&
      errorFilterPattern.trim().length > 0 &&
      errorFilterPattern.length <= MAX_FILTER_PATTERN_LENGTH,
    `${path}.logs.errorFilterPattern`,
    errorFilterPattern,
    `a CloudWatch Logs filter pattern of 1-${MAX_FILTER_PATTERN_LENGTH} characters`,
    'write a pattern such as `ERROR` or `{ $.level = "error" }`, or remove it to use the default',
  );

  return {
    alarmEmails,
    app: {
      cpu: resolvePercent(app.cpu, d.app.cpu, `${path}.app.cpu`, problems),
      memory: resolvePercent(app.memory, d.app.memory, `${path}.app.memory`, problems),
      disk: resolvePercent(app.disk, d.app.disk, `${path}.app.disk`, problems),
      systemStatusCheck: resolveTiming(
        app.systemStatusCheck,
        d.app.systemStatusCheck,
        `${path}.app.systemStatusCheck`,
        problems,
      ),
      instanceStatusCheck: resolveTiming(
        app.instanceStatusCheck,
        d.app.instanceStatusCheck,
        `${path}.app.instanceStatusCheck`,
        problems,
      ),
      notifyWhenAgentStopsReporting: resolveBoolean(
        app.notifyWhenAgentStopsReporting,
        d.app.notifyWhenAgentStopsReporting,
        `${path}.app.notifyWhenAgentStopsReporting`,
        problems,
      ),
    },
    database: {
      cpu: resolvePercent(db.cpu, d.database.cpu, `${path}.database.cpu`, problems),
      connections: resolvePercent(db.connections, d.database.connections, `${path}.database.connections`, problems),
      freeStorage: resolveFreeStorage(db.freeStorage, d.database.freeStorage, `${path}.database.freeStorage`, problems),
      ...(maxConnections !== undefined && { maxConnections }),
    },
    logs: {
      errors: resolveCount(logs.errors, d.logs.errors, `${path}.logs.errors`, problems),
      errorFilterPattern,
    },
    storage: {
      enableRequestMetrics: resolveBoolean(
        storage.enableRequestMetrics,
        d.storage.enableRequestMetrics,
        `${path}.storage.enableRequestMetrics`,
        problems,
      ),
      serverErrors: resolveCount(
        storage.serverErrors,
        d.storage.serverErrors,
        `${path}.storage.serverErrors`,
        problems,
      ),
    },
  };
}

function resolveEmails(emails: readonly string[], path: string, problems: ProblemCollector): string[] {
  const seen = new Set<string>();
  emails.forEach((email, i) => {
    problems.check(
      typeof email === "string" && email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email),
      `${path}[${i}]`,
      email,
      "an email address such as ops@example.com",
      "write one address per entry, without a display name or angle brackets",
    );
    const key = String(email).toLowerCase();
    problems.check(!seen.has(key), `${path}[${i}]`, email, "each address once", "remove the duplicate");
    seen.add(key);
  });
  return [...emails];
}

function resolveTiming(
  input: AlarmTimingInput | undefined,
  defaults: AlarmTiming,
  path: string,
  problems: ProblemCollector,
): AlarmTiming {
  const periodSec = input?.periodSec ?? defaults.periodSec;
  // A changed evaluationPeriods without datapointsToAlarm means "every period must breach", as in CloudWatch.
  const evaluationPeriods = input?.evaluationPeriods ?? defaults.evaluationPeriods;
  const datapointsToAlarm =
    input?.datapointsToAlarm ??
    (input?.evaluationPeriods !== undefined ? evaluationPeriods : defaults.datapointsToAlarm);

  const periodOk = problems.check(
    Number.isInteger(periodSec) && periodSec >= 60 && periodSec % 60 === 0 && periodSec <= ONE_DAY_SEC,
    `${path}.periodSec`,
    periodSec,
    "a multiple of 60 seconds, from 60 to 86400",
    "use 60 (1 minute), 300 (5 minutes) or 3600 (1 hour); these metrics have one-minute resolution at best",
  );
  const evaluationOk = problems.check(
    Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1,
    `${path}.evaluationPeriods`,
    evaluationPeriods,
    "a whole number of at least 1",
    "set how many consecutive periods the alarm looks at, for example 3",
  );
  if (periodOk && evaluationOk) {
    const limit = periodSec < 3600 ? ONE_DAY_SEC : SEVEN_DAYS_SEC;
    problems.check(
      periodSec * evaluationPeriods <= limit,
      `${path}.evaluationPeriods`,
      evaluationPeriods,
      `periodSec x evaluationPeriods of at most ${limit} seconds (${periodSec} x ${evaluationPeriods} = ${periodSec * evaluationPeriods})`,
      "CloudWatch evaluates at most one day for periods under an hour, seven days otherwise: lower either value",
    );
  }
  // A datapoints count derived from a bad evaluationPeriods is not a second mistake.
  problems.check(
    (!evaluationOk && input?.datapointsToAlarm === undefined) ||
      (Number.isInteger(datapointsToAlarm) &&
        datapointsToAlarm >= 1 &&
        (!evaluationOk || datapointsToAlarm <= evaluationPeriods)),
    `${path}.datapointsToAlarm`,
    datapointsToAlarm,
    `a whole number from 1 to evaluationPeriods (${evaluationPeriods})`,
    "set how many of the evaluated periods must breach, or remove it to require all of them",
  );
  return { periodSec, evaluationPeriods, datapointsToAlarm };
}

function resolvePercent(
  input: PercentAlarmInput | undefined,
  defaults: PercentAlarmSettings,
  path: string,
  problems: ProblemCollector,
): PercentAlarmSettings {
  const thresholdPercent = input?.thresholdPercent ?? defaults.thresholdPercent;
  problems.check(
    Number.isFinite(thresholdPercent) && thresholdPercent > 0 && thresholdPercent <= 100,
    `${path}.thresholdPercent`,
    thresholdPercent,
    "a percentage above 0 and at most 100",
    "write the percentage as a number, for example 80 for 80 %",
  );
  return { thresholdPercent, ...resolveTiming(input, defaults, path, problems) };
}

function resolveCount(
  input: CountAlarmInput | undefined,
  defaults: CountAlarmSettings,
  path: string,
  problems: ProblemCollector,
): CountAlarmSettings {
  const thresholdCount = input?.thresholdCount ?? defaults.thresholdCount;
  problems.check(
    Number.isInteger(thresholdCount) && thresholdCount >= 0,
    `${path}.thresholdCount`,
    thresholdCount,
    "a whole number of 0 or more",
    "set the number of events per period, for example 10",
  );
  return { thresholdCount, ...resolveTiming(input, defaults, path, problems) };
}

function resolveFreeStorage(
  input: FreeStorageAlarmInput | undefined,
  defaults: FreeStorageAlarmSettings,
  path: string,
  problems: ProblemCollector,
): FreeStorageAlarmSettings {
  const thresholdGiB = input?.thresholdGiB ?? defaults.thresholdGiB;
  problems.check(
    Number.isFinite(thresholdGiB) && thresholdGiB > 0,
    `${path}.thresholdGiB`,
    thresholdGiB,
    "a number of GiB above 0",
    "write the free space that should raise the alarm, for example 5",
  );
  return { thresholdGiB, ...resolveTiming(input, defaults, path, problems) };
}

function resolveBoolean(value: boolean | undefined, fallback: boolean, path: string, problems: ProblemCollector) {
  const resolved = value ?? fallback;
  problems.check(typeof resolved === "boolean", path, resolved, "true or false", "write a boolean, without quotes");
  return resolved;
}
