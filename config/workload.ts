import { z } from "zod";
import { s3BucketNameProblem } from "./aws";
import { parseCidr } from "./cidr";
import {
  DeepReadonly,
  Resolved,
  acrossFields,
  failed,
  flag,
  integer,
  list,
  num,
  oneOf,
  report,
  retentionDays,
  section,
  text,
} from "./rules";

/** Seconds between RDS Enhanced Monitoring samples that RDS accepts; 0 turns Enhanced Monitoring off. */
export const ENHANCED_MONITORING_INTERVALS_SEC = [0, 1, 5, 10, 15, 30, 60] as const;

/**
 * CloudWatch Database Insights modes: `standard` is free and keeps 7 days of Performance Insights history;
 * `advanced` is billed per vCPU-hour and keeps 15 months (465 days of Performance Insights).
 */
export const DATABASE_INSIGHTS_MODES = ["standard", "advanced"] as const;

/** A CloudWatch Database Insights mode. */
export type DatabaseInsightsMode = (typeof DATABASE_INSIGHTS_MODES)[number];

/** PostgreSQL major versions offered by default: those in RDS standard support when this was written. */
export const POSTGRES_MAJOR_VERSIONS = [14, 15, 16, 17] as const;

const ENGINE_VERSION = /^(\d+)(\.\d+)?$/;
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const DB_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
const DB_RESERVED_NAMES = ["postgres", "template0", "template1", "rdsadmin"];
const DB_USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
// `postgres` is flagged by AWS Security Hub RDS.25 (default admin user name); the others are reserved by RDS.
const DB_RESERVED_USERNAMES = ["postgres", "admin", "rdsadmin", "rdsrepladmin", "rds_superuser"];
const BACKUP_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const MAINTENANCE_WINDOW =
  /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^\*$/;
const CORS_METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"];
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
// Graviton families: a generation digit followed by `g` (t4g, m7gd, c6gn, im4gn, is4gen, hpc7g), plus a1.
const GRAVITON_FAMILY = /^([a-z]+\d+g[a-z-]*|a1)$/;

/** CPU architecture of an AMI. */
export type Architecture = "arm64" | "x86_64";

/** The AMI architecture an instance type runs: arm64 for Graviton families, x86_64 otherwise. */
export function architectureOf(instanceType: string): Architecture {
  return GRAVITON_FAMILY.test(instanceType.split(".")[0]) ? "arm64" : "x86_64";
}

