import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config";

/** Props shared by every stack of an environment. */
export interface EnvironmentStackProps {
  /** The validated environment this stack belongs to. */
  readonly environment: EnvironmentConfig;
}

/** How a stack differs from the usual shape; only the bootstrap stack sets these. */
export interface EnvironmentStackOptions {
  /**
   * Keep state in the S3 backend.
   * @default true
   */
  readonly remoteState?: boolean;
  /**
   * Point the AWS provider's S3 and DynamoDB clients at the state backend's custom endpoints, if any.
   * @default false
   */
  readonly providerUsesStateEndpoints?: boolean;
}

/** The stack name for `kind` in `environment`, for example `production-network`. */
export function stackName(environment: EnvironmentConfig, kind: string): string {
  return `${environment.name}-${kind}`;
}

/**
 * A stack of one environment: owns the AWS provider (region, allowed account, default tags) and, unless it is
 * the bootstrap stack, the S3 backend at `<environment>/<kind>.tfstate`.
 */
export abstract class EnvironmentStack extends TerraformStack {
  /** The environment this stack belongs to. */
  readonly environment: EnvironmentConfig;

  constructor(scope: Construct, kind: string, props: EnvironmentStackProps, options: EnvironmentStackOptions = {}) {
    super(scope, stackName(props.environment, kind));
    this.environment = props.environment;
    const endpoints = options.providerUsesStateEndpoints ? props.environment.stateBackend.endpoints : undefined;
    new AwsProvider(this, "Aws", {
      region: props.environment.region,
      allowedAccountIds: props.environment.allowedAccountId ? [props.environment.allowedAccountId] : undefined,
      defaultTags: [{ tags: { ...props.environment.tags } }],
      ...(endpoints && {
        endpoints: [{ s3: endpoints.s3, dynamodb: endpoints.dynamodb }],
        s3UsePathStyle: true,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: "true",
        skipRegionValidation: true,
      }),
    });
    if (options.remoteState ?? true) configureS3Backend(this, props.environment, kind);
  }
}

/**
 * Points `stack` at the environment's S3 state bucket under `<environment>/<kind>.tfstate`, encrypted, locked
 * through the DynamoDB table or, with `locking: "lockfile"`, through S3 conditional writes.
 */
export function configureS3Backend(stack: TerraformStack, environment: EnvironmentConfig, kind: string): S3Backend {
  const state = environment.stateBackend;
  const endpoints = state.endpoints;
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: `${environment.name}/${kind}.tfstate`,
    region: state.region,
    encrypt: true,
    dynamodbTable: state.locking === "dynamodb" ? state.lockTable : undefined,
    ...(endpoints && {
      endpoints: { s3: endpoints.s3, dynamodb: endpoints.dynamodb },
      usePathStyle: true,
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
      skipRegionValidation: true,
    }),
  });
  // cdktf 0.21's S3Backend has no `use_lockfile` (Terraform >= 1.10), so it is set as a raw override.
  if (state.locking === "lockfile") stack.addOverride("terraform.backend.s3.use_lockfile", true);
  return backend;
}

/**
 * The error for a capability kind this version does not build. Validation refuses such kinds before any stack
 * is built, so reaching this means a stack was built from configuration that skipped validation.
 */
export function notBuiltByThisVersion(capability: string, kind: string): Error {
  return new Error(`${capability} kind "${kind}" is not built by this version`);
}
