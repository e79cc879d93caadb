import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_PATCH_VARIABLE } from "../../config";
import { StackJson } from "./offline";

/** Synthesis of one side failed: `output` is what the app printed (a configuration error is printed as is). */
export class SynthError extends Error {
  constructor(
    readonly side: string,
    readonly output: string,
    readonly configuration: boolean,
  ) {
    super(`synthesizing ${side} failed:\n${output}`);
    this.name = "SynthError";
  }
}

/** The stacks one side synthesized, by name, and how long it took. */
export interface Synthesized {
  readonly stacks: Map<string, StackJson>;
  readonly seconds: number;
}

/**
 * Runs the app command of `treeDir`'s `cdktf.json` (`node scripts/synth-app.js` here, whatever the tree says at
 * another revision) with `CDKTF_OUTDIR`, `CDKTF_ENVIRONMENTS` and, when given, `CDKTF_CONFIG_PATCH`, and reads the
 * environment's stacks from the manifest.
 *
 * @throws SynthError with the app's output; `configuration` is set when it reported invalid configuration.
 */
export function synthesize(
  side: string,
  treeDir: string,
  outdir: string,
  environment: string,
  patch: Record<string, unknown> | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Synthesized> {
  const started = Date.now();
  const app = (JSON.parse(readFileSync(join(treeDir, "cdktf.json"), "utf8")) as { app?: string }).app;
  const { [CONFIG_PATCH_VARIABLE]: _inherited, ...clean } = env;
  const childEnv: NodeJS.ProcessEnv = {
    ...clean,
    CDKTF_OUTDIR: outdir,
    CDKTF_ENVIRONMENTS: environment,
    ...(patch ? { [CONFIG_PATCH_VARIABLE]: JSON.stringify({ [environment]: patch }) } : {}),
  };
  return new Promise((done, fail) => {
    const child = spawn("sh", ["-c", app ?? "node scripts/synth-app.js"], { cwd: treeDir, env: childEnv });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => {
      const manifestFile = join(outdir, "manifest.json");
      if (code !== 0 || !existsSync(manifestFile)) {
        const configuration = /Invalid configuration|Guardrail/i.test(output);
        return fail(new SynthError(side, output.trim(), configuration));
      }
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
        stacks: Record<string, { synthesizedStackPath: string }>;
      };
      const stacks = new Map<string, StackJson>();
      for (const [name, entry] of Object.entries(manifest.stacks)) {
        if (!name.startsWith(`${environment}-`)) continue;
        stacks.set(name, JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as StackJson);
      }
      done({ stacks, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A detached `git worktree` of a revision, with the current tree's `node_modules` linked in. */
export interface RevisionTree {
  readonly dir: string;
  /** Removes the worktree (also when the preview failed). */
  readonly remove: () => void;
}

/**
 * Checks out `revision` into `dir` with `git worktree add --detach`, linking `node_modules` from `treeDir`.
 *
 * @throws Error with git's message when the revision does not exist.
 */
export function checkoutRevision(treeDir: string, revision: string, dir: string): RevisionTree {
  const added = spawnSync("git", ["worktree", "add", "--detach", "--quiet", dir, revision], {
    cwd: treeDir,
    encoding: "utf8",
  });
  if (added.status !== 0) {
    throw new SynthError(
      `revision ${revision}`,
      `--base ${revision}: git worktree add failed: ${added.stderr.trim()}. Give a commit, branch or tag of this repository.`,
      true,
    );
  }
  const remove = () => {
    spawnSync("git", ["worktree", "remove", "--force", dir], { cwd: treeDir });
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    spawnSync("git", ["worktree", "prune"], { cwd: treeDir });
  };
  try {
    symlinkSync(realpathSync(join(treeDir, "node_modules")), join(dir, "node_modules"));
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}
