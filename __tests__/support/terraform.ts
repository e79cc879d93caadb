import { App } from "cdktf";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadEnvironments, PROJECT, ProjectInput } from "../../config";
import { type CommandResult, terraform as runTerraform } from "../../scripts/terraform/run";
import { buildEnvironment } from "../../stacks";
import { ProviderSchemas, SCHEMA_CACHE_FORMAT, cachedSchemas } from "./terraform-schema";
import { RemoteStateInput, StackJson, mockTestFile } from "./terraform-test-file";

/** `mock_provider`, `override_data` and `override_resource` in `terraform test` arrived in Terraform 1.7. */
export const MIN_TERRAFORM_VERSION = "1.7.0";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** What to do when Terraform or the AWS provider is missing; the tier fails with this rather than skip. */
export const INSTALL_HINT =
  `Install Terraform >= ${MIN_TERRAFORM_VERSION} on the PATH (https://developer.hashicorp.com/terraform/install; ` +
  "the project itself needs >= 1.5 or OpenTofu, this tier needs mock providers). The AWS provider comes from " +
  "the registry when online; offline, set TF_PROVIDER_MIRROR to a filesystem mirror holding " +
  "registry.terraform.io/hashicorp/aws (see scripts/terraform-cli-config.ts).";

export type { CommandResult } from "../../scripts/terraform/run";
export { terraformProcessEnv } from "../../scripts/terraform/run";

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split(".").map((p) => parseInt(p, 10));
  const b = minimum.split(".").map((p) => parseInt(p, 10));
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  return true;
}

/**
 * The version of the `terraform` on the PATH.
 *
 * @throws Error with {@link INSTALL_HINT} when it is missing or older than {@link MIN_TERRAFORM_VERSION}.
 */
export function requireTerraform(env: NodeJS.ProcessEnv): string {
  const result = spawnSync("terraform", ["version", "-json"], { env, encoding: "utf8" });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : result.stderr.trim();
    throw new Error(`Terraform is not usable (${reason}). ${INSTALL_HINT}`);
  }
  const version = String((JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version);
  if (!versionAtLeast(version, MIN_TERRAFORM_VERSION)) {
    throw new Error(`Terraform ${version} is too old for the Terraform test tier. ${INSTALL_HINT}`);
  }
  return version;
}

/**
 * Runs `terraform <args>` in `cwd` (scripts/terraform/run.ts); with `stdoutFile`, standard output goes there
 * instead of memory. A missing binary fails with {@link INSTALL_HINT}.
 */
export async function terraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdoutFile?: string,
): Promise<CommandResult> {
  try {
    return await runTerraform(args, cwd, env, stdoutFile);
  } catch (error) {
    throw new Error(`${(error as Error).message} ${INSTALL_HINT}`);
  }
}

/** One synthesized stack. */
export interface SynthesizedStackDir {
  /** Stack name, for example `production-network`. */
  readonly name: string;
  /** Its folder under the synth output, holding `cdk.tf.json`. */
  readonly dir: string;
  /** The parsed `cdk.tf.json`. */
  readonly json: StackJson;
}

/**
 * Synthesizes every stack of every configured environment into `outdir`, exactly as `main.ts` does, and returns
 * them in manifest order.
 */
export function synthesizeAllEnvironments(outdir: string, project: ProjectInput = PROJECT): SynthesizedStackDir[] {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  for (const environment of loadEnvironments(project)) buildEnvironment(app, environment);
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, entry]) => ({
    name,
    dir: join(outdir, entry.workingDirectory),
    json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as StackJson,
  }));
}

function initFailure(what: string, result: CommandResult): Error {
  const output = `${result.stderr}\n${result.stdout}`.trim();
  const providerProblem = /provider|registry|mirror|checksum/i.test(output);
  return new Error(`terraform init failed for ${what}:\n${output}\n${providerProblem ? INSTALL_HINT : ""}`.trim());
}

