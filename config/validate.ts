import { Phase, resolveCapabilities } from "./capabilities";
import { cidrContains, cidrSubnet, cidrsOverlap, formatCidr, parseCidr } from "./cidr";
import { resolveMonitoring } from "./monitoring";
import { ProblemCollector } from "./problems";
import { resolveGuardrails } from "./guardrails";
import {
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentInput,
  EnvironmentName,
  NetworkConfig,
  NetworkInput,
  ProjectInput,
  StateBackendConfig,
  StateBackendInput,
} from "./types";
import { resolveWorkload } from "./workload";

/** The region used when an environment names none. */
export const DEFAULT_REGION = "ap-northeast-1";

/** Tags every resource carries; configuration cannot override them. */
export const RESERVED_TAG_KEYS = ["project", "environment", "managed-by"] as const;

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const PROJECT_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
const DYNAMODB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_AZS = 8;
// Derived subnets split the VPC into 16 equal blocks: public subnets take 0..7, private subnets 8..15.
const DERIVED_SUBNET_BITS = 4;
const PRIVATE_BLOCK_OFFSET = 8;

/** Which environments to build, and the whole configuration to build them from. */
export interface LoadOptions {
  /**
   * Environment names to keep; an empty list or `undefined` keeps all of them.
   * @default - all environments
   */
  readonly only?: readonly string[];
}

/**
 * Validates the whole configuration in one pass and resolves defaults and derived values.
 *
 * @throws ConfigError listing every problem (field path, value received, what is expected, how to fix it).
 */
export function loadEnvironments(input: ProjectInput, options: LoadOptions = {}): EnvironmentConfig[] {
  const problems = new ProblemCollector();
  problems.check(
    PROJECT_NAME.test(input.projectName) && !input.projectName.includes("--"),
    "projectName",
    input.projectName,
    "2-16 characters of lowercase letters, digits and single hyphens, starting with a letter",
    "choose a short name such as `webapp`; it becomes part of S3 bucket, IAM and load balancer names",
  );

  const seen = new Set<string>();
  const resolved: EnvironmentConfig[] = [];
  input.environments.forEach((env, index) => {
    const path = isEnvironmentName(env.name) ? `environments.${env.name}` : `environments[${index}]`;
    if (
      problems.check(!seen.has(env.name), `${path}.name`, env.name, "each environment once", "remove the duplicate")
    ) {
      seen.add(env.name);
    }
    const config = resolveEnvironment(input.projectName, env, path, problems);
    if (config) resolved.push(config);
  });

  const only = (options.only ?? []).filter((name) => name.length > 0);
  for (const name of only) {
    problems.check(
      seen.has(name),
      "CDKTF_ENVIRONMENTS",
      name,
      `one of the configured environments (${[...seen].join(", ")})`,
      "set CDKTF_ENVIRONMENTS to a comma-separated list of configured environment names, or unset it to build all",
    );
  }
  problems.throwIfAny();
  return only.length === 0 ? resolved : resolved.filter((env) => only.includes(env.name));
}

function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

