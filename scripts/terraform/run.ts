import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { terraformEnv } from "../terraform-cli-config";

/** Exit code and captured output of one Terraform command. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment to run Terraform with: the project's CLI config (provider mirror, plugin cache), no prompts,
 * no version checks.
 */
export function terraformProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...terraformEnv(env), TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/**
 * Runs `terraform <args>` in `cwd`; with `stdoutFile`, standard output goes there instead of memory.
 *
 * @throws Error when the `terraform` binary cannot be started (not on the PATH).
 */
export function terraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdoutFile?: string,
): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const fd = stdoutFile ? openSync(stdoutFile, "w") : undefined;
    const child = spawn("terraform", args, { cwd, env, stdio: ["ignore", fd ?? "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      if (fd !== undefined) closeSync(fd);
      fail(
        new Error(
          `could not run terraform ${args.join(" ")}: ${error.message}. Install Terraform >= 1.5 on the PATH ` +
            "(https://developer.hashicorp.com/terraform/install).",
        ),
      );
    });
    child.on("close", (code) => {
      if (fd !== undefined) closeSync(fd);
      done({ code: code ?? 1, stdout, stderr });
    });
  });
}
