/**
 * A cdktf app for the backend integration test: the project's real bootstrap stack, built from one configured
 * environment with its state backend pointed at local emulators. `cdktf deploy --app` runs this file; the test
 * passes the settings through the environment variables in {@link BACKEND_APP_ENV} (see {@link backendAppEnv}).
 */
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformResource } from "cdktf";
import { BackendEndpointsInput, EnvironmentName, StateLocking } from "../../config";
import { SecureBucket } from "../../modules/secure-bucket";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { environmentConfig } from "./environment";

/** How the test builds the bootstrap stack. */
export interface BackendAppSettings {
  /** Which configured environment to build. */
  readonly environmentName: EnvironmentName;
  /** Emulator URLs. */
  readonly endpoints: BackendEndpointsInput;
  /** Keep the bootstrap stack's own state in the bucket (the documented migration). */
  readonly stateInBucket: boolean;
  /** State locking mechanism. */
  readonly locking: StateLocking;
  /**
   * Drop the two settings the emulators refuse on the bucket and table resources themselves, so that those two
   * can be created: S3 tags from the provider's default tags (s3rver has no PutBucketTagging) and point-in-time
   * recovery (dynalite has no UpdateContinuousBackups). The test shows both refusals on the unmodified stack.
   */
  readonly emulatorSubset: boolean;
}

/** Environment variables that carry {@link BackendAppSettings} to this app. */
export const BACKEND_APP_ENV = {
  environmentName: "BACKEND_TEST_ENVIRONMENT",
  s3: "BACKEND_TEST_S3_ENDPOINT",
  dynamodb: "BACKEND_TEST_DYNAMODB_ENDPOINT",
  stateInBucket: "BACKEND_TEST_STATE_IN_BUCKET",
  locking: "BACKEND_TEST_LOCKING",
  emulatorSubset: "BACKEND_TEST_EMULATOR_SUBSET",
} as const;

/** The variables to run this app with `settings`. */
export function backendAppEnv(settings: BackendAppSettings): Record<string, string> {
  return {
    [BACKEND_APP_ENV.environmentName]: settings.environmentName,
    [BACKEND_APP_ENV.s3]: settings.endpoints.s3,
    [BACKEND_APP_ENV.dynamodb]: settings.endpoints.dynamodb,
    [BACKEND_APP_ENV.stateInBucket]: settings.stateInBucket ? "1" : "0",
    [BACKEND_APP_ENV.locking]: settings.locking,
    [BACKEND_APP_ENV.emulatorSubset]: settings.emulatorSubset ? "1" : "0",
  };
}

function settingsFromEnv(env: NodeJS.ProcessEnv): BackendAppSettings {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: this app is run by __tests__/integration/backend.test.ts`);
    return value;
  };
  return {
    environmentName: required(BACKEND_APP_ENV.environmentName) as EnvironmentName,
    endpoints: { s3: required(BACKEND_APP_ENV.s3), dynamodb: required(BACKEND_APP_ENV.dynamodb) },
    stateInBucket: env[BACKEND_APP_ENV.stateInBucket] === "1",
    locking: required(BACKEND_APP_ENV.locking) as StateLocking,
    emulatorSubset: env[BACKEND_APP_ENV.emulatorSubset] === "1",
  };
}

/** The bootstrap stack for `settings`, built through the same config validation as `main.ts`. */
export function buildBootstrapStack(app: App, settings: BackendAppSettings): BootstrapStack {
  const environment = environmentConfig(settings.environmentName, (env) => ({
    ...env,
    stateBackend: { ...env.stateBackend, locking: settings.locking, endpoints: settings.endpoints },
  }));
  const stack = new BootstrapStack(app, { environment, stateInBucket: settings.stateInBucket });
  if (settings.emulatorSubset) {
    // `undefined` deletes the key in cdktf's override merge.
    (stack.node.findChild("Aws") as AwsProvider).addOverride("default_tags", undefined);
    lockTableOf(stack).addOverride("point_in_time_recovery.enabled", false);
  }
  return stack;
}

/** The state bucket resource of a bootstrap stack. */
export function stateBucketOf(stack: BootstrapStack): S3Bucket {
  return (stack.stateBackend.node.findChild("StateBucket") as SecureBucket).bucket;
}

/** The lock table resource of a bootstrap stack. */
export function lockTableOf(stack: BootstrapStack): DynamodbTable {
  return stack.stateBackend.node.findChild("LockTable") as DynamodbTable;
}

/** The Terraform address of `resource`, as `-target` and `terraform state list` spell it. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

if (require.main === module) {
  const app = new App();
  buildBootstrapStack(app, settingsFromEnv(process.env));
  app.synth();
}