function resolveEnvironment(
  projectName: string,
  env: EnvironmentInput,
  path: string,
  problems: ProblemCollector,
): EnvironmentConfig | undefined {
  const before = problems.problems.length;
  const nameOk = problems.check(
    isEnvironmentName(env.name),
    `${path}.name`,
    env.name,
    `one of ${ENVIRONMENT_NAMES.join(", ")}`,
    "rename the environment, or add the new name to ENVIRONMENT_NAMES in config/types.ts",
  );
  const region = env.region ?? DEFAULT_REGION;
  const regionOk = problems.check(
    REGION.test(region),
    `${path}.region`,
    region,
    "an AWS region code such as ap-northeast-1",
    "use the region code, not its display name",
  );
  if (env.allowedAccountId !== undefined) {
    problems.check(
      ACCOUNT_ID.test(env.allowedAccountId),
      `${path}.allowedAccountId`,
      env.allowedAccountId,
      "a 12-digit AWS account id",
      "copy the id from `aws sts get-caller-identity`, keeping leading zeros, as a string",
    );
  }
  problems.check(
    Number.isInteger(env.phase) && env.phase >= 1 && env.phase <= 4,
    `${path}.phase`,
    env.phase,
    "an integer from 1 to 4",
    "set the architecture phase: 1 (EC2 + RDS), 2 (ALB + Auto Scaling), 3 (ECS Fargate), 4 (managed services)",
  );
  const phaseOk = Number.isInteger(env.phase) && env.phase >= 1 && env.phase <= 4;
  const resolvedCapabilities = phaseOk ? resolveCapabilities(env.phase as Phase, env.capabilities) : undefined;
  for (const p of resolvedCapabilities?.problems ?? []) problems.add(`${path}.${p.field}`, p.value, p.expected, p.fix);
  const network = resolveNetwork(env.network, regionOk ? region : undefined, `${path}.network`, problems);
  const stateBackend = resolveStateBackend(env.stateBackend, region, `${path}.stateBackend`, problems);
  const guardrails = resolveGuardrails(env.guardrails, `${path}.guardrails`, problems);
  const tags = resolveTags(projectName, env, `${path}.tags`, problems);
  const workload = resolveWorkload({ projectName, name: env.name }, env, path, problems);
  // The connection alarm derives max_connections from the instance class, unless that is reported as malformed.
  const instanceClassOk = !problems.problems.some((p) => p.path === `${path}.database.instanceClass`);
  const monitoring = resolveMonitoring(env.monitoring, `${path}.monitoring`, problems, {
    databaseInstanceClass: instanceClassOk ? workload.database.instanceClass : undefined,
  });
  if (!nameOk || problems.problems.length > before || !network || !resolvedCapabilities) return undefined;
  return {
    projectName,
    name: env.name as EnvironmentName,
    region,
    allowedAccountId: env.allowedAccountId,
    capabilities: resolvedCapabilities.capabilities,
    network,
    guardrails,
    stateBackend,
    monitoring,
    ...workload,
    tags,
  };
}

function resolveNetwork(
  input: NetworkInput,
  region: string | undefined,
  path: string,
  problems: ProblemCollector,
): NetworkConfig | undefined {
  const vpc = parseCidr(input.vpcCidr);
  const vpcOk =
    problems.check(
      vpc !== undefined,
      `${path}.vpcCidr`,
      input.vpcCidr,
      "an IPv4 CIDR with no host bits set, such as 10.0.0.0/16",
      "write the network address and prefix length, for example 10.10.0.0/16",
    ) &&
    problems.check(
      vpc!.prefixLength >= 16 && vpc!.prefixLength <= 24,
      `${path}.vpcCidr`,
      input.vpcCidr,
      "a prefix length from /16 to /24",
      "AWS allows /16 to /28 for a VPC; this project needs room for 16 subnets, so use /16 to /24",
    );

  const azs = input.availabilityZones;
  problems.check(
    azs.length >= 2 && azs.length <= MAX_AZS,
    `${path}.availabilityZones`,
    azs,
    `2 to ${MAX_AZS} availability zones`,
    "list at least two zones: an RDS subnet group needs subnets in two availability zones",
  );
  azs.forEach((az, i) => {
    if (region === undefined) return;
    problems.check(
      new RegExp(`^${region}[a-z]$`).test(az),
      `${path}.availabilityZones[${i}]`,
      az,
      `a zone of region ${region}, such as ${region}a`,
      "use zones of the environment's region, or change the region",
    );
  });
  problems.check(
    new Set(azs).size === azs.length,
    `${path}.availabilityZones`,
    azs,
    "distinct zones",
    "remove the repeated zone",
  );

  if (!vpcOk || vpc === undefined) return undefined;
  const derive = (offset: number) => azs.map((_, i) => formatCidr(cidrSubnet(vpc, DERIVED_SUBNET_BITS, offset + i)));
  const publicSubnetCidrs = input.publicSubnetCidrs ?? derive(0);
  const privateSubnetCidrs = input.privateSubnetCidrs ?? derive(PRIVATE_BLOCK_OFFSET);

  const all: { path: string; cidr: string }[] = [];
  for (const [field, cidrs] of [
    ["publicSubnetCidrs", publicSubnetCidrs],
    ["privateSubnetCidrs", privateSubnetCidrs],
  ] as const) {
    problems.check(
      cidrs.length === azs.length,
      `${path}.${field}`,
      cidrs,
      `one CIDR per availability zone (${azs.length})`,
      "give exactly one subnet per zone, in the order of availabilityZones, or omit the list to derive it",
    );
    cidrs.forEach((cidr, i) => all.push({ path: `${path}.${field}[${i}]`, cidr }));
  }
  const parsed = all.map((s) => ({ ...s, block: parseCidr(s.cidr) }));
  for (const s of parsed) {
    if (
      !problems.check(
        s.block !== undefined && s.block.prefixLength <= 28,
        s.path,
        s.cidr,
        "an IPv4 CIDR with no host bits set and a prefix length of at most /28",
        "write the subnet's network address, for example 10.0.1.0/24",
      )
    ) {
      continue;
    }
    problems.check(
      cidrContains(vpc, s.block!),
      s.path,
      s.cidr,
      `a block inside the VPC ${input.vpcCidr}`,
      "choose a subnet inside the VPC CIDR, or widen the VPC",
    );
  }
  parsed.forEach((a, i) => {
    for (const b of parsed.slice(i + 1)) {
      if (a.block && b.block && cidrsOverlap(a.block, b.block)) {
        problems.add(b.path, b.cidr, `no overlap with ${a.path} (${a.cidr})`, "give every subnet its own block");
      }
    }
  });

  const retention = input.flowLogRetentionDays ?? 30;
  problems.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(retention),
    `${path}.flowLogRetentionDays`,
    retention,
    `one of the values CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`,
    "pick the nearest accepted value",
  );
  return {
    vpcCidr: input.vpcCidr,
    availabilityZones: azs,
    publicSubnetCidrs,
    privateSubnetCidrs,
    enableFlowLogs: input.enableFlowLogs ?? false,
    flowLogRetentionDays: retention,
  };
}

