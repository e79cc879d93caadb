import { parseCidr } from "./cidr";
import { NamingContext, defaultAppBucketName } from "./names";
import { ProblemCollector } from "./problems";
// validate.ts imports this file too; the two constants below are only read when a function runs, after both
// modules have loaded, so the cycle is harmless.
import { LOG_RETENTION_DAYS, s3BucketNameProblem } from "./validate";

/** PostgreSQL major versions offered by default: those in RDS standard support when this was written. */
export const POSTGRES_MAJOR_VERSIONS = [14, 15, 16, 17] as const;

/** The RDS database of one environment (D1), as written in configuration. */
export interface DatabaseInput {
  /**
   * PostgreSQL version: a major version (`"17"`, RDS picks its default minor and upgrades it automatically) or
   * a pinned `major.minor`. The parameter group family follows the major version.
   * @default "17"
   */
  readonly engineVersion?: string;
  /**
   * RDS instance class. Graviton burstable is the cheapest that runs PostgreSQL 17.
   * @default "db.t4g.micro"
   */
  readonly instanceClass?: string;
  /**
   * Initial gp3 storage, in GiB (gp3 needs at least 20).
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper limit of storage autoscaling, in GiB; RDS needs it at least 10 % above `allocatedStorageGiB`.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Name of the database created with the instance.
   * @default "app"
   */
  readonly databaseName?: string;
  /**
   * Master user name. Its password is generated and rotated by RDS in Secrets Manager, never by Terraform.
   * @default "dbadmin"
   */
  readonly masterUsername?: string;
  /**
   * Days automated backups are kept (1-35; 0 would turn backups off and is refused).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, `hh:mm-hh:mm` in UTC, at least 30 minutes.
   * @default "17:00-18:00" (02:00-03:00 JST)
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` in UTC, at least 30 minutes, not overlapping the backups.
   * @default "sat:18:30-sat:19:30" (Sunday 03:30-04:30 JST)
   */
  readonly maintenanceWindow?: string;
  /**
   * Refuse deletion through any API (`deletion_protection`).
   * @default - true in production, false elsewhere
   */
  readonly enableDeletionProtection?: boolean;
  /**
   * Take a final snapshot (`<identifier>-final`) when the instance is deleted.
   * @default - true in production, false elsewhere
   */
  readonly enableFinalSnapshot?: boolean;
  /**
   * Refuse `terraform destroy` and any plan that replaces the instance (`lifecycle.prevent_destroy`).
   * @default - true in production, false elsewhere
   */
  readonly preventDestroy?: boolean;
  /**
   * Apply modifications at once instead of in the next maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Retention of the PostgreSQL and upgrade log groups, in days (RDS would otherwise create them never-expiring).
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/** The application host (C1), as written in configuration. */
export interface ComputeInput {
  /**
   * EC2 instance type. Graviton types (`t4g`, `m7g`, ...) get the arm64 AMI and need arm64 (or multi-arch)
   * images; others get x86_64.
   * @default "t4g.micro"
   */
  readonly instanceType?: string;
  /**
   * Root volume size, in GiB (encrypted gp3; Amazon Linux 2023 needs at least 8).
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * IPv4 CIDRs allowed to reach ports 80 and 443.
   * @default ["0.0.0.0/0"]
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * Port the application listens on inside the container; the host publishes it on port 80.
   * @default 3000
   */
  readonly containerPort?: number;
  /**
   * Port inside the container that serves HTTPS, published on host port 443. Leave unset when nothing in the
   * container terminates TLS (Phase 2 terminates it at the load balancer).
   * @default - port 443 is not published
   */
  readonly containerTlsPort?: number;
  /**
   * One-minute EC2 metrics instead of five-minute ones (about USD 2.10 per instance per month).
   * @default false
   */
  readonly enableDetailedMonitoring?: boolean;
  /**
   * Refuse instance termination through the API (`disable_api_termination`); turn it off before a replacement.
   * @default - true in production, false elsewhere
   */
  readonly enableTerminationProtection?: boolean;
  /**
   * Retention of the application log group, in days.
   * @default 30
   */
  readonly appLogRetentionDays?: number;
}

/** Cross-origin access to the application bucket, as written in configuration. */
export interface CorsInput {
  /** Origins allowed to call the bucket from a browser, `https://host[:port]` (or `*`). */
  readonly allowedOrigins: readonly string[];
  /**
   * HTTP methods allowed.
   * @default ["GET", "HEAD"]
   */
  readonly allowedMethods?: readonly string[];
  /**
   * Request headers allowed.
   * @default ["*"]
   */
  readonly allowedHeaders?: readonly string[];
  /**
   * Seconds a browser may cache the preflight response.
   * @default 3000
   */
  readonly maxAgeSec?: number;
}

/** The application bucket (S1), as written in configuration. */
export interface StorageInput {
  /**
   * Globally unique bucket name.
   * @default "<project>-<environment>-app-files"
   */
  readonly bucketName?: string;
  /**
   * Days a replaced or deleted object version is kept.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Browser access from other origins (presigned uploads, direct downloads).
   * @default - no CORS configuration
   */
  readonly cors?: CorsInput;
  /**
   * IAM role or user ARNs that may read and write objects besides the application host (for example an
   * operator's role); the bucket policy denies object access to everyone else.
   * @default []
   */
  readonly additionalObjectAccessArns?: readonly string[];
  /**
   * Refuse `terraform destroy` on the bucket.
   * @default - true in production, false elsewhere
   */
  readonly preventDestroy?: boolean;
}

/** The image repository (E1), as written in configuration. */
export interface RegistryInput {
  /**
   * Number of images kept; older ones expire (rollback needs the previous ones).
   * @default 30
   */
  readonly keepImageCount?: number;
  /**
   * Days after which untagged images (replaced layers of multi-arch pushes, failed pushes) expire.
   * @default 1
   */
  readonly untaggedExpiryDays?: number;
}

/** The protocol Route 53 health checkers use. */
export type HealthCheckProtocol = "HTTP" | "HTTPS";

/** DNS for the service (R1), as written in configuration. Leave `domainName` unset to build no DNS. */
export interface DnsInput {
  /**
   * The public hosted zone's domain, for example `example.com`.
   * @default - no DNS stack
   */
  readonly domainName?: string;
  /**
   * Adopt this existing public hosted zone instead of creating one (for example a zone registered with the
   * domain). Its domain must be `domainName`.
   * @default - a hosted zone is created
   */
  readonly hostedZoneId?: string;
  /**
   * The name that points at the application: the domain itself or a name under it.
   * @default - the domain name (zone apex)
   */
  readonly recordName?: string;
  /**
   * TTL of the A record, in seconds.
   * @default 300
   */
  readonly recordTtlSec?: number;
  /**
   * Path the Route 53 health check requests; 2xx and 3xx answers count as healthy.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Protocol of the health check; HTTPS costs USD 1.00 per month more.
   * @default "HTTP"
   */
  readonly healthCheckProtocol?: HealthCheckProtocol;
  /**
   * Consecutive failures before the endpoint is considered unhealthy (1-10).
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Seconds between checks from each checker: 30, or 10 (USD 1.00 per month more).
   * @default 30
   */
  readonly healthCheckIntervalSec?: number;
  /**
   * Refuse `terraform destroy` on a created hosted zone (a new zone gets new name servers, which the registrar
   * must then be told about).
   * @default - true in production, false elsewhere
   */
  readonly preventDestroy?: boolean;
}

/** The Phase 1 workload sections of one environment, as written in configuration. */
export interface WorkloadInput {
  /** The RDS database. @default - every field defaulted */
  readonly database?: DatabaseInput;
  /** The application host. @default - every field defaulted */
  readonly compute?: ComputeInput;
  /** The application bucket. @default - every field defaulted */
  readonly storage?: StorageInput;
  /** The image repository. @default - every field defaulted */
  readonly registry?: RegistryInput;
  /** DNS and health check. @default - no DNS */
  readonly dns?: DnsInput;
}

/** The RDS database after validation. */
export interface DatabaseConfig {
  readonly engineVersion: string;
  /** Major version, which names the parameter group family (`postgres<major>`). */
  readonly engineMajorVersion: number;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly enableDeletionProtection: boolean;
  readonly enableFinalSnapshot: boolean;
  readonly preventDestroy: boolean;
  readonly applyImmediately: boolean;
  readonly logRetentionDays: number;
}

/** CPU architecture of an AMI. */
export type Architecture = "arm64" | "x86_64";

/** The application host after validation. */
export interface ComputeConfig {
  readonly instanceType: string;
  /** Derived from the instance family. */
  readonly architecture: Architecture;
  /** `resolve:ssm:` reference to the latest Amazon Linux 2023 AMI of {@link architecture}. */
  readonly amiSsmReference: string;
  readonly rootVolumeSizeGiB: number;
  readonly ingressCidrs: readonly string[];
  readonly containerPort: number;
  readonly containerTlsPort?: number;
  readonly enableDetailedMonitoring: boolean;
  readonly enableTerminationProtection: boolean;
  readonly appLogRetentionDays: number;
}

/** CORS after validation. */
export interface CorsConfig {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly maxAgeSec: number;
}

/** The application bucket after validation. */
export interface StorageConfig {
  readonly bucketName: string;
  readonly noncurrentVersionExpirationDays: number;
  readonly cors?: CorsConfig;
  readonly additionalObjectAccessArns: readonly string[];
  readonly preventDestroy: boolean;
}

/** The image repository after validation. */
export interface RegistryConfig {
  readonly keepImageCount: number;
  readonly untaggedExpiryDays: number;
}

/** DNS after validation; absent when no domain is configured. */
export interface DnsConfig {
  readonly domainName: string;
  readonly hostedZoneId?: string;
  readonly recordName: string;
  readonly recordTtlSec: number;
  readonly healthCheckPath: string;
  readonly healthCheckProtocol: HealthCheckProtocol;
  readonly healthCheckPort: number;
  readonly healthCheckFailureThreshold: number;
  readonly healthCheckIntervalSec: number;
  readonly preventDestroy: boolean;
}

/** The Phase 1 workload sections after validation. */
export interface WorkloadConfig {
  readonly database: DatabaseConfig;
  readonly compute: ComputeConfig;
  readonly storage: StorageConfig;
  readonly registry: RegistryConfig;
  /** `undefined` when no domain is configured: the environment is built without DNS. */
  readonly dns?: DnsConfig;
}

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

/** The AMI architecture an instance type runs: arm64 for Graviton families, x86_64 otherwise. */
export function architectureOf(instanceType: string): Architecture {
  return GRAVITON_FAMILY.test(instanceType.split(".")[0]) ? "arm64" : "x86_64";
}

/** The `resolve:ssm:` reference to the latest Amazon Linux 2023 AMI of `architecture`, resolved at launch. */
export function al2023AmiReference(architecture: Architecture): string {
  return `resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/**
 * Validates the Phase 1 workload sections of one environment and fills their defaults. Production gets the
 * protections (deletion protection, final snapshot, `prevent_destroy`, termination protection) unless
 * configuration says otherwise; every other default is the same for all environments.
 */
export function resolveWorkload(
  naming: NamingContext,
  input: WorkloadInput,
  path: string,
  problems: ProblemCollector,
): WorkloadConfig {
  const production = naming.name === "production";
  return {
    database: resolveDatabase(input.database ?? {}, production, `${path}.database`, problems),
    compute: resolveCompute(input.compute ?? {}, production, `${path}.compute`, problems),
    storage: resolveStorage(naming, input.storage ?? {}, production, `${path}.storage`, problems),
    registry: resolveRegistry(input.registry ?? {}, `${path}.registry`, problems),
    dns: resolveDns(input.dns, production, `${path}.dns`, problems),
  };
}

function checkInteger(
  problems: ProblemCollector,
  path: string,
  value: number,
  min: number,
  max: number,
  fix: string,
): boolean {
  return problems.check(
    Number.isInteger(value) && value >= min && value <= max,
    path,
    value,
    `an integer from ${min} to ${max}`,
    fix,
  );
}

function checkRetention(problems: ProblemCollector, path: string, value: number): void {
  problems.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(value),
    path,
    value,
    `one of the values CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`,
    "pick the nearest accepted value",
  );
}

function resolveDatabase(
  input: DatabaseInput,
  production: boolean,
  path: string,
  problems: ProblemCollector,
): DatabaseConfig {
  const engineVersion = input.engineVersion ?? "17";
  const major = Number(ENGINE_VERSION.exec(engineVersion)?.[1] ?? NaN);
  problems.check(
    (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(major),
    `${path}.engineVersion`,
    engineVersion,
    `a PostgreSQL major version (${POSTGRES_MAJOR_VERSIONS.join(", ")}), optionally with a minor version`,
    'write the major version only, such as "17", to get automatic minor upgrades',
  );
  const instanceClass = input.instanceClass ?? "db.t4g.micro";
  problems.check(
    DB_INSTANCE_CLASS.test(instanceClass),
    `${path}.instanceClass`,
    instanceClass,
    "an RDS instance class such as db.t4g.micro",
    "keep the db. prefix: db.<family>.<size>",
  );
  const allocated = input.allocatedStorageGiB ?? 20;
  const allocatedOk = checkInteger(
    problems,
    `${path}.allocatedStorageGiB`,
    allocated,
    20,
    65536,
    "gp3 storage starts at 20 GiB; storage autoscaling grows it from there",
  );
  const max = input.maxAllocatedStorageGiB ?? 100;
  const minMax = Math.ceil((allocated * 11) / 10);
  if (checkInteger(problems, `${path}.maxAllocatedStorageGiB`, max, 22, 65536, "set the autoscaling limit in GiB")) {
    if (allocatedOk) {
      problems.check(
        max >= minMax,
        `${path}.maxAllocatedStorageGiB`,
        max,
        `at least ${minMax} (10 % above allocatedStorageGiB ${allocated})`,
        "RDS refuses an autoscaling limit less than 10 % above the allocated storage: raise the limit",
      );
    }
  }
  const databaseName = input.databaseName ?? "app";
  problems.check(
    DB_NAME.test(databaseName) && !DB_RESERVED_NAMES.includes(databaseName.toLowerCase()),
    `${path}.databaseName`,
    databaseName,
    `1-63 letters, digits and underscores, starting with a letter, not ${DB_RESERVED_NAMES.join(", ")}`,
    "choose a name such as app",
  );
  const masterUsername = input.masterUsername ?? "dbadmin";
  problems.check(
    DB_USERNAME.test(masterUsername) && !DB_RESERVED_USERNAMES.includes(masterUsername.toLowerCase()),
    `${path}.masterUsername`,
    masterUsername,
    `1-63 letters, digits and underscores, starting with a letter, not ${DB_RESERVED_USERNAMES.join(", ")}`,
    "choose a name such as dbadmin; well-known admin names are the first ones guessed",
  );
  const backupRetentionDays = input.backupRetentionDays ?? 7;
  checkInteger(
    problems,
    `${path}.backupRetentionDays`,
    backupRetentionDays,
    1,
    35,
    "keep at least one day: 0 turns automated backups and point-in-time recovery off",
  );
  const backupWindow = input.backupWindow ?? "17:00-18:00";
  const maintenanceWindow = input.maintenanceWindow ?? "sat:18:30-sat:19:30";
  const backup = parseBackupWindow(backupWindow);
  const maintenance = parseMaintenanceWindow(maintenanceWindow);
  const backupOk =
    problems.check(
      backup !== undefined,
      `${path}.backupWindow`,
      backupWindow,
      "hh:mm-hh:mm in UTC",
      'write it as "17:00-18:00" (that is 02:00-03:00 in Japan)',
    ) &&
    problems.check(
      backup!.lengthMin >= 30 && backup!.lengthMin <= MINUTES_PER_DAY,
      `${path}.backupWindow`,
      backupWindow,
      "a window of at least 30 minutes",
      "widen the window to 30 minutes or more",
    );
  const maintenanceOk =
    problems.check(
      maintenance !== undefined,
      `${path}.maintenanceWindow`,
      maintenanceWindow,
      "ddd:hh:mm-ddd:hh:mm in UTC",
      'write it as "sat:18:30-sat:19:30" (that is Sunday 03:30-04:30 in Japan)',
    ) &&
    problems.check(
      maintenance!.lengthMin >= 30,
      `${path}.maintenanceWindow`,
      maintenanceWindow,
      "a window of at least 30 minutes",
      "widen the window to 30 minutes or more",
    );
  if (backupOk && maintenanceOk && windowsOverlap(backup!, maintenance!)) {
    problems.add(
      `${path}.maintenanceWindow`,
      maintenanceWindow,
      `no overlap with the backup window ${backupWindow}`,
      "move one of the windows; RDS rejects overlapping backup and maintenance windows",
    );
  }
  const logRetentionDays = input.logRetentionDays ?? 30;
  checkRetention(problems, `${path}.logRetentionDays`, logRetentionDays);
  return {
    engineVersion,
    engineMajorVersion: major,
    instanceClass,
    allocatedStorageGiB: allocated,
    maxAllocatedStorageGiB: max,
    databaseName,
    masterUsername,
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    enableDeletionProtection: input.enableDeletionProtection ?? production,
    enableFinalSnapshot: input.enableFinalSnapshot ?? production,
    preventDestroy: input.preventDestroy ?? production,
    applyImmediately: input.applyImmediately ?? false,
    logRetentionDays,
  };
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

function resolveCompute(
  input: ComputeInput,
  production: boolean,
  path: string,
  problems: ProblemCollector,
): ComputeConfig {
  const instanceType = input.instanceType ?? "t4g.micro";
  problems.check(
    INSTANCE_TYPE.test(instanceType),
    `${path}.instanceType`,
    instanceType,
    "an EC2 instance type such as t4g.micro",
    "write <family>.<size> in lowercase, without the db. prefix",
  );
  const architecture = architectureOf(instanceType);
  const rootVolumeSizeGiB = input.rootVolumeSizeGiB ?? 20;
  checkInteger(
    problems,
    `${path}.rootVolumeSizeGiB`,
    rootVolumeSizeGiB,
    8,
    16384,
    "the Amazon Linux 2023 image needs 8 GiB; leave room for Docker images",
  );
  const ingressCidrs = input.ingressCidrs ?? ["0.0.0.0/0"];
  problems.check(
    ingressCidrs.length > 0,
    `${path}.ingressCidrs`,
    ingressCidrs,
    "at least one CIDR",
    'list the networks that may reach the application, or ["0.0.0.0/0"] for everyone',
  );
  ingressCidrs.forEach((cidr, i) =>
    problems.check(
      parseCidr(cidr) !== undefined,
      `${path}.ingressCidrs[${i}]`,
      cidr,
      "an IPv4 CIDR with no host bits set",
      "write a network address and prefix, for example 203.0.113.0/24 (or 203.0.113.7/32 for one address)",
    ),
  );
  const containerPort = input.containerPort ?? 3000;
  checkInteger(problems, `${path}.containerPort`, containerPort, 1, 65535, "use the port the application listens on");
  if (input.containerTlsPort !== undefined) {
    checkInteger(
      problems,
      `${path}.containerTlsPort`,
      input.containerTlsPort,
      1,
      65535,
      "use the port the container serves HTTPS on, or leave it unset",
    );
  }
  const appLogRetentionDays = input.appLogRetentionDays ?? 30;
  checkRetention(problems, `${path}.appLogRetentionDays`, appLogRetentionDays);
  return {
    instanceType,
    architecture,
    amiSsmReference: al2023AmiReference(architecture),
    rootVolumeSizeGiB,
    ingressCidrs,
    containerPort,
    containerTlsPort: input.containerTlsPort,
    enableDetailedMonitoring: input.enableDetailedMonitoring ?? false,
    enableTerminationProtection: input.enableTerminationProtection ?? production,
    appLogRetentionDays,
  };
}

function resolveStorage(
  naming: NamingContext,
  input: StorageInput,
  production: boolean,
  path: string,
  problems: ProblemCollector,
): StorageConfig {
  const bucketName = input.bucketName ?? defaultAppBucketName(naming);
  const bucketProblem = s3BucketNameProblem(bucketName);
  problems.check(
    bucketProblem === undefined,
    `${path}.bucketName`,
    bucketName,
    `a valid S3 bucket name (${bucketProblem})`,
    "use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  );
  const noncurrentVersionExpirationDays = input.noncurrentVersionExpirationDays ?? 90;
  checkInteger(
    problems,
    `${path}.noncurrentVersionExpirationDays`,
    noncurrentVersionExpirationDays,
    1,
    3650,
    "keep replaced versions long enough to undo a mistake, for example 90 days",
  );
  const arns = input.additionalObjectAccessArns ?? [];
  arns.forEach((arn, i) =>
    problems.check(
      PRINCIPAL_ARN.test(arn),
      `${path}.additionalObjectAccessArns[${i}]`,
      arn,
      "an IAM role or user ARN such as arn:aws:iam::123456789012:role/operator",
      "copy the ARN from the IAM console; wildcards are not accepted",
    ),
  );
  return {
    bucketName,
    noncurrentVersionExpirationDays,
    cors: input.cors && resolveCors(input.cors, `${path}.cors`, problems),
    additionalObjectAccessArns: arns,
    preventDestroy: input.preventDestroy ?? production,
  };
}

function resolveCors(input: CorsInput, path: string, problems: ProblemCollector): CorsConfig {
  problems.check(
    input.allowedOrigins.length > 0,
    `${path}.allowedOrigins`,
    input.allowedOrigins,
    "at least one origin",
    "list the web front ends that call the bucket, or remove cors",
  );
  input.allowedOrigins.forEach((origin, i) =>
    problems.check(
      ORIGIN.test(origin),
      `${path}.allowedOrigins[${i}]`,
      origin,
      "an origin such as https://app.example.com (scheme, host, optional port; no path), or *",
      "remove the path and trailing slash",
    ),
  );
  const allowedMethods = input.allowedMethods ?? ["GET", "HEAD"];
  allowedMethods.forEach((method, i) =>
    problems.check(
      CORS_METHODS.includes(method),
      `${path}.allowedMethods[${i}]`,
      method,
      `one of ${CORS_METHODS.join(", ")}`,
      "use an uppercase method S3 supports for CORS",
    ),
  );
  const maxAgeSec = input.maxAgeSec ?? 3000;
  checkInteger(problems, `${path}.maxAgeSec`, maxAgeSec, 0, 86400, "browsers cap preflight caching at a day or less");
  return {
    allowedOrigins: input.allowedOrigins,
    allowedMethods,
    allowedHeaders: input.allowedHeaders ?? ["*"],
    maxAgeSec,
  };
}

function resolveRegistry(input: RegistryInput, path: string, problems: ProblemCollector): RegistryConfig {
  const keepImageCount = input.keepImageCount ?? 30;
  checkInteger(
    problems,
    `${path}.keepImageCount`,
    keepImageCount,
    2,
    1000,
    "keep at least the running image and the one before it, for rollback",
  );
  const untaggedExpiryDays = input.untaggedExpiryDays ?? 1;
  checkInteger(
    problems,
    `${path}.untaggedExpiryDays`,
    untaggedExpiryDays,
    1,
    365,
    "untagged images are not deployable",
  );
  return { keepImageCount, untaggedExpiryDays };
}

function resolveDns(
  input: DnsInput | undefined,
  production: boolean,
  path: string,
  problems: ProblemCollector,
): DnsConfig | undefined {
  if (input === undefined) return undefined;
  const domainName = input.domainName;
  if (domainName === undefined) {
    problems.check(
      input.hostedZoneId === undefined && input.recordName === undefined,
      `${path}.domainName`,
      domainName,
      "the hosted zone's domain name whenever other dns fields are set",
      "set dns.domainName (for example example.com), or remove the dns section to build without DNS",
    );
    return undefined;
  }
  problems.check(
    DOMAIN_NAME.test(domainName),
    `${path}.domainName`,
    domainName,
    "a lowercase domain name such as example.com, without a trailing dot",
    "write the zone's domain in lowercase, without scheme or trailing dot",
  );
  if (input.hostedZoneId !== undefined) {
    problems.check(
      HOSTED_ZONE_ID.test(input.hostedZoneId),
      `${path}.hostedZoneId`,
      input.hostedZoneId,
      "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
      "copy the id from `aws route53 list-hosted-zones-by-name`, without the /hostedzone/ prefix",
    );
  }
  const recordName = input.recordName ?? domainName;
  problems.check(
    (recordName === domainName || recordName.endsWith(`.${domainName}`)) && DOMAIN_NAME.test(recordName),
    `${path}.recordName`,
    recordName,
    `${domainName} or a lowercase name under it`,
    `write the full name, for example app.${domainName}`,
  );
  const recordTtlSec = input.recordTtlSec ?? 300;
  checkInteger(problems, `${path}.recordTtlSec`, recordTtlSec, 0, 172800, "use 60-300 seconds for an A record");
  const healthCheckPath = input.healthCheckPath ?? "/health";
  problems.check(
    healthCheckPath.startsWith("/") && healthCheckPath.length <= 255 && !/\s/.test(healthCheckPath),
    `${path}.healthCheckPath`,
    healthCheckPath,
    "a path starting with / of at most 255 characters, no spaces",
    "write the application's health endpoint, for example /health",
  );
  const healthCheckProtocol = input.healthCheckProtocol ?? "HTTP";
  problems.check(
    healthCheckProtocol === "HTTP" || healthCheckProtocol === "HTTPS",
    `${path}.healthCheckProtocol`,
    healthCheckProtocol,
    '"HTTP" or "HTTPS"',
    "use HTTPS only when the host serves TLS on port 443 (containerTlsPort)",
  );
  const healthCheckFailureThreshold = input.healthCheckFailureThreshold ?? 3;
  checkInteger(
    problems,
    `${path}.healthCheckFailureThreshold`,
    healthCheckFailureThreshold,
    1,
    10,
    "Route 53 accepts 1-10 consecutive failures",
  );
  const healthCheckIntervalSec = input.healthCheckIntervalSec ?? 30;
  problems.check(
    healthCheckIntervalSec === 10 || healthCheckIntervalSec === 30,
    `${path}.healthCheckIntervalSec`,
    healthCheckIntervalSec,
    "10 or 30",
    "Route 53 offers only standard (30 s) and fast (10 s) intervals",
  );
  return {
    domainName,
    hostedZoneId: input.hostedZoneId,
    recordName,
    recordTtlSec,
    healthCheckPath,
    healthCheckProtocol,
    healthCheckPort: healthCheckProtocol === "HTTPS" ? 443 : 80,
    healthCheckFailureThreshold,
    healthCheckIntervalSec,
    preventDestroy: input.preventDestroy ?? production,
  };
}
