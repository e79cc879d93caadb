import { ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Providers started once, in debug mode, for every Terraform command of a run (the test tier, the preview) to
 * attach to.
 *
 * Terraform normally starts a fresh provider process for each module and each step: `terraform test` started the
 * 700 MB AWS provider 49 times for 8 stacks, and those starts were most of the tier's CPU time (42 s of CPU versus
 * 4 s attached). `TF_REATTACH_PROVIDERS` is Terraform's own mechanism for a provider it did not start; it is the
 * same binary answering the same RPCs. Mocked runs never call `ConfigureProvider`, so one process can serve
 * several Terraform commands at once; real plans do, and the process keeps the settings of the last call, so each
 * command that runs concurrently with another needs its own process.
 */
export interface ProviderServers {
  /** `env` plus `TF_REATTACH_PROVIDERS` for the providers that started; `env` unchanged when none did. */
  readonly env: NodeJS.ProcessEnv;
  /** Provider addresses being served, for example `registry.terraform.io/hashicorp/aws`. */
  readonly served: readonly string[];
  /** Providers that would not start in debug mode, with the reason; Terraform starts those itself as usual. */
  readonly skipped: readonly string[];
  /** Stops the provider processes started here. */
  readonly stop: () => void;
}

/** The provider binaries `terraform init` installed in `initDir`, by provider address. */
export function installedProviders(initDir: string): Map<string, string> {
  const found = new Map<string, string>();
  const root = join(initDir, ".terraform", "providers");
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  for (const host of list(root)) {
    for (const namespace of list(join(root, host))) {
      for (const type of list(join(root, host, namespace))) {
        for (const version of list(join(root, host, namespace, type))) {
          for (const platform of list(join(root, host, namespace, type, version))) {
            const dir = join(root, host, namespace, type, version, platform);
            const binary = list(dir).find((f) => f.startsWith(`terraform-provider-${type}`));
            if (binary && statSync(join(dir, binary)).isFile())
              found.set(`${host}/${namespace}/${type}`, join(dir, binary));
          }
        }
      }
    }
  }
  return found;
}

const REATTACH_LINE = /TF_REATTACH_PROVIDERS='([^']+)'/;

/** Starts `binary -debug` with its output in `logFile` and resolves with its reattach configuration. */
function startInDebugMode(
  binary: string,
  logFile: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ child: ChildProcess; reattach: Record<string, unknown> }> {
  const fd = openSync(logFile, "w");
  // The provider logs for as long as it runs: its output goes to a file, never to a pipe nobody drains.
  const child = spawn(binary, ["-debug"], { env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  return new Promise((done, fail) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = REATTACH_LINE.exec(readFileSync(logFile, "utf8"));
      if (match) {
        clearInterval(poll);
        done({ child, reattach: JSON.parse(match[1]) as Record<string, unknown> });
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        child.kill();
        fail(new Error(`no reattach configuration after ${Date.now() - started} ms (see ${logFile})`));
      }
    }, 100);
  });
}

/**
 * Starts every provider installed in `initDir` in debug mode and returns the environment that makes Terraform
 * attach to them. A provider that does not support `-debug` is left for Terraform to start as usual.
 */
export async function startProviderServers(
  initDir: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  timeoutMs = 60_000,
): Promise<ProviderServers> {
  const children: ChildProcess[] = [];
  const reattach: Record<string, unknown> = {};
  const skipped: string[] = [];
  const kill = () => children.forEach((child) => child.exitCode === null && child.kill());
  const stop = () => {
    kill();
    process.removeListener("exit", kill);
  };
  // Also when Jest exits without running afterAll (a crash, Ctrl-C), so no provider outlives the tier.
  process.once("exit", kill);
  for (const [address, binary] of installedProviders(initDir)) {
    const logFile = join(logDir, `provider-${address.replace(/\//g, "_")}.log`);
    try {
      const server = await startInDebugMode(binary, logFile, env, timeoutMs);
      children.push(server.child);
      Object.assign(reattach, server.reattach);
    } catch (error) {
      skipped.push(`${address}: ${(error as Error).message}`);
    }
  }
  const served = Object.keys(reattach);
  return {
    env: served.length > 0 ? { ...env, TF_REATTACH_PROVIDERS: JSON.stringify(reattach) } : env,
    served,
    skipped,
    stop,
  };
}