function resolveStateBackend(
  input: StateBackendInput,
  envRegion: string,
  path: string,
  problems: ProblemCollector,
): StateBackendConfig {
  const bucketProblem = s3BucketNameProblem(input.bucket);
  problems.check(
    bucketProblem === undefined,
    `${path}.bucket`,
    input.bucket,
    `a valid S3 bucket name (${bucketProblem})`,
    "use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
  );
  problems.check(
    DYNAMODB_TABLE.test(input.lockTable),
    `${path}.lockTable`,
    input.lockTable,
    "a DynamoDB table name of 3-255 letters, digits, `_`, `-` and `.`",
    "rename the lock table, for example webapp-tfstate-lock",
  );
  const locking = input.locking ?? "dynamodb";
  problems.check(
    locking === "dynamodb" || locking === "lockfile",
    `${path}.locking`,
    locking,
    '"dynamodb" or "lockfile"',
    "use dynamodb (the lock table) or lockfile (S3 native locking, Terraform >= 1.10)",
  );
  const region = input.region ?? envRegion;
  // An inherited region was already checked at the environment level; report only an explicit one here.
  if (input.region !== undefined) {
    problems.check(
      REGION.test(region),
      `${path}.region`,
      region,
      "an AWS region code",
      "use a code such as ap-northeast-1",
    );
  }
  for (const key of ["s3", "dynamodb"] as const) {
    const url = input.endpoints?.[key];
    if (url === undefined) continue;
    problems.check(
      /^https?:\/\/[^\s/]+(\/.*)?$/.test(url),
      `${path}.endpoints.${key}`,
      url,
      "an http(s) URL",
      "write the full URL, for example http://127.0.0.1:4569",
    );
  }
  return {
    bucket: input.bucket,
    bootstrapStateInBucket: input.bootstrapStateInBucket ?? false,
    lockTable: input.lockTable,
    locking,
    region,
    endpoints: input.endpoints,
  };
}

/** Says what is wrong with an S3 bucket name, or `undefined` when it follows the general-purpose bucket rules. */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "3 to 63 characters";
  if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (name.includes("..")) return "no two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "reserved prefix";
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return "reserved suffix";
  return undefined;
}

function resolveTags(
  projectName: string,
  env: EnvironmentInput,
  path: string,
  problems: ProblemCollector,
): Record<string, string> {
  const extra = env.tags ?? {};
  for (const [key, value] of Object.entries(extra)) {
    problems.check(
      !(RESERVED_TAG_KEYS as readonly string[]).includes(key),
      `${path}.${key}`,
      value,
      `a key other than ${RESERVED_TAG_KEYS.join(", ")}`,
      "remove it: the project sets these tags itself",
    );
    problems.check(
      key.length >= 1 && key.length <= 128 && TAG_CHARS.test(key) && !key.toLowerCase().startsWith("aws:"),
      `${path}.${key}`,
      key,
      "a tag key of 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:",
      "rename the tag key",
    );
    problems.check(
      value.length <= 256 && TAG_CHARS.test(value),
      `${path}.${key}`,
      value,
      "a tag value of at most 256 letters, digits, spaces and _.:/=+-@",
      "shorten the value or remove the unsupported characters",
    );
  }
  return { ...extra, project: projectName, environment: env.name, "managed-by": "cdktf" };
}
