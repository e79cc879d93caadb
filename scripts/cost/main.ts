import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_NAMES, composePatches } from "../../config";
import { parseSet, readPatchFile } from "../preview/args";
import { SynthError } from "../preview/synth";
import { CostChange, runDelta } from "./delta";
import { EnvironmentEstimate, environmentsIn, estimate } from "./estimate";
import { COMPARED_ENVIRONMENT, withPhases } from "./phases";
import {
  PhaseEstimate,
  renderDeltaJson,
  renderDeltaMarkdown,
  renderDeltaText,
  renderMarkdown,
  renderText,
} from "./render";
import { resolveUsage } from "./usage";

/** Parsed command line of `npm run cost`. */
export interface CostArgs {
  readonly outdir: string;
  readonly environments: readonly string[];
  readonly format: "text" | "markdown" | "json";
  readonly usageFile?: string;
  readonly twelveMonthFreeTier: boolean;
  /** Write the report to this file instead of standard output. */
  readonly write?: string;
  /**
   * Price this change of the one `--env` against its current configuration (`--phase`, `--set`, `--patch`).
   * @default - no change: estimate what `outdir` holds
   */
  readonly change?: CostChange;
  /**
   * Add the totals of production in each phase this version builds, per stack (synthesized apart from `outdir`).
   * @default false
   */
  readonly phases: boolean;
}

const USAGE = `npm run cost -- [--env production[,test]] [--format text|markdown|json] [--usage usage.json]
                    [--twelve-month-free-tier] [--outdir cdktf.out] [--phases] [--write docs/cost.md]
       npm run cost -- --env production [--phase 2] [--set <path>=<json>]... [--patch change.json]
                    [--format text|markdown|json] [--usage usage.json] [--twelve-month-free-tier]
  A change (--phase n, --set capabilities.database.multiAz=true, --patch with a JSON merge patch of the
  environment) prints the difference it makes, item by item; both sides are synthesized from the current tree.
  --phases adds production's totals per stack in each phase this version builds.
  Phase 2 needs a domain: --phase 2 --patch scripts/cost/with-domain.json [--set dns.domainName=<yours>].`;

/** Parses `argv`; throws naming the flag, the value and the fix. */
export function parseCostArgs(
  argv: readonly string[],
  read: (file: string) => string = (file) => readFileSync(file, "utf8"),
): CostArgs {
  let outdir = "cdktf.out";
  let environments: string[] = [];
  let format: CostArgs["format"] = "text";
  let usageFile: string | undefined;
  let twelveMonthFreeTier = false;
  let write: string | undefined;
  let phases = false;
  let patchFile: Record<string, unknown> | undefined;
  let phase: Record<string, unknown> | undefined;
  const sets: Record<string, unknown>[] = [];
  const labels: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value. Usage: ${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--outdir":
        outdir = value();
        break;
      case "--env":
        environments = value().split(",").filter(Boolean);
        break;
      case "--format": {
        const f = value();
        if (f !== "text" && f !== "markdown" && f !== "json") {
          throw new Error(`--format ${f}: expected text, markdown or json`);
        }
        format = f;
        break;
      }
      case "--usage":
        usageFile = value();
        break;
      case "--write":
        write = value();
        break;
      case "--twelve-month-free-tier":
        twelveMonthFreeTier = true;
        break;
      case "--phases":
        phases = true;
        break;
      case "--phase": {
        const text = value();
        const n = Number(text);
        if (!Number.isInteger(n)) throw new Error(`--phase ${text}: expected a phase number such as 2`);
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
      default:
        throw new Error(`unknown flag ${flag}. Usage: ${USAGE}`);
    }
  }
  for (const env of environments) {
    if (!(ENVIRONMENT_NAMES as readonly string[]).includes(env)) {
      throw new Error(`--env ${env}: not an environment; use ${ENVIRONMENT_NAMES.join(", ")}`);
    }
  }
  const changes = [patchFile, phase, ...sets].filter((p): p is Record<string, unknown> => p !== undefined);
  if (changes.length > 0 && environments.length !== 1) {
    throw new Error(
      `${labels.join(", ")}: a change is priced for one environment; add --env <name> (${ENVIRONMENT_NAMES.join(", ")})`,
    );
  }
  const change: CostChange | undefined =
    changes.length > 0
      ? {
          patch: changes.reduce((a, b) => composePatches(a, b) as Record<string, unknown>, {}),
          label: labels.join(", "),
        }
      : undefined;
  if (change && phases) throw new Error(`--phases: not with a change (${change.label}); run them one at a time`);
  return { outdir, environments, format, usageFile, twelveMonthFreeTier, write, change, phases };
}

