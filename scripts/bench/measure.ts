import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** GNU time: its `%M` is the largest resident set of the command and of every descendant it waited for. */
export const GNU_TIME = "/usr/bin/time";

/** One timed run of a command. */
export interface Sample {
  /** Wall-clock seconds, measured around the whole command. */
  readonly seconds: number;
  /** User plus system CPU seconds of the command and all its descendants. */
  readonly cpuSeconds: number;
  /** Peak resident memory of the largest single process in the command's process tree, in MiB. */
  readonly peakMiB: number;
}

/**
 * Fails with what to install when GNU time is missing: the peak-memory figures come from it, and the shell
 * builtin `time` cannot report them.
 */
export function requireGnuTime(): void {
  const probe = existsSync(GNU_TIME) ? spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }) : undefined;
  if (!probe || probe.status !== 0 || !/^\d+\s*$/m.test(probe.stderr)) {
    throw new Error(
      `GNU time is needed at ${GNU_TIME} to measure peak memory. Install it with: apt-get install -y time`,
    );
  }
}

/** How to run a command, and whether a non-zero exit is still a measurement (jest exits 1 when a test fails). */
export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly allowFailure?: boolean;
}

/**
 * Runs `command` through `sh -c` (as cdktf runs the app) under GNU time and returns its wall time, CPU time and
 * peak memory, with its exit status.
 *
 * @throws Error with the exit status and the end of the output when the command fails and `allowFailure` is unset.
 */
export function timeCommand(command: string, options: RunOptions): Sample & { status: number } {
  const statsDir = mkdtempSync(join(tmpdir(), "cdktf-bench-time-"));
  const statsFile = join(statsDir, "stats");
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(GNU_TIME, ["-f", "%U %S %M", "-o", statsFile, "sh", "-c", command], {
      cwd: options.cwd,
      env: options.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = result.status ?? 1;
    if (status !== 0 && !options.allowFailure) {
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
      throw new Error(`"${command}" in ${options.cwd} exited with ${result.status ?? result.signal}:\n${output}`);
    }
    // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
    const [user, system, kib] = readFileSync(statsFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return { seconds, cpuSeconds: user + system, peakMiB: kib / 1024, status };
  } finally {
    rmSync(statsDir, { recursive: true, force: true });
  }
}

/** The median of `values` (the mean of the middle two when there is an even number). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
