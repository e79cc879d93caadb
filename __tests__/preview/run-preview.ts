import { spawn } from "node:child_process";
import { join, resolve } from "node:path";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** What one `npm run preview` printed and returned. */
export interface PreviewRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the preview command line (`tsx scripts/preview/cli.ts`, as `npm run preview` does) with `args`. */
export function runPreview(args: readonly string[]): Promise<PreviewRun> {
  return new Promise((done, fail) => {
    const child = spawn(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/preview/cli.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** The lines of the text report that belong to `stack`: its heading and the resource lines under it. */
export function stackSection(stdout: string, stack: string): string {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${stack}:`) || line.startsWith(`${stack} `));
  if (start < 0) return "";
  const end = lines.findIndex((line, i) => i > start && !line.startsWith(" "));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}
