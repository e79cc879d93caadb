import { PLACEHOLDER_ACCOUNT_ID } from "./placeholders";

/** The parts of a synthesized `cdk.tf.json` the preview reads or rewrites. */
export interface StackJson {
  terraform?: { backend?: Record<string, unknown>; required_providers?: Record<string, unknown> };
  provider?: Record<string, Record<string, unknown>[]>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  [block: string]: unknown;
}

/**
 * AWS provider settings that keep a plan off the network: static fake credentials, and no STS, IAM or metadata
 * calls to check them or to find the account. With these, `terraform plan -refresh=false` makes no AWS request
 * (the provider calls AWS only to read resources and data sources, which a plan without refresh skips for
 * resources; stacks of this project read no AWS data source).
 */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "AKIAIOSFODNN7EXAMPLE",
  secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: "true",
  skip_region_validation: true,
  max_retries: 1,
} as const;

/**
 * Provider settings removed for an offline plan: `allowed_account_ids` and `forbidden_account_ids` need the
 * account id from STS; roles to assume, profiles and credential files would be read or called.
 */
const ONLINE_PROVIDER_SETTINGS = [
  "allowed_account_ids",
  "forbidden_account_ids",
  "assume_role",
  "assume_role_with_web_identity",
  "profile",
  "shared_config_files",
  "shared_credentials_files",
  "token",
];

/**
 * Environment for the provider process: no instance metadata, no profile or credentials from the machine, and its
 * trace logging off (in debug mode it logs ~70,000 lines per environment otherwise).
 */
export function offlineProviderEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env))
    if (!key.startsWith("AWS_") && !key.startsWith("TF_LOG")) result[key] = value;
  const quiet = Object.fromEntries(
    [
      "TF_LOG_PROVIDER",
      "TF_LOG_SDK",
      "TF_LOG_SDK_PROTO",
      "TF_LOG_SDK_FRAMEWORK",
      "TF_LOG_SDK_MUX",
      "TF_LOG_SDK_HELPER_SCHEMA",
    ].map((name) => [name, "off"]),
  );
  return { ...result, ...quiet, AWS_EC2_METADATA_DISABLED: "true", AWS_ACCOUNT_ID: PLACEHOLDER_ACCOUNT_ID };
}

const CROSS_STACK_PREFIX = "cross-stack-reference-input-";

/**
 * The stack a `terraform_remote_state` data source reads: CDKTF names its cross-stack inputs
 * `cross-stack-reference-input-<stack>`; others are matched by their S3 key `<environment>/<stack>.tfstate`.
 */
export function upstreamStackName(name: string, config: Record<string, unknown>): string {
  if (name.startsWith(CROSS_STACK_PREFIX)) return name.slice(CROSS_STACK_PREFIX.length);
  const key = String((config.config as { key?: unknown } | undefined)?.key ?? name);
  return key.replace(/\.tfstate$/, "").replace(/\//g, "-");
}

/** The stacks whose outputs `stack` reads through `terraform_remote_state`. */
export function upstreamStacks(stack: StackJson): string[] {
  return Object.entries(stack.data?.terraform_remote_state ?? {}).map(([name, config]) =>
    upstreamStackName(name, config),
  );
}

/** The region of the stack's default AWS provider. */
export function stackRegion(stack: StackJson): string {
  const providers = stack.provider?.aws ?? [];
  const main = providers.find((p) => p.alias === undefined) ?? providers[0];
  return String(main?.region ?? "us-east-1");
}

/**
 * Rewrites a synthesized stack for an offline plan: no backend (Terraform's local default, `terraform.tfstate`
 * in the folder), every AWS provider with {@link OFFLINE_PROVIDER_SETTINGS} (and its EC2 endpoint at
 * `ec2Endpoint`, the preview's local stand-in, when given), and every `terraform_remote_state` reading a local
 * state file, `remoteStateFile(<upstream stack>)`.
 */
export function offlineStackJson(
  stack: StackJson,
  remoteStateFile: (upstream: string) => string,
  ec2Endpoint?: string,
): StackJson {
  const copy = JSON.parse(JSON.stringify(stack)) as StackJson;
  if (copy.terraform) delete copy.terraform.backend;
  for (const config of copy.provider?.aws ?? []) {
    for (const setting of ONLINE_PROVIDER_SETTINGS) delete config[setting];
    Object.assign(config, OFFLINE_PROVIDER_SETTINGS);
    if (ec2Endpoint) {
      const endpoints = (config.endpoints as Record<string, unknown>[] | undefined) ?? [];
      config.endpoints = [{ ...endpoints[0], ec2: ec2Endpoint }, ...endpoints.slice(1)];
    }
  }
  for (const [name, config] of Object.entries(copy.data?.terraform_remote_state ?? {})) {
    config.backend = "local";
    config.config = { path: remoteStateFile(upstreamStackName(name, config)) };
    delete config.workspace;
  }
  return copy;
}

/**
 * An override file that lifts `lifecycle.prevent_destroy`, so that a refused plan can still list what it would
 * do; the refusal itself comes from the plan without it.
 */
export function preventDestroyOverride(stack: StackJson): { resource: Record<string, unknown> } | undefined {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    for (const [name, config] of Object.entries(instances)) {
      const lifecycle = config.lifecycle as { prevent_destroy?: unknown } | undefined;
      if (lifecycle?.prevent_destroy === true) {
        resource[type] = { ...resource[type], [name]: { lifecycle: { prevent_destroy: false } } };
      }
    }
  }
  return Object.keys(resource).length > 0 ? { resource } : undefined;
}

/** The stack with its resources removed: what planning a stack that is not synthesized on one side means. */
export function emptyStackJson(like: StackJson): StackJson {
  return { terraform: like.terraform, provider: like.provider };
}
