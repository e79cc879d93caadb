import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { Construct } from "constructs";

/**
 * Fields of the application log format the saved queries read (pino and pino-http's defaults; see
 * docs/monitoring.md). One JSON object per line on stdout.
 */
export const LOG_FIELDS = {
  /** Severity: pino's number (30 info, 40 warn, 50 error, 60 fatal) or a string ("error", "fatal"). */
  level: "level",
  /** Human-readable message. */
  message: "msg",
  /** Error class name of a logged error, for example `TypeError`. */
  errorType: "err.type",
  /** HTTP method of a completed request. */
  method: "req.method",
  /** Request URL (path and query string) of a completed request. */
  url: "req.url",
  /** HTTP status code of a completed request. */
  statusCode: "res.statusCode",
  /** Time to respond, in milliseconds. */
  responseTimeMs: "responseTime",
} as const;

const F = LOG_FIELDS;
const IS_ERROR = `${F.level} = "error" or ${F.level} = "fatal" or ${F.level} >= 50`;
// Query strings are dropped so /items?id=1 and /items?id=2 aggregate as one route.
const ROUTE = `parse ${F.url} /^(?<route>[^?]*)/`;

/** The saved Logs Insights queries, by short name. */
export const SAVED_QUERIES: Readonly<Record<string, string>> = {
  "errors-by-message": [
    `fields @timestamp, coalesce(${F.errorType}, "-") as errorType, ${F.message}`,
    `filter ${IS_ERROR}`,
    `stats count(*) as errors, latest(@timestamp) as lastSeen by errorType, ${F.message}`,
    "sort errors desc",
    "limit 50",
  ].join("\n| "),
  "errors-over-time": [`filter ${IS_ERROR}`, "stats count(*) as errors by bin(5m)"].join("\n| "),
  "api-response-time-by-route": [
    `filter ispresent(${F.responseTimeMs})`,
    ROUTE,
    [
      `stats count(*) as requests, avg(${F.responseTimeMs}) as avgMs, pct(${F.responseTimeMs}, 50) as p50Ms,`,
      `pct(${F.responseTimeMs}, 95) as p95Ms, pct(${F.responseTimeMs}, 99) as p99Ms, max(${F.responseTimeMs}) as maxMs`,
      `by ${F.method}, route`,
    ].join(" "),
    "sort p95Ms desc",
    "limit 50",
  ].join("\n| "),
  "api-response-time-over-time": [
    `filter ispresent(${F.responseTimeMs})`,
    [
      `stats count(*) as requests, avg(${F.responseTimeMs}) as avgMs, pct(${F.responseTimeMs}, 95) as p95Ms,`,
      `pct(${F.responseTimeMs}, 99) as p99Ms by bin(5m)`,
    ].join(" "),
  ].join("\n| "),
  "api-server-errors": [
    `filter ${F.statusCode} >= 500`,
    ROUTE,
    `stats count(*) as responses by ${F.method}, route, ${F.statusCode}`,
    "sort responses desc",
    "limit 50",
  ].join("\n| "),
};

// Each host ships its log to the stream named after its instance id (modules/app-host/cloudwatch-agent.ts).
const INSTANCE = "@logStream";

/**
 * The saved queries that compare the hosts of an Auto Scaling group, by short name: one bad host (which the group
 * should replace) and a fault on every host (which a replacement does not fix) look alike in the totals.
 */
export const INSTANCE_QUERIES: Readonly<Record<string, string>> = {
  "errors-by-instance": [
    `filter ${IS_ERROR}`,
    `stats count(*) as errors, latest(@timestamp) as lastSeen by ${INSTANCE}`,
    "sort errors desc",
    "limit 50",
  ].join("\n| "),
  "api-response-time-by-instance": [
    `filter ispresent(${F.responseTimeMs})`,
    [
      `stats count(*) as requests, avg(${F.responseTimeMs}) as avgMs, pct(${F.responseTimeMs}, 95) as p95Ms,`,
      `pct(${F.responseTimeMs}, 99) as p99Ms by ${INSTANCE}`,
    ].join(" "),
    "sort p95Ms desc",
    "limit 50",
  ].join("\n| "),
};

/** Props of {@link LogQueries}. */
export interface LogQueriesProps {
  /** Folder of the saved queries in the Logs Insights console, for example `webapp-production`. */
  readonly folder: string;
  /** Name of the application log group (may be a token). */
  readonly logGroupName: string;
  /**
   * Also save the {@link INSTANCE_QUERIES}, which compare the hosts (for an Auto Scaling group).
   * @default false
   */
  readonly enableInstanceQueries?: boolean;
}

/**
 * Saved Logs Insights queries on the application log group (M5): error aggregation and API response time, and for
 * several hosts the same per host.
 */
export class LogQueries extends Construct {
  /** Full names of the saved queries (`<folder>/<name>`). */
  readonly queryNames: string[];

  constructor(scope: Construct, id: string, props: LogQueriesProps) {
    super(scope, id);
    const queries = { ...SAVED_QUERIES, ...(props.enableInstanceQueries ? INSTANCE_QUERIES : {}) };
    this.queryNames = Object.entries(queries).map(([name, queryString]) => {
      const fullName = `${props.folder}/${name}`;
      new CloudwatchQueryDefinition(this, pascalCase(name), {
        name: fullName,
        queryString,
        logGroupNames: [props.logGroupName],
      });
      return fullName;
    });
  }
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
