/**
 * `npm run preview`: what a configuration change (or the current tree against a git revision) would do to an
 * environment, planned offline with the real AWS provider (docs/preview.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PROJECT, composePatches } from "../../config";
import { terraformProcessEnv } from "../terraform/run";
import { PreviewOptions, USAGE, UsageError, parseArgs } from "./args";
import { CarriedState, unchangedPlan } from "./engine";
import { BaselineCache, PlanTimings, planEnvironment, sortByDependencies } from "./environment";
import { upstreamStacks } from "./offline";
import { PreviewReport, buildReport, counts, formatMarkdown, formatText } from "./report";
import { StepReport, parseRunbook, previewRunbook } from "./runbook";
import { RevisionTree, SynthError, Synthesized, checkoutRevision, synthesize } from "./synth";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** Independent stacks planned at once: one per core of the machines this runs on (2). */
const CONCURRENCY = 2;

/** The stacks to plan for `--stack`: those named and every stack they read outputs from, transitively. */
function withUpstreams(names: readonly string[], sides: readonly Synthesized[]): Set<string> {
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const side of sides) {
      const json = side.stacks.get(name);
      if (json) upstreamStacks(json).forEach(visit);
    }
  };
  names.forEach(visit);
  return wanted;
}

function only<T>(stacks: ReadonlyMap<string, T>, wanted: Set<string> | undefined): Map<string, T> {
  return new Map([...stacks].filter(([name]) => !wanted || wanted.has(name)));
}

/** What {@link compare} compares and where. */
export interface CompareOptions {
  /** The environment both sides synthesize. */
  readonly environment: string;
  /** How the change reads in the report. */
  readonly label: string;
  /** Stacks to report (with the stacks they read planned too); all when empty. */
  readonly stacks: readonly string[];
  /** Plan stacks synthesized identically on both sides too. */
  readonly planUnchanged: boolean;
  /** Folder for the stack folders, states and plans. */
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Baselines already built, by stack configuration and upstream outputs (a runbook's steps share them). */
  readonly baselines?: BaselineCache;
  /** States carried from the step before (a runbook), where each changed plan here carries its own. */
  readonly carried?: Map<string, CarriedState>;
}

/**
 * Plans the stacks that differ between two synthesized sides of one environment (and the stacks they read) and
 * reports what the change does; stacks identical on both sides, whose upstreams are identical too, are reported
 * unchanged without a plan.
 */
export async function compare(
  before: Synthesized,
  after: Synthesized,
  options: CompareOptions,
): Promise<{ report: PreviewReport; timings: PlanTimings }> {
  for (const name of options.stacks) {
    if (!before.stacks.has(name) && !after.stacks.has(name)) {
      const known = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])].join(", ");
      throw new UsageError(`--stack ${name}: not a stack of ${options.environment}; expected one of ${known}`);
    }
  }
  const names = [...new Set([...before.stacks.keys(), ...after.stacks.keys()])];
  const reported = options.stacks.length > 0 ? options.stacks : names;
  const differs = (name: string) => JSON.stringify(before.stacks.get(name)) !== JSON.stringify(after.stacks.get(name));
  // A stack synthesized identically on both sides, whose upstream stacks are all identical too, plans no changes
  // by construction; the others (and the stacks whose outputs they read) are planned, unless --plan-unchanged
  // asks for every reported stack. A changed upstream can hand an identical stack other values.
  const changedOrFed = (name: string) =>
    [...withUpstreams([name], [before, after])].some((upstream) => differs(upstream));
  const toPlan = reported.filter((name) => options.planUnchanged || changedOrFed(name));
  const wanted = withUpstreams(toPlan, [before, after]);
  const { plans, timings } = await planEnvironment(
    only(before.stacks, wanted),
    only(after.stacks, wanted),
    options.workDir,
    terraformProcessEnv(options.env),
    CONCURRENCY,
    new Set(toPlan),
    options.baselines,
    options.planUnchanged,
    options.carried,
  );
  plans.push(...reported.filter((name) => !toPlan.includes(name)).map(unchangedPlan));
  sortByDependencies(plans, before.stacks, after.stacks);
  const report = buildReport(options.environment, options.label, plans, before.stacks, after.stacks);
  return { report, timings };
}