/** Estimates every selected environment synthesized in `args.outdir`. */
export function runCost(args: CostArgs): EnvironmentEstimate[] {
  if (!existsSync(join(args.outdir, "manifest.json"))) {
    throw new Error(`no ${args.outdir}/manifest.json: run npm run synth first (or pass --outdir)`);
  }
  const available = environmentsIn(args.outdir, ENVIRONMENT_NAMES);
  const environments = args.environments.length > 0 ? args.environments : available;
  for (const env of environments) {
    if (!available.includes(env))
      throw new Error(`--env ${env}: not synthesized in ${args.outdir}; synthesize it first`);
  }
  const usage = resolveUsage(environments, args.usageFile);
  return environments.map((env) =>
    estimate(args.outdir, env, usage[env], { twelveMonthFreeTier: args.twelveMonthFreeTier }),
  );
}

/**
 * Renders estimates in the requested format; with `phases`, their totals too (JSON is then
 * `{ environments, phases }` instead of the list of estimates).
 */
export function render(
  estimates: readonly EnvironmentEstimate[],
  format: CostArgs["format"],
  phases?: readonly PhaseEstimate[],
): string {
  if (format === "json") {
    if (!phases) return JSON.stringify(estimates, null, 2);
    const totals = phases.map((p) => ({
      label: p.label,
      totalUsd: p.estimate.totalUsd,
      stackTotals: p.estimate.stackTotals,
    }));
    return JSON.stringify({ environments: estimates, phases: totals }, null, 2);
  }
  return format === "markdown" ? renderMarkdown(estimates, undefined, phases) : renderText(estimates, phases);
}

/** Production estimated in each phase this version builds, at the assumptions of `args`. */
export async function estimatePhases(args: CostArgs): Promise<PhaseEstimate[]> {
  const usage = resolveUsage([...new Set([...args.environments, COMPARED_ENVIRONMENT])], args.usageFile);
  return withPhases((sides) =>
    sides.map((side) => ({
      label: side.label,
      ...(side.baseline ? { baseline: side.baseline } : {}),
      estimate: estimate(side.outdir, side.environment, usage[side.environment], {
        twelveMonthFreeTier: args.twelveMonthFreeTier,
      }),
    })),
  );
}

/** The report of `args`: the estimates of `outdir`, or with a change, the difference it makes. */
export async function report(args: CostArgs): Promise<string> {
  if (!args.change) {
    const estimates = runCost(args);
    return `${render(estimates, args.format, args.phases ? await estimatePhases(args) : undefined)}\n`;
  }
  const [environment] = args.environments;
  const usage = resolveUsage([environment], args.usageFile)[environment];
  const delta = await runDelta(environment, args.change, usage, { twelveMonthFreeTier: args.twelveMonthFreeTier });
  if (args.format === "json") return `${renderDeltaJson(delta)}\n`;
  return args.format === "markdown" ? `${renderDeltaMarkdown(delta)}\n` : renderDeltaText(delta);
}

if (require.main === module) {
  (async () => {
    const args = parseCostArgs(process.argv.slice(2));
    const text = await report(args);
    if (args.write) {
      writeFileSync(args.write, text);
      console.log(`wrote ${args.write}`);
    } else {
      process.stdout.write(text);
    }
  })().catch((error: Error) => {
    // A side that does not synthesize prints the app's own message (a configuration error names field and fix).
    console.error(error instanceof SynthError ? `${error.side}:\n${error.output}` : error.message);
    process.exit(2);
  });
}
