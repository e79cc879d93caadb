import { readFileSync } from "node:fs";
import { composePatches } from "../../config";

/** A command-line mistake: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** How the report is printed. */
export type OutputFormat = "text" | "markdown";

/** What `npm run preview` was asked to compare. */
export interface PreviewOptions {
  /** The environment to preview. */
  readonly environment: string;
  /** Git revision whose synthesized stacks are the "before" side; the current tree otherwise. */
  readonly baseRevision?: string;
  /** Merge patch of the environment applied to both sides first (a variant to start from). */
  readonly commonPatch?: Record<string, unknown>;
  /** Merge patch of the environment that makes the "after" side: `--patch`, then `--phase`, then each `--set`. */
  readonly changePatch?: Record<string, unknown>;
  /** How the change reads in the report, for example `phase=2, capabilities.database.multiAz=true`. */
  readonly changeLabel: string;
  readonly format: OutputFormat;
  /** Stacks to report (with the stacks they read planned too); all when empty. */
  readonly stacks: readonly string[];
  /** Keep the temporary folders (stack folders, states, plans) and print where they are. */
  readonly keep: boolean;
  /** Plan stacks synthesized identically on both sides too (their baselines are built and checked). */
  readonly planUnchanged: boolean;
  /** A runbook file whose steps are previewed one after the other, each against the one before. */
  readonly runbook?: { readonly file: string; readonly content: unknown };
  /** With a runbook: only this step (against every step before it). */
  readonly step?: string;
  readonly help: boolean;
}

