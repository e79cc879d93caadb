import { Capabilities, CapabilitiesInput } from "./capabilities";
import { GuardrailsConfig, GuardrailsInput } from "./guardrails";
import { MonitoringConfig, MonitoringInput } from "./monitoring";
import { ComputeConfig, DatabaseConfig, DnsConfig, RegistryConfig, StorageConfig, WorkloadInput } from "./workload";

/** The environments this project knows. Adding one means adding its configuration in `environments.ts`. */
export const ENVIRONMENT_NAMES = ["development", "test", "production"] as const;

/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** How Terraform locks the S3 state of this environment. */
export type StateLocking = "dynamodb" | "lockfile";

/** Network settings for one environment, as written in configuration. */
export interface NetworkInput {
  /** IPv4 CIDR of the VPC, `/16` to `/24`. */
  readonly vpcCidr: string;
  /** Availability zones, at least two (RDS subnet groups need two), all in the environment's region. */
  readonly availabilityZones: readonly string[];
  /**
   * One public subnet CIDR per availability zone, in the same order.
   * @default - derived: the VPC split into 16 blocks, public subnets take blocks 0..n-1
   */
  readonly publicSubnetCidrs?: readonly string[];
  /**
   * One private subnet CIDR per availability zone, in the same order.
   * @default - derived: the VPC split into 16 blocks, private subnets take blocks 8..8+n-1
   */
  readonly privateSubnetCidrs?: readonly string[];
  /**
   * Record VPC flow logs (all traffic) to CloudWatch Logs.
   * Off by default: ingestion costs about USD 0.76 per GB in ap-northeast-1, which a minimal environment rarely justifies.
   * @default false
   */
  readonly enableFlowLogs?: boolean;
  /**
   * Retention of the flow log group, in days.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
}

/** Where the Terraform state of an environment lives, as written in configuration. */
export interface StateBackendInput {
  /** Name of the S3 bucket that holds the state; globally unique, created by the bootstrap stack. */
  readonly bucket: string;
  /**
   * Keep the bootstrap stack's own state in the bucket it created, at `<environment>/bootstrap.tfstate`. Set it
   * once the bucket exists, then migrate (docs/state.md).
   * @default false
   */
  readonly bootstrapStateInBucket?: boolean;
  /** Name of the DynamoDB lock table, created by the bootstrap stack. */
  readonly lockTable: string;
  /**
   * Locking mechanism. `dynamodb` uses the lock table; `lockfile` uses S3 conditional writes
   * (`use_lockfile`, Terraform >= 1.10), which Terraform 1.11 recommends over the deprecated `dynamodb_table`.
   * @default "dynamodb"
   */
  readonly locking?: StateLocking;
  /**
   * Region of the state bucket and lock table.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Custom S3 and DynamoDB endpoints, for S3-compatible stores and local emulators. Leave unset for AWS.
   * @default - the AWS endpoints of the region
   */
  readonly endpoints?: BackendEndpointsInput;
}

/** Custom service endpoints for the state backend (and the bootstrap stack's provider). */
export interface BackendEndpointsInput {
  /** S3 endpoint URL, for example `http://127.0.0.1:4569`. */
  readonly s3: string;
  /** DynamoDB endpoint URL, for example `http://127.0.0.1:4567`. */
  readonly dynamodb: string;
}

/** One environment, as written in configuration. */
export interface EnvironmentInput extends WorkloadInput {
  /** Environment name; also the first part of every stack name and state key. */
  readonly name: string;
  /**
   * AWS region.
   * @default "ap-northeast-1"
   */
  readonly region?: string;
  /**
   * When set, Terraform refuses to run against any other account (`allowed_account_ids`).
   * @default - any account
   */
  readonly allowedAccountId?: string;
  /**
   * Architecture phase, 1-4: a preset of capabilities (config/capabilities.ts). Only the preset reads it.
   */
  readonly phase: number;
  /**
   * Capabilities that differ from the phase's preset, by name (for example a test environment on Phase 2
   * without Multi-AZ).
   * @default - the phase's preset
   */
  readonly capabilities?: CapabilitiesInput;
  /** Network layout. */
  readonly network: NetworkInput;
  /** Terraform state location. */
  readonly stateBackend: StateBackendInput;
  /** CloudWatch alarms, notifications, dashboard and queries. @default - the design's thresholds, no emails */
  readonly monitoring?: MonitoringInput;
  /**
   * Extra tags on every resource, through the provider's default tags.
   * `project`, `environment` and `managed-by` are always set and cannot be overridden here.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Guardrail acknowledgements for the whole environment (docs/guardrails.md).
   * @default - none
   */
  readonly guardrails?: GuardrailsInput;
}

/** The whole configuration, as written. */
export interface ProjectInput {
  /** Short lowercase name used in resource names, bucket names and the Parameter Store path. */
  readonly projectName: string;
  /** The environments to build. */
  readonly environments: readonly EnvironmentInput[];
}

/** Network settings after validation, with subnets resolved. */
export interface NetworkConfig {
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  readonly enableFlowLogs: boolean;
  readonly flowLogRetentionDays: number;
}

/** State backend settings after validation. */
export interface StateBackendConfig {
  readonly bucket: string;
  readonly bootstrapStateInBucket: boolean;
  readonly lockTable: string;
  readonly locking: StateLocking;
  readonly region: string;
  readonly endpoints?: BackendEndpointsInput;
}

/** One environment after validation: every default filled, every derived value computed. */
export interface EnvironmentConfig {
  readonly projectName: string;
  readonly name: EnvironmentName;
  readonly region: string;
  readonly allowedAccountId?: string;
  /** What this environment builds, resolved from its phase and overrides. */
  readonly capabilities: Capabilities;
  readonly network: NetworkConfig;
  readonly stateBackend: StateBackendConfig;
  readonly monitoring: MonitoringConfig;
  readonly database: DatabaseConfig;
  readonly compute: ComputeConfig;
  readonly storage: StorageConfig;
  readonly registry: RegistryConfig;
  /** `undefined` when no domain is configured: the environment is built without DNS. */
  readonly dns?: DnsConfig;
  /** Every tag applied through default tags, including `project`, `environment` and `managed-by`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Guardrail acknowledgements for the whole environment. */
  readonly guardrails: GuardrailsConfig;
}