/** Runs a preview and returns the exit code; the report goes to standard output. */
export async function preview(options: PreviewOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "preview-"));
  let revision: RevisionTree | undefined;
  // Ctrl-C: the worktree and the temporary folders go too (the provider processes stop with this process).
  const interrupted = () => {
    revision?.remove();
    if (!options.keep) rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  try {
    if (options.runbook) {
      const code = await runRunbook(options, work, env, started);
      if (options.keep) console.log(`Kept: ${work}`);
      return code;
    }
    const afterPatch =
      options.commonPatch || options.changePatch
        ? (composePatches(options.commonPatch ?? {}, options.changePatch ?? {}) as Record<string, unknown>)
        : undefined;
    if (options.baseRevision) revision = checkoutRevision(PROJECT_ROOT, options.baseRevision, join(work, "base-tree"));
    const [before, after] = await Promise.all([
      revision
        ? synthesize(
            `revision ${options.baseRevision}`,
            revision.dir,
            join(work, "synth-before"),
            options.environment,
            options.commonPatch,
            env,
          )
        : synthesize(
            "the current configuration",
            PROJECT_ROOT,
            join(work, "synth-before"),
            options.environment,
            options.commonPatch,
            env,
          ),
      synthesize(
        "the changed configuration",
        PROJECT_ROOT,
        join(work, "synth-after"),
        options.environment,
        afterPatch,
        env,
      ),
    ]);
    const synthSeconds = (Date.now() - started) / 1000;
    const { report, timings } = await compare(before, after, {
      environment: options.environment,
      label: options.changeLabel,
      stacks: options.stacks,
      planUnchanged: options.planUnchanged,
      workDir: work,
      env,
    });
    const total = (Date.now() - started) / 1000;
    const timingText =
      `synth ${synthSeconds.toFixed(1)} s, Terraform setup ${timings.setup.toFixed(1)} s, providers ` +
      `${timings.providers.toFixed(1)} s, stacks ${timings.stacks.toFixed(1)} s (${CONCURRENCY} at a time), total ${total.toFixed(1)} s`;
    console.log(options.format === "markdown" ? formatMarkdown(report, timingText) : formatText(report, timingText));
    if (options.keep) console.log(`Kept: ${work}`);
    return report.exitCode;
  } finally {
    process.removeListener("SIGINT", interrupted);
    revision?.remove();
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

/** `--runbook`: every step (or `--step`), each against the step before; prints each step, then a summary. */
async function runRunbook(
  options: PreviewOptions,
  work: string,
  env: NodeJS.ProcessEnv,
  started: number,
): Promise<number> {
  const runbook = parseRunbook(options.runbook!.file, options.runbook!.content);
  const format = options.format === "markdown" ? formatMarkdown : formatText;
  // Each step is printed as soon as it is planned: a whole runbook takes minutes.
  const print = ({ report, released, timings }: StepReport) => {
    console.log(format(report, `stacks ${timings.stacks.toFixed(1)} s (${CONCURRENCY} at a time)`));
    for (const r of released) console.log(`Released on purpose (the step's releases): ${r}`);
    console.log("");
  };
  const steps = await previewRunbook(
    runbook,
    options.environment,
    {
      synthesize: (label, dir, patch) => synthesize(label, PROJECT_ROOT, dir, options.environment, patch, env),
      compare: (before, after, label, workDir, baselines, carried) =>
        compare(before, after, {
          environment: options.environment,
          label,
          stacks: options.stacks,
          planUnchanged: options.planUnchanged,
          workDir,
          env,
          baselines,
          carried,
        }),
    },
    work,
    options.step,
    print,
  );
  console.log(`Runbook ${runbook.title}, ${options.environment}:`);
  for (const { step, report } of steps) {
    console.log(`  ${step.name}: ${counts(report)}; ${report.exitCode === 0 ? "safe" : "NOT SAFE"}`);
  }
  console.log(`Total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return steps.some((s) => s.report.exitCode !== 0) ? 1 : 0;
}

async function main(): Promise<number> {
  let options: PreviewOptions;
  try {
    options = parseArgs(
      process.argv.slice(2),
      PROJECT.environments.map((e) => e.name),
    );
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    return await preview(options);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof SynthError) {
      console.error(error.configuration ? `${error.side}:\n${error.output}` : error.message);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