/** The usage text of `npm run preview`. */
export const USAGE = `Usage: npm run preview -- --env <environment> <change> [options]

Plans the environment offline with the real AWS provider and lists what a change would create, update, replace
and destroy, marking stateful resources. Nothing calls AWS. (docs/preview.md)

Change (at least one):
  --phase <n>               Shorthand for --set phase=<n>
  --set <path>=<value>      Set a configuration field of the environment; the value is JSON (true, 2, "x", null
                            deletes) or else a string. Repeatable: --set capabilities.database.multiAz=true
  --patch <file>            A JSON merge patch (RFC 7396) of the environment's configuration
  --base <git-rev>          Compare the current tree with the stacks this revision synthesizes
  --runbook <file>          Preview every step of a runbook (scripts/runbooks/), each against the step
                            before it; --step <name> previews one step only

Options:
  --start <file>            A merge patch applied to both sides first (preview a change of a variant)
  --stack <name>            Report only this stack (repeatable), for example --stack database
  --format text|markdown    Markdown prints a table per stack for a pull-request comment (default: text)
  --plan-unchanged          Plan stacks synthesized identically on both sides too (skipped otherwise: they
                            plan no changes by construction)
  --keep                    Keep the temporary Terraform folders and print where they are
  --help                    This text

Exit codes: 0 safe; 1 a stateful resource would be destroyed or replaced, prevent_destroy refuses the plan, or a
stack could not be planned; 2 usage or configuration error.`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `a.b.c=value` as a merge patch `{"a": {"b": {"c": value}}}`; the value is JSON if it parses, else a string. */
export function parseSet(assignment: string): Record<string, unknown> {
  const equals = assignment.indexOf("=");
  if (equals < 0) {
    throw new UsageError(
      `--set ${assignment}: expected <path>=<value>, for example --set capabilities.database.multiAz=true`,
    );
  }
  const path = assignment.slice(0, equals).trim();
  const text = assignment.slice(equals + 1);
  const keys = path.split(".");
  if (path === "" || keys.some((key) => key === "")) {
    throw new UsageError(`--set ${assignment}: the path "${path}" has an empty part; write fields joined by dots`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return keys.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as never);
}

/** Reads a JSON merge patch file for `flag`; throws UsageError naming the file and what to write instead. */
export function readPatchFile(flag: string, file: string, read: (file: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read the file (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: not JSON (${(error as Error).message}); write a JSON merge patch object`);
  }
  if (!isObject(parsed)) {
    throw new UsageError(
      `${flag} ${file}: expected a JSON object of the environment's fields, for example {"phase": 1}`,
    );
  }
  return parsed;
}

/**
 * Parses the arguments of `npm run preview` (without `node` and the script).
 *
 * @param environments the configured environment names, to reject a misspelt `--env` before anything runs
 * @param read reads a patch file (tests pass their own)
 * @throws UsageError naming the flag, the value and what to write instead.
 */
export function parseArgs(
  argv: readonly string[],
  environments: readonly string[],
  read: (file: string) => string = (file) => readFileSync(file, "utf8"),
): PreviewOptions {
  let environment: string | undefined;
  let baseRevision: string | undefined;
  let commonPatch: Record<string, unknown> | undefined;
  let patchFile: Record<string, unknown> | undefined;
  let phase: Record<string, unknown> | undefined;
  const sets: Record<string, unknown>[] = [];
  const labels: string[] = [];
  let format: OutputFormat = "text";
  const stacks: string[] = [];
  let keep = false;
  let planUnchanged = false;
  let help = false;
  let runbook: { file: string; content: unknown } | undefined;
  let step: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag}: expected a value after it`);
      i++;
      return next;
    };
    switch (flag) {
      case "--env":
        environment = value();
        break;
      case "--base":
        baseRevision = value();
        break;
      case "--phase": {
        const text = value();
        const n = Number(text);
        if (!Number.isInteger(n)) throw new UsageError(`--phase ${text}: expected a phase number such as 2`);
        phase = { phase: n };
        labels.push(`phase=${n}`);
        break;
      }
      case "--set": {
        const text = value();
        sets.push(parseSet(text));
        labels.push(text);
        break;
      }
      case "--patch": {
        const file = value();
        patchFile = readPatchFile("--patch", file, read);
        labels.unshift(`patch ${file}`);
        break;
      }
      case "--start":
        commonPatch = readPatchFile("--start", value(), read);
        break;
      case "--runbook": {
        const file = value();
        let text: string;
        try {
          text = read(file);
        } catch (error) {
          throw new UsageError(`--runbook ${file}: cannot read it (${(error as Error).message})`);
        }
        try {
          runbook = { file, content: JSON.parse(text) };
        } catch (error) {
          throw new UsageError(`--runbook ${file}: not JSON (${(error as Error).message})`);
        }
        break;
      }
      case "--step":
        step = value();
        break;
      case "--format": {
        const text = value();
        if (text !== "text" && text !== "markdown") {
          throw new UsageError(`--format ${text}: expected text or markdown`);
        }
        format = text;
        break;
      }
      case "--stack":
        stacks.push(value());
        break;
      case "--keep":
        keep = true;
        break;
      case "--plan-unchanged":
        planUnchanged = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(
          arg.startsWith("-")
            ? `${arg}: unknown flag; the flags are --env, --phase, --set, --patch, --base, --runbook, --step, --start, --stack, --format, --plan-unchanged, --keep, --help`
            : `${arg}: unexpected argument; flags take their value after them, for example --env production`,
        );
    }
  }
  const empty: PreviewOptions = { environment: "", changeLabel: "", format, stacks, keep, planUnchanged, help: true };
  if (help) return empty;
  if (!environment)
    throw new UsageError(`--env: missing; name the environment to preview (${environments.join(", ")})`);
  if (!environments.includes(environment)) {
    throw new UsageError(
      `--env ${environment}: not a configured environment; expected one of ${environments.join(", ")}`,
    );
  }
  const changes = [patchFile, phase, ...sets].filter((p): p is Record<string, unknown> => p !== undefined);
  if (step !== undefined && !runbook) throw new UsageError(`--step ${step}: only with --runbook <file>`);
  if (runbook) {
    if (changes.length > 0 || baseRevision || commonPatch) {
      throw new UsageError(
        "--runbook: its steps are the change; leave out --phase, --set, --patch, --base and --start",
      );
    }
    return {
      environment,
      changeLabel: `runbook ${runbook.file}`,
      format,
      stacks: stacks.map((s) => (s.startsWith(`${environment}-`) ? s : `${environment}-${s}`)),
      keep,
      planUnchanged,
      runbook,
      step,
      help: false,
    };
  }
  if (changes.length === 0 && !baseRevision) {
    throw new UsageError(
      "nothing to compare: give a change (--phase, --set, --patch), a revision (--base <git-rev>) or --runbook <file>",
    );
  }
  const changePatch =
    changes.length > 0
      ? (changes.reduce((a, b) => composePatches(a, b) as Record<string, unknown>, {}) as Record<string, unknown>)
      : undefined;
  const changeLabel = [baseRevision ? `current tree against ${baseRevision}` : "", ...labels]
    .filter(Boolean)
    .join(", ");
  return {
    environment,
    baseRevision,
    commonPatch,
    changePatch,
    changeLabel,
    format,
    stacks: stacks.map((s) => (s.startsWith(`${environment}-`) ? s : `${environment}-${s}`)),
    keep,
    planUnchanged,
    help: false,
  };
}