/**
 * Installs the providers the stacks require into `<workRoot>/providers` with `terraform init` (from the mirror of
 * the project's CLI config, or the registry) and returns that folder. The plugin cache it fills is not locked by
 * Terraform, so this runs once, before anything in parallel.
 *
 * @throws Error with {@link INSTALL_HINT} when the providers cannot be installed.
 */
export async function installProviders(
  stacks: readonly SynthesizedStackDir[],
  workRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const requiredProviders: Record<string, unknown> = {};
  for (const stack of stacks) Object.assign(requiredProviders, stack.json.terraform?.required_providers);
  const dir = join(workRoot, "providers");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: requiredProviders } }, null, 2),
  );
  const init = await terraform(["init", "-input=false", "-no-color"], dir, env);
  if (init.code !== 0) throw initFailure("the required providers", init);
  return dir;
}

/**
 * The schemas of the providers installed in `providersDir`, from a cache in `.terraform-cli/schemas/` keyed by
 * the Terraform and provider versions (`terraform providers schema -json` takes ~9 s and prints ~14 MB).
 */
export async function providerSchemas(
  providersDir: string,
  env: NodeJS.ProcessEnv,
  terraformVersion: string,
): Promise<ProviderSchemas> {
  const lock = readFileSync(join(providersDir, ".terraform.lock.hcl"), "utf8");
  const versions = [...lock.matchAll(/provider "([^"]+)" \{\s*version\s*=\s*"([^"]+)"/g)]
    .map(([, source, version]) => `${source.split("/").pop()}-${version}`)
    .join("_");
  const cacheFile = join(
    PROJECT_ROOT,
    ".terraform-cli",
    "schemas",
    `${versions}_terraform-${terraformVersion}_v${SCHEMA_CACHE_FORMAT}.json`,
  );
  return cachedSchemas(cacheFile, async () => {
    const result = await terraform(["providers", "schema", "-json"], providersDir, env);
    if (result.code !== 0) throw new Error(`terraform providers schema failed:\n${result.stderr}`);
    return result.stdout;
  });
}

/** A diagnostic from `terraform validate -json` or `terraform test -json`. */
export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number } };
}

/** Formats diagnostics as Terraform prints them, one paragraph each. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = [d.address, d.range && `${d.range.filename}:${d.range.start.line}`].filter(Boolean).join(" at ");
      return `${d.severity}: ${d.summary}${where ? ` (${where})` : ""}${d.detail ? `\n  ${d.detail}` : ""}`;
    })
    .join("\n");
}

/** One line of `terraform test -json`. */
interface TestEvent {
  type: string;
  "@message": string;
  "@testfile"?: string;
  "@testrun"?: string;
  diagnostic?: Diagnostic;
  test_run?: { progress: string; status?: string };
  test_file?: { progress: string; status?: string };
}

/** What `terraform test -json` reported for the test file of one stack. */
export interface TestReport {
  /** Status of its run (plan, apply, assertions): `pass`, `fail`, `error`, `skip`, or `missing`. */
  readonly run: string;
  /** Status of its file, which also covers the teardown (destroy) after the run. */
  readonly file: string;
  /** Errors and warnings, in order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Splits the JSON lines of `terraform test -json` by test file; lines of no file go to the key `""`. */
export function parseTestOutput(jsonLines: string): Map<string, TestReport> {
  const reports = new Map<string, { run: string; file: string; diagnostics: Diagnostic[] }>();
  const of = (file = "") => {
    if (!reports.has(file)) reports.set(file, { run: "missing", file: "missing", diagnostics: [] });
    return reports.get(file)!;
  };
  for (const line of jsonLines.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as TestEvent;
    const report = of(event["@testfile"]);
    if (event.diagnostic) report.diagnostics.push(event.diagnostic);
    if (event.test_run?.progress === "complete") report.run = event.test_run.status ?? "missing";
    if (event.test_file?.progress === "complete") report.file = event.test_file.status ?? "missing";
  }
  return reports;
}

/**
 * `terraform test` destroys what its run applied, and `prevent_destroy` (kept on the state bucket and lock table
 * on purpose) makes that teardown fail. An override file in the scratch copy lifts it for the mock run only;
 * `terraform validate` has already checked the configuration as synthesized.
 */
function writeTeardownOverride(stack: StackJson, workDir: string): void {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    for (const [name, config] of Object.entries(instances)) {
      const lifecycle = config.lifecycle as { prevent_destroy?: unknown } | undefined;
      if (lifecycle?.prevent_destroy === true) {
        resource[type] = { ...resource[type], [name]: { lifecycle: { prevent_destroy: false } } };
      }
    }
  }
  if (Object.keys(resource).length > 0) {
    writeFileSync(join(workDir, "terraform_tier_override.tf.json"), JSON.stringify({ resource }, null, 2));
  }
}

