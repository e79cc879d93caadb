import { ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";

/** What a finished command printed and how it ended. */
export interface CommandResult {
  /** Exit code; `null` when a signal ended it. */
  readonly code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
}

/** A command still running, for operations that must hold the state lock while the test looks at it. */
export interface RunningCommand {
  /** Everything printed so far. */
  output(): string;
  /** Writes `text` to stdin and closes it. */
  finishInput(text: string): void;
  /** Resolves when the command exits. */
  readonly exited: Promise<CommandResult>;
}

// Commands run asynchronously: the emulators live in the test's own event loop, so a synchronous spawn would
// block them and the command would wait forever for their answer.
const running = new Set<ChildProcess>();

/** Starts `command` in its own process group; see {@link stopCommands}. */
export function startCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): RunningCommand {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<CommandResult>((resolve, reject) => {
    child.once("error", (error) => {
      running.delete(child);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.once("close", (code) => {
      running.delete(child);
      resolve({ code, output });
    });
  });
  return {
    output: () => output,
    finishInput: (text) => child.stdin?.end(text),
    exited,
  };
}

/** Runs `command` to the end; stdin is closed at once so a prompt fails instead of hanging. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  const started = startCommand(command, args, options);
  started.finishInput("");
  return started.exited;
}

/** Kills every command started here that is still running, with its children (cdktf runs terraform). */
export function stopCommands(): void {
  for (const child of running) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone between the check and the kill.
      }
    }
  }
  running.clear();
}

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");

/**
 * `text` without colour codes and with every run of whitespace as one space: cdktf wraps Terraform's messages
 * to the terminal width and indents the continuation lines, so assertions match on the flattened text.
 */
export function flatten(text: string): string {
  return text.replace(ANSI_ESCAPE, "").replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");
}

/** An HTTP answer. */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

function httpRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once("error", reject);
    req.end(options.body);
  });
}

/** An unsigned path-style GET from s3rver, which serves requests without an Authorization header. */
export function s3Get(endpoint: string, bucket: string, key = ""): Promise<HttpResponse> {
  return httpRequest(`${endpoint}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`, {
    method: "GET",
  });
}

/**
 * Calls a DynamoDB JSON API action on dynalite. dynalite checks that a SigV4 Authorization header is present and
 * well-formed but does not verify the signature, so a placeholder one is enough.
 */
export async function dynamodb<T>(endpoint: string, action: string, payload: object): Promise<T> {
  const response = await httpRequest(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": `DynamoDB_20120810.${action}`,
      "X-Amz-Date": "20250101T000000Z",
      Authorization:
        "AWS4-HMAC-SHA256 Credential=S3RVER/20250101/ap-northeast-1/dynamodb/aws4_request, " +
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0",
    },
    body: JSON.stringify(payload),
  });
  if (response.status !== 200) throw new Error(`DynamoDB ${action} failed: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as T;
}

/** One DynamoDB item with string attributes only, as the S3 backend writes them. */
export type StringItem = Record<string, { S: string }>;

/** Every item of `table`. */
export async function scanTable(endpoint: string, table: string): Promise<StringItem[]> {
  const result = await dynamodb<{ Items: StringItem[] }>(endpoint, "Scan", { TableName: table });
  return result.Items;
}

/** Polls `probe` every 250 ms until it returns a value, or fails after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