/** The `resolve:ssm:` reference to the latest Amazon Linux 2023 AMI of `architecture`, resolved at launch. */
export function al2023AmiReference(architecture: Architecture): string {
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/** A window as a start minute and a length; backup windows repeat daily, maintenance windows weekly. */
interface Window {
  readonly startMin: number;
  readonly lengthMin: number;
}

function parseBackupWindow(text: string): Window | undefined {
  const m = BACKUP_WINDOW.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { startMin: start, lengthMin: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

function parseMaintenanceWindow(text: string): Window | undefined {
  const m = MAINTENANCE_WINDOW.exec(text);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * MINUTES_PER_DAY + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4]) * MINUTES_PER_DAY + Number(m[5]) * 60 + Number(m[6]);
  return { startMin: start, lengthMin: (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK };
}

function windowsOverlap(dailyBackup: Window, weeklyMaintenance: Window): boolean {
  // Compare the maintenance window with the backup window of every day of the week, including the one that
  // started the day before and runs past midnight.
  const overlaps = (aStart: number, aLength: number, bStart: number, bLength: number) =>
    aStart < bStart + bLength && bStart < aStart + aLength;
  for (let day = -1; day <= 7; day++) {
    const start = day * MINUTES_PER_DAY + dailyBackup.startMin;
    for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
      if (overlaps(start, dailyBackup.lengthMin, weeklyMaintenance.startMin + shift, weeklyMaintenance.lengthMin)) {
        return true;
      }
    }
  }
  return false;
}

/** The RDS database of one environment (D1). */
export const databaseSchema = acrossFields(
  section(
    "database section",
    {
      /**
       * PostgreSQL version: a major version (`"17"`, RDS picks its default minor and upgrades it automatically) or
       * a pinned `major.minor`. The parameter group family follows the major version.
       * @default "17"
       */
      engineVersion: text({
        test: (version) =>
          (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(Number(ENGINE_VERSION.exec(version)?.[1])),
        expected: `a PostgreSQL major version (${POSTGRES_MAJOR_VERSIONS.join(", ")}), optionally with a minor version`,
        fix: 'write the major version only, such as "17", to get automatic minor upgrades',
      }).default("17"),
      /**
       * RDS instance class. Graviton burstable is the cheapest that runs PostgreSQL 17.
       * @default "db.t4g.micro"
       */
      instanceClass: text({
        test: (name) => DB_INSTANCE_CLASS.test(name),
        expected: "an RDS instance class such as db.t4g.micro",
        fix: "keep the db. prefix: db.<family>.<size>",
      }).default("db.t4g.micro"),
      /**
       * Initial gp3 storage, in GiB (gp3 needs at least 20).
       * @default 20
       */
      allocatedStorageGiB: integer(
        20,
        65536,
        "gp3 storage starts at 20 GiB; storage autoscaling grows it from there",
      ).default(20),
      /**
       * Upper limit of storage autoscaling, in GiB; RDS needs it at least 10 % above `allocatedStorageGiB`.
       * @default 100
       */
      maxAllocatedStorageGiB: integer(22, 65536, "set the autoscaling limit in GiB").default(100),
      /**
       * Name of the database created with the instance.
       * @default "app"
       */
      databaseName: text({
        test: (name) => DB_NAME.test(name) && !DB_RESERVED_NAMES.includes(name.toLowerCase()),
        expected: `1-63 letters, digits and underscores, starting with a letter, not ${DB_RESERVED_NAMES.join(", ")}`,
        fix: "choose a name such as app",
      }).default("app"),
      /**
       * Master user name. Its password is generated and rotated by RDS in Secrets Manager, never by Terraform.
       * @default "dbadmin"
       */
      masterUsername: text({
        test: (name) => DB_USERNAME.test(name) && !DB_RESERVED_USERNAMES.includes(name.toLowerCase()),
        expected: `1-63 letters, digits and underscores, starting with a letter, not ${DB_RESERVED_USERNAMES.join(", ")}`,
        fix: "choose a name such as dbadmin; well-known admin names are the first ones guessed",
      }).default("dbadmin"),
      /**
       * The application's own database user, which signs in with IAM authentication (a token from the host's
       * role, never a password). The host creates it on its first start (`GRANT rds_iam`); docs/database-access.md
       * is the contract the application follows.
       * @default "app_user"
       */
      appUsername: text({
        test: (name) => DB_USERNAME.test(name) && !DB_RESERVED_USERNAMES.includes(name.toLowerCase()),
        expected: `1-63 letters, digits and underscores, starting with a letter, not ${DB_RESERVED_USERNAMES.join(", ")}`,
        fix: "choose a name such as app_user",
      }).default("app_user"),
      /**
       * Days automated backups are kept (1-35; 0 would turn backups off and is refused).
       * @default 7
       */
      backupRetentionDays: integer(
        1,
        35,
        "keep at least one day: 0 turns automated backups and point-in-time recovery off",
      ).default(7),
      /**
       * Daily backup window, `hh:mm-hh:mm` in UTC, at least 30 minutes.
       * @default "17:00-18:00" (02:00-03:00 JST)
       */
      backupWindow: text(
        {
          test: (window) => parseBackupWindow(window) !== undefined,
          expected: "hh:mm-hh:mm in UTC",
          fix: 'write it as "17:00-18:00" (that is 02:00-03:00 in Japan)',
        },
        {
          test: (window) => parseBackupWindow(window)!.lengthMin >= 30,
          expected: "a window of at least 30 minutes",
          fix: "widen the window to 30 minutes or more",
        },
      ).default("17:00-18:00"),
      /**
       * Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` in UTC, at least 30 minutes, not overlapping the backups.
       * @default "sat:18:30-sat:19:30" (Sunday 03:30-04:30 JST)
       */
      maintenanceWindow: text(
        {
          test: (window) => parseMaintenanceWindow(window) !== undefined,
          expected: "ddd:hh:mm-ddd:hh:mm in UTC",
          fix: 'write it as "sat:18:30-sat:19:30" (that is Sunday 03:30-04:30 in Japan)',
        },
        {
          test: (window) => parseMaintenanceWindow(window)!.lengthMin >= 30,
          expected: "a window of at least 30 minutes",
          fix: "widen the window to 30 minutes or more",
        },
      ).default("sat:18:30-sat:19:30"),
      /**
       * Refuse deletion through any API (`deletion_protection`).
       * @default - true in production, false elsewhere
       */
      enableDeletionProtection: flag().optional(),
      /**
       * Take a final snapshot (`<identifier>-final`) when the instance is deleted.
       * @default - true in production, false elsewhere
       */
      enableFinalSnapshot: flag().optional(),
      /**
       * Refuse `terraform destroy` and any plan that replaces the instance or its PostgreSQL and upgrade log groups
       * (`lifecycle.prevent_destroy`). Turning it off in production needs an acknowledged PREVENT-DESTROY.
       * @default - true in production, false elsewhere
       */
      preventDestroy: flag().optional(),
      /**
       * Apply modifications at once instead of in the next maintenance window.
       * @default false
       */
      applyImmediately: flag().default(false),
      /**
       * Retention of the PostgreSQL and upgrade log groups, in days (RDS would otherwise create them never-expiring).
       * @default 30
       */
      logRetentionDays: retentionDays().default(30),
      /**
       * Seconds between RDS Enhanced Monitoring samples of the operating system (memory, swap, processes), sent to
       * the RDSOSMetrics log group: a few cents a month of CloudWatch Logs at 60. 0 turns it off, which the
       * RDS-ENHANCED-MONITORING guardrail then reports until it is acknowledged with a reason.
       * @default 60
       */
      enhancedMonitoringIntervalSec: num({
        test: (v) => (ENHANCED_MONITORING_INTERVALS_SEC as readonly number[]).includes(v),
        expected: `one of ${ENHANCED_MONITORING_INTERVALS_SEC.join(", ")} (seconds; 0 is off)`,
        fix: "use 60 unless you need finer samples",
      }).default(60),
      /**
       * CloudWatch Database Insights mode: "standard" (free, 7 days of query-level load history) or "advanced"
       * (billed per vCPU-hour, 15 months of history, execution plans). Performance Insights stays on in both.
       * @default "standard"
       */
      databaseInsightsMode: oneOf(
        DATABASE_INSIGHTS_MODES,
        `one of ${DATABASE_INSIGHTS_MODES.join(", ")}`,
        'write "standard" (free) or "advanced" (paid)',
      ).default("standard"),
      /**
       * Statements that run at least this many milliseconds are logged with their duration
       * (`log_min_duration_statement`; schema changes are always logged through `log_statement = ddl`).
       * @default 1000
       */
      slowQueryThresholdMs: integer(
        0,
        2_147_483_647,
        "use a threshold in milliseconds, such as 1000; 0 logs every statement",
      ).default(1000),
    },
    {
      fix: "write database as an object of the fields to change, or remove it to use the defaults",
      moved: { enableMultiAz: "remove it: Multi-AZ moved to capabilities.database.multiAz" },
    },
  ),
  (db, ctx) => {
    if (
      typeof db.appUsername === "string" &&
      !failed(ctx, "appUsername") &&
      db.appUsername.toLowerCase() === String(db.masterUsername).toLowerCase()
    ) {
      report(
        ctx,
        ["appUsername"],
        db.appUsername,
        `a user other than the master user ${db.masterUsername}`,
        "choose another name, such as app_user: the application must not run as the master user, whose password RDS rotates",
      );
    }
    const allocated = db.allocatedStorageGiB as number;
    const max = db.maxAllocatedStorageGiB as number;
    const minMax = Math.ceil((allocated * 11) / 10);
    if (!failed(ctx, "allocatedStorageGiB") && !failed(ctx, "maxAllocatedStorageGiB") && max < minMax) {
      report(
        ctx,
        ["maxAllocatedStorageGiB"],
        max,
        `at least ${minMax} (10 % above allocatedStorageGiB ${allocated})`,
        "RDS refuses an autoscaling limit less than 10 % above the allocated storage: raise the limit",
      );
    }
    if (failed(ctx, "backupWindow") || failed(ctx, "maintenanceWindow")) return;
    const backup = parseBackupWindow(db.backupWindow as string)!;
    const maintenance = parseMaintenanceWindow(db.maintenanceWindow as string)!;
    if (windowsOverlap(backup, maintenance)) {
      report(
        ctx,
        ["maintenanceWindow"],
        db.maintenanceWindow,
        `no overlap with the backup window ${db.backupWindow}`,
        "move one of the windows; RDS rejects overlapping backup and maintenance windows",
      );
    }
  },
).transform((db) => ({
  ...db,
  /** Major version, which names the parameter group family (`postgres<major>`). */
  engineMajorVersion: Number(ENGINE_VERSION.exec(db.engineVersion)![1]),
}));

const port = (fix: string) => integer(1, 65535, fix);

/** The Auto Scaling group of compute `auto-scaling-group` (A2). */
export const autoScalingSchema = acrossFields(
  section(
    "compute.autoScaling section",
    {
      /**
       * Fewest instances; two or more keep the service up when a zone or an instance fails.
       * @default 2
       */
      minSize: integer(1, 100, "keep at least one instance; two or more survive the loss of one").default(2),
      /**
       * Most instances the group scales out to.
       * @default 4
       */
      maxSize: integer(1, 100, "use a maximum from 1 to 100 instances").default(4),
      /**
       * Average CPU utilization the group's target tracking policy keeps, in percent.
       * @default 70
       */
      targetCpuPercent: integer(1, 100, "use a percentage from 1 to 100, for example 70").default(70),
      /**
       * Seconds after launch before failed load balancer health checks count: covers the image pull from ECR and
       * the application's start.
       * @default 300
       */
      healthCheckGracePeriodSec: integer(
        0,
        7200,
        "give the instance time to pull the image and start, for example 300",
      ).default(300),
    },
    { fix: "write compute.autoScaling as { minSize, maxSize, targetCpuPercent, healthCheckGracePeriodSec }" },
  ),
  (group, ctx) => {
    const { minSize, maxSize } = group;
    if (typeof minSize !== "number" || typeof maxSize !== "number") return;
    if (failed(ctx, "minSize") || failed(ctx, "maxSize") || minSize <= maxSize) return;
    report(
      ctx,
      ["minSize"],
      minSize,
      `at most maxSize (${maxSize})`,
      `lower compute.autoScaling.minSize or raise compute.autoScaling.maxSize to at least ${minSize}`,
    );
  },
);

/** The application host (C1). */
export const computeSchema = section(
  "compute section",
  {
    /**
     * EC2 instance type. Graviton types (`t4g`, `m7g`, ...) get the arm64 AMI and need arm64 (or multi-arch)
     * images; others get x86_64.
     * @default "t4g.micro"
     */
    instanceType: text({
      test: (type) => INSTANCE_TYPE.test(type),
      expected: "an EC2 instance type such as t4g.micro",
      fix: "write <family>.<size> in lowercase, without the db. prefix",
    }).default("t4g.micro"),
    /**
     * Root volume size, in GiB (encrypted gp3; Amazon Linux 2023 needs at least 8).
     * @default 20
     */
    rootVolumeSizeGiB: integer(
      8,
      16384,
      "the Amazon Linux 2023 image needs 8 GiB; leave room for Docker images",
    ).default(20),
    /**
     * IPv4 CIDRs allowed to reach ports 80 and 443.
     * @default ["0.0.0.0/0"]
     */
    ingressCidrs: list(
      text({
        test: (cidr) => parseCidr(cidr) !== undefined,
        expected: "an IPv4 CIDR with no host bits set",
        fix: "write a network address and prefix, for example 203.0.113.0/24 (or 203.0.113.7/32 for one address)",
      }),
      {
        test: (cidrs) => cidrs.length > 0,
        expected: "at least one CIDR",
        fix: 'list the networks that may reach the application, or ["0.0.0.0/0"] for everyone',
      },
    ).default(["0.0.0.0/0"]),
    /**
     * Port the application listens on inside the container (plain HTTP). Without a domain the host publishes it on
     * port 80; with `dns.domainName` a TLS proxy on the host forwards HTTPS from port 443 to it.
     * @default 3000
     */
    containerPort: port("use the port the application listens on").default(3000),
    /**
     * One-minute EC2 metrics instead of five-minute ones (about USD 2.10 per instance per month).
     * @default false
     */
    enableDetailedMonitoring: flag().default(false),
    /**
     * Refuse instance termination through the API (`disable_api_termination`); turn it off before a replacement.
     * @default - true in production, false elsewhere
     */
    enableTerminationProtection: flag().optional(),
    /**
     * Retention of the application log group, in days.
     * @default 30
     */
    appLogRetentionDays: retentionDays().default(30),
    /** The Auto Scaling group (compute `auto-scaling-group`). @default - every field defaulted */
    autoScaling: autoScalingSchema.prefault({}),
    /**
     * Refuse `terraform destroy` of what outlives a host (`lifecycle.prevent_destroy`): the host's Elastic IP, the
     * public address others allow-list (once released it is rarely given back), and the application log group.
     * The instance itself is replaced freely. Turning it off in production needs an acknowledged PREVENT-DESTROY.
     * @default - true in production, false elsewhere
     */
    preventDestroy: flag().optional(),
  },
  {
    fix: "write compute as an object of the fields to change, or remove it to use the defaults",
    moved: {
      containerTlsPort:
        "remove it: with dns.domainName the host terminates TLS itself (a Caddy proxy on port 443 with " +
        "certificates from Let's Encrypt, forwarding to containerPort); without a domain port 443 stays closed",
    },
  },
).transform((compute) => {
  const architecture = architectureOf(compute.instanceType);
  return {
    ...compute,
    /** Derived from the instance family. */
    architecture,
    /** `resolve:ssm:` reference to the latest Amazon Linux 2023 AMI of {@link architecture}. */
    amiSsmReference: al2023AmiReference(architecture),
  };
});

/** Cross-origin access to the application bucket. */
export const corsSchema = section(
  "storage.cors section",
  {
    /** Origins allowed to call the bucket from a browser, `https://host[:port]` (or `*`). */
    allowedOrigins: list(
      text({
        test: (origin) => ORIGIN.test(origin),
        expected: "an origin such as https://app.example.com (scheme, host, optional port; no path), or *",
        fix: "remove the path and trailing slash",
      }),
      {
        test: (origins) => origins.length > 0,
        expected: "at least one origin",
        fix: "list the web front ends that call the bucket, or remove cors",
      },
    ),
    /**
     * HTTP methods allowed.
     * @default ["GET", "HEAD"]
     */
    allowedMethods: list(
      text({
        test: (method) => CORS_METHODS.includes(method),
        expected: `one of ${CORS_METHODS.join(", ")}`,
        fix: "use an uppercase method S3 supports for CORS",
      }),
      { expected: "a list of HTTP methods", fix: 'write them as a list, for example ["GET", "HEAD"]' },
    ).default(["GET", "HEAD"]),
    /**
     * Request headers allowed.
     * @default ["*"]
     */
    allowedHeaders: list(text({ expected: "a header name or *", fix: "write header names as strings" }), {
      expected: "a list of header names",
      fix: 'write them as a list, for example ["*"]',
    }).default(["*"]),
    /**
     * Seconds a browser may cache the preflight response.
     * @default 3000
     */
    maxAgeSec: integer(0, 86400, "browsers cap preflight caching at a day or less").default(3000),
  },
  { fix: "write cors as { allowedOrigins: [...] }, or remove it" },
);

/** The application bucket (S1). */
export const storageSchema = section(
  "storage section",
  {
    /**
     * Globally unique bucket name.
     * @default "<project>-<environment>-app-files"
     */
    bucketName: text({
      test: (name) => s3BucketNameProblem(name) === undefined,
      expected: "a valid S3 bucket name",
      detail: s3BucketNameProblem,
      fix: "use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    }).optional(),
    /**
     * Days a replaced or deleted object version is kept.
     * @default 90
     */
    noncurrentVersionExpirationDays: integer(
      1,
      3650,
      "keep replaced versions long enough to undo a mistake, for example 90 days",
    ).default(90),
    /**
     * Browser access from other origins (presigned uploads, direct downloads).
     * @default - no CORS configuration
     */
    cors: corsSchema.optional(),
    /**
     * IAM role or user ARNs that may read and write objects besides the application host (for example an
     * operator's role); the bucket policy denies object access to everyone else.
     * @default []
     */
    additionalObjectAccessArns: list(
      text({
        test: (arn) => PRINCIPAL_ARN.test(arn),
        expected: "an IAM role or user ARN such as arn:aws:iam::123456789012:role/operator",
        fix: "copy the ARN from the IAM console; wildcards are not accepted",
      }),
      { expected: "a list of IAM role or user ARNs", fix: "write the ARNs as a list of strings" },
    ).default([]),
    /**
     * Refuse `terraform destroy` on the bucket.
     * @default - true in production, false elsewhere
     */
    preventDestroy: flag().optional(),
  },
  { fix: "write storage as an object of the fields to change, or remove it to use the defaults" },
);

/** The image repository (E1). */
export const registrySchema = section(
  "registry section",
  {
    /**
     * Number of images kept; older ones expire (rollback needs the previous ones).
     * @default 30
     */
    keepImageCount: integer(2, 1000, "keep at least the running image and the one before it, for rollback").default(30),
    /**
     * Days after which untagged images (replaced layers of multi-arch pushes, failed pushes) expire.
     * @default 1
     */
    untaggedExpiryDays: integer(1, 365, "untagged images are not deployable").default(1),
    /**
     * Refuse `terraform destroy` of the repository (`lifecycle.prevent_destroy`), whose images a rollback
     * redeploys. Turning it off in production needs an acknowledged PREVENT-DESTROY.
     * @default - true in production, false elsewhere
     */
    preventDestroy: flag().optional(),
  },
  { fix: "write registry as an object of the fields to change, or remove it to use the defaults" },
);

/** DNS for the service (R1). Leave `domainName` unset to build no DNS. */
export const dnsSchema = acrossFields(
  section(
    "dns section",
    {
      /**
       * The public hosted zone's domain, for example `example.com`.
       * @default - no DNS stack
       */
      domainName: text({
        test: (name) => DOMAIN_NAME.test(name),
        expected: "a lowercase domain name such as example.com, without a trailing dot",
        fix: "write the zone's domain in lowercase, without scheme or trailing dot",
      }).optional(),
      /**
       * Adopt this existing public hosted zone instead of creating one (for example a zone registered with the
       * domain). Its domain must be `domainName`.
       * @default - a hosted zone is created
       */
      hostedZoneId: text({
        test: (id) => HOSTED_ZONE_ID.test(id),
        expected: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
        fix: "copy the id from `aws route53 list-hosted-zones-by-name`, without the /hostedzone/ prefix",
      }).optional(),
      /**
       * The name that points at the application: the domain itself or a name under it.
       * @default - the domain name (zone apex)
       */
      recordName: text({
        expected: "a lowercase domain name",
        fix: "write the full name, for example app.example.com",
      }).optional(),
      /**
       * TTL of the A record, in seconds.
       * @default 300
       */
      recordTtlSec: integer(0, 172800, "use 60-300 seconds for an A record").default(300),
      /**
       * Path the Route 53 health check requests; 2xx and 3xx answers count as healthy.
       * @default "/health"
       */
      healthCheckPath: text({
        test: (path) => path.startsWith("/") && path.length <= 255 && !/\s/.test(path),
        expected: "a path starting with / of at most 255 characters, no spaces",
        fix: "write the application's health endpoint, for example /health",
      }).default("/health"),
      /**
       * Consecutive failures before the endpoint is considered unhealthy (1-10).
       * @default 3
       */
      healthCheckFailureThreshold: integer(1, 10, "Route 53 accepts 1-10 consecutive failures").default(3),
      /**
       * Seconds between checks from each checker: 30, or 10 (USD 1.00 per month more).
       * @default 30
       */
      healthCheckIntervalSec: num({
        test: (sec) => sec === 10 || sec === 30,
        expected: "10 or 30",
        fix: "Route 53 offers only standard (30 s) and fast (10 s) intervals",
      }).default(30),
      /**
       * Refuse `terraform destroy` on a created hosted zone (a new zone gets new name servers, which the registrar
       * must then be told about).
       * @default - true in production, false elsewhere
       */
      preventDestroy: flag().optional(),
    },
    {
      fix: "write dns as { domainName: ... }, or remove it to build without DNS",
      moved: {
        healthCheckProtocol:
          "remove it: with a domain the host serves HTTPS, and the health check always requests it on port 443 " +
          "(port 80 only redirects, which Route 53 would count as healthy without reaching the application)",
      },
    },
  ),
  (dns, ctx) => {
    const domain = dns.domainName;
    if (domain === undefined) {
      if (dns.hostedZoneId !== undefined || dns.recordName !== undefined) {
        report(
          ctx,
          ["domainName"],
          domain,
          "the hosted zone's domain name whenever other dns fields are set",
          "set dns.domainName (for example example.com), or remove the dns section to build without DNS",
        );
      }
      return;
    }
    const record = dns.recordName;
    if (typeof domain !== "string" || typeof record !== "string" || failed(ctx, "recordName")) return;
    if (!((record === domain || record.endsWith(`.${domain}`)) && DOMAIN_NAME.test(record))) {
      report(
        ctx,
        ["recordName"],
        record,
        `${domain} or a lowercase name under it`,
        `write the full name, for example app.${domain}`,
      );
    }
  },
).transform(({ domainName, ...dns }) =>
  domainName === undefined
    ? undefined
    : {
        ...dns,
        domainName,
        recordName: dns.recordName ?? domainName,
      },
);

/** The RDS database of one environment, as written in configuration. */
export type DatabaseInput = DeepReadonly<z.input<typeof databaseSchema>>;
/** The application host, as written in configuration. */
export type ComputeInput = DeepReadonly<z.input<typeof computeSchema>>;
/** Cross-origin access to the application bucket, as written in configuration. */
export type CorsInput = DeepReadonly<z.input<typeof corsSchema>>;
/** The application bucket, as written in configuration. */
export type StorageInput = DeepReadonly<z.input<typeof storageSchema>>;
/** The image repository, as written in configuration. */
export type RegistryInput = DeepReadonly<z.input<typeof registrySchema>>;
/** DNS for the service, as written in configuration. */
export type DnsInput = DeepReadonly<z.input<typeof dnsSchema>>;

/** The RDS database after validation. */
export type DatabaseConfig = DeepReadonly<
  Resolved<z.output<typeof databaseSchema>, "enableDeletionProtection" | "enableFinalSnapshot" | "preventDestroy">
>;
/** The application host after validation. */
export type ComputeConfig = DeepReadonly<
  Resolved<z.output<typeof computeSchema>, "enableTerminationProtection" | "preventDestroy">
>;
/** CORS after validation. */
export type CorsConfig = DeepReadonly<z.output<typeof corsSchema>>;
/** The application bucket after validation; the bucket name defaults to `<project>-<environment>-app-files`. */
export type StorageConfig = DeepReadonly<Resolved<z.output<typeof storageSchema>, "bucketName" | "preventDestroy">>;
/** The image repository after validation. */
export type RegistryConfig = DeepReadonly<Resolved<z.output<typeof registrySchema>, "preventDestroy">>;
/** DNS after validation; absent when no domain is configured. */
export type DnsConfig = DeepReadonly<Resolved<NonNullable<z.output<typeof dnsSchema>>, "preventDestroy">>;
