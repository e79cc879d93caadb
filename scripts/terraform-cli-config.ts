import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Places a Terraform provider mirror is looked for, after `TF_PROVIDER_MIRROR`. */
export const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  "/usr/share/terraform/providers",
  "/usr/local/share/terraform/plugins",
  join(homedir(), ".terraform.d", "plugins"),
];

const PROJECT_ROOT = resolve(__dirname, "..");
/** The project's own Terraform CLI configuration, written when a mirror is found. */
export const CLI_CONFIG_PATH = join(PROJECT_ROOT, ".terraform-cli", "terraformrc");

/**
 * Finds a filesystem mirror that holds the AWS provider: `TF_PROVIDER_MIRROR` when set, otherwise the first of
 * {@link MIRROR_CANDIDATES} that has `registry.terraform.io/hashicorp/aws`.
 *
 * @throws Error when `TF_PROVIDER_MIRROR` is set but holds no AWS provider.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const holdsAws = (dir: string) => existsSync(join(dir, "registry.terraform.io", "hashicorp", "aws"));
  const explicit = env.TF_PROVIDER_MIRROR;
  if (explicit) {
    if (!holdsAws(explicit)) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${explicit} has no registry.terraform.io/hashicorp/aws inside. ` +
          "Point it at the folder above registry.terraform.io, or unset it to use the registry.",
      );
    }
    return explicit;
  }
  return MIRROR_CANDIDATES.find(holdsAws);
}

/**
 * Writes the project's Terraform CLI configuration when a provider mirror exists and returns the environment to
 * run Terraform with: `TF_CLI_CONFIG_FILE` pointing at it, and a shared plugin cache so each `terraform init`
 * links the provider instead of copying it. Without a mirror, Terraform uses the registry as usual.
 */
export function terraformEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const mirror = findProviderMirror(env);
  if (!mirror) {
    const { TF_CLI_CONFIG_FILE: _unused, ...rest } = env;
    return { ...rest, CHECKPOINT_DISABLE: "1" };
  }
  const cacheDir = join(PROJECT_ROOT, ".terraform-cli", "plugin-cache");
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(
    CLI_CONFIG_PATH,
    [
      "# Written by scripts/terraform-cli-config.ts: install providers from the local mirror, never the network.",
      `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/*/*"]',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return { ...env, TF_CLI_CONFIG_FILE: CLI_CONFIG_PATH, CHECKPOINT_DISABLE: "1" };
}

if (require.main === module) {
  const env = terraformEnv();
  if (env.TF_CLI_CONFIG_FILE) {
    console.log(`export TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE}`);
  } else {
    console.error("No provider mirror found; Terraform will use the registry (set TF_PROVIDER_MIRROR to use one).");
  }
}