/** The outcome of the Terraform tier for one stack; never thrown, so every stack reports on its own. */
export interface StackCheck {
  readonly stack: string;
  /** The folder of the stack's group, where Terraform ran; kept when a stack fails. */
  readonly workDir: string;
  /** `terraform validate -json` diagnostics of this stack's files. */
  readonly validate?: { errors: number; warnings: number; diagnostics: readonly Diagnostic[] };
  /** `terraform test` outcome of this stack's test file. */
  readonly test?: TestReport;
  /** The generated test file. */
  readonly testFile?: string;
  /** Upstream outputs the stack reads, with the values supplied. */
  readonly remoteState?: readonly RemoteStateInput[];
  /** Resources the run asserts are in the applied state. */
  readonly assertedResources?: readonly string[];
  /** Anything that stopped the check before Terraform reported on the stack, with Terraform's output. */
  readonly error?: string;
}

/** Timings of one group of stacks, in seconds. */
export interface GroupTimings {
  readonly stacks: number;
  readonly seconds: Record<string, number>;
}

/**
 * Splits stacks into `count` groups of about equal work (resource count), keeping each group in manifest order.
 */
export function balancedGroups(stacks: readonly SynthesizedStackDir[], count: number): SynthesizedStackDir[][] {
  const weight = (s: SynthesizedStackDir) =>
    5 + Object.values(s.json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  const groups: { members: Set<string>; load: number }[] = Array.from({ length: count }, () => ({
    members: new Set(),
    load: 0,
  }));
  for (const stack of [...stacks].sort((a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name))) {
    const lightest = groups.reduce((min, g) => (g.load < min.load ? g : min));
    lightest.members.add(stack.name);
    lightest.load += weight(stack);
  }
  return groups.map((g) => stacks.filter((s) => g.members.has(s.name))).filter((g) => g.length > 0);
}

/**
 * Runs the Terraform tier on a group of stacks in `groupDir` with two Terraform commands per stack and two per
 * group: every Terraform process fetches and decodes the AWS provider's schema again, which costs more CPU than
 * a small stack's plan and apply.
 *
 * 1. Every stack folder: `terraform init -backend=false` and `terraform validate -json`, as its own root module.
 * 2. `test/`: one `tests/<stack>.tftest.hcl` per stack whose `run` applies that stack's folder as its module
 *    (`module { source = "../stacks/<stack>" }`), with the AWS provider mocked, upstream outputs supplied and
 *    every declared resource asserted; `terraform init` and `terraform test -json`. Each file's run and teardown
 *    are reported separately, so a failure names its stack only.
 */
export async function checkGroup(
  group: readonly SynthesizedStackDir[],
  stacks: ReadonlyMap<string, StackJson>,
  schemas: ProviderSchemas,
  groupDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ checks: Map<string, StackCheck>; timings: GroupTimings }> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      seconds[step] = (Date.now() - started) / 1000;
    }
  };
  const checks = new Map<string, StackCheck>();
  const fail = (stack: string, error: string) => checks.set(stack, { stack, workDir: groupDir, error });
  try {
    const requiredProviders: Record<string, unknown> = {};
    for (const stack of group) {
      cpSync(stack.dir, join(groupDir, "stacks", stack.name), { recursive: true });
      Object.assign(requiredProviders, stack.json.terraform?.required_providers);
    }
    const terraformBlock = { required_providers: requiredProviders };

    // Each stack is validated as its own root module, exactly as `cd cdktf.out/stacks/<stack> && terraform init
    // -backend=false && terraform validate` would; the shared provider process keeps this to about a second each.
    const diagnosticsByStack = new Map<string, Diagnostic[]>();
    await timed("init + validate", async () => {
      for (const stack of group) {
        const stackDir = join(groupDir, "stacks", stack.name);
        const init = await terraform(["init", "-backend=false", "-input=false", "-no-color"], stackDir, env);
        if (init.code !== 0) throw initFailure(stack.name, init);
        const validation = await terraform(["validate", "-json", "-no-color"], stackDir, env);
        const validated = JSON.parse(validation.stdout) as { diagnostics?: Diagnostic[] };
        diagnosticsByStack.set(stack.name, validated.diagnostics ?? []);
      }
    });

    const testDir = join(groupDir, "test");
    mkdirSync(join(testDir, "tests"), { recursive: true });
    writeFileSync(join(testDir, "main.tf.json"), JSON.stringify({ terraform: terraformBlock }));
    const pending = new Map<string, StackCheck>();
    for (const stack of group) {
      const own = diagnosticsByStack.get(stack.name) ?? [];
      const validate = {
        errors: own.filter((d) => d.severity === "error").length,
        warnings: own.filter((d) => d.severity === "warning").length,
        diagnostics: own,
      };
      if (validate.errors > 0) {
        checks.set(stack.name, { stack: stack.name, workDir: groupDir, validate });
        continue;
      }
      try {
        const file = mockTestFile(stack.name, stack.json, stacks, schemas, {
          moduleSource: `../stacks/${stack.name}`,
          runName: "apply",
        });
        const testFile = join(testDir, "tests", `${stack.name}.tftest.hcl`);
        writeFileSync(testFile, file.hcl);
        writeTeardownOverride(stack.json, join(groupDir, "stacks", stack.name));
        pending.set(`tests/${stack.name}.tftest.hcl`, {
          stack: stack.name,
          workDir: groupDir,
          validate,
          testFile,
          remoteState: file.remoteState,
          assertedResources: file.assertedResources,
        });
      } catch (error) {
        checks.set(stack.name, { stack: stack.name, workDir: groupDir, validate, error: (error as Error).message });
      }
    }
    if (pending.size > 0) {
      const testInit = await timed("test init", () =>
        terraform(["init", "-backend=false", "-input=false", "-no-color"], testDir, env),
      );
      if (testInit.code !== 0) throw initFailure(`the test folder of ${[...pending.keys()].join(", ")}`, testInit);
      const outputFile = join(testDir, "test-output.jsonl");
      const run = await timed("test", () => terraform(["test", "-json", "-no-color"], testDir, env, outputFile));
      const reports = parseTestOutput(readFileSync(outputFile, "utf8"));
      for (const [file, check] of pending) {
        const report = reports.get(file);
        const unattributed = reports.get("")?.diagnostics.filter((d) => d.severity === "error") ?? [];
        checks.set(check.stack, {
          ...check,
          test: report,
          error: report
            ? undefined
            : `terraform test reported nothing for ${file} (exit ${run.code}):\n${formatDiagnostics(unattributed)}\n${run.stderr}`,
        });
      }
    }
  } catch (error) {
    for (const stack of group) if (!checks.has(stack.name)) fail(stack.name, (error as Error).message);
  }
  return { checks, timings: { stacks: group.length, seconds } };
}
