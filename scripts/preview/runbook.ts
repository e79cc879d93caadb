import { join } from "node:path";
import { composePatches } from "../../config";
import { UsageError } from "./args";
import { CarriedState } from "./engine";
import { BaselineCache, PlanTimings } from "./environment";
import { PreviewReport } from "./report";
import { Synthesized } from "./synth";

/** One step of a runbook: a configuration change, previewed against the configuration of the step before. */
export interface RunbookStep {
  /** Short name, for `--step` and the report, for example `expand`. */
  readonly name: string;
  /** What the step does, in one line. */
  readonly summary: string;
  /** JSON merge patch of the environment, applied on top of every step before it. */
  readonly patch: Record<string, unknown>;
  /**
   * Merge patches applied after {@link patch} to one environment each, by name (production's protections).
   * @default {}
   */
  readonly patchFor?: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * Stateful resource types the step destroys on purpose (an Elastic IP released once nobody allow-lists it):
   * their destruction is reported, and does not make the step unsafe.
   * @default - none
   */
  readonly releases?: readonly string[];
}

/** A documented sequence of configuration changes (docs/phase2.md), each previewed on its own. */
export interface Runbook {
  /** What the runbook switches, for example `Phase 1 to Phase 2`. */
  readonly title: string;
  /** A merge patch applied before the first step: what the runbook needs in place (a domain). */
  readonly start: Record<string, unknown>;
  /**
   * Merge patches applied after {@link start} to one environment each, by name: what that environment's own
   * configuration needs besides (production drops the acknowledgement of serving plain HTTP once it has a domain).
   * @default {}
   */
  readonly startFor?: Readonly<Record<string, Record<string, unknown>>>;
  readonly steps: readonly RunbookStep[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks a parsed runbook file.
 * @throws UsageError naming the field, the value and what to write instead.
 */
export function parseRunbook(file: string, value: unknown): Runbook {
  const fail = (field: string, got: unknown, expected: string): never => {
    throw new UsageError(`--runbook ${file}: ${field}: got ${JSON.stringify(got)}; expected ${expected}`);
  };
  if (!isObject(value)) return fail("(file)", value, "an object { title, start, steps }");
  if (typeof value.title !== "string" || value.title === "") fail("title", value.title, "a title");
  if (value.start !== undefined && !isObject(value.start)) fail("start", value.start, "a JSON merge patch object");
  const startFor = value.startFor ?? {};
  if (!isObject(startFor) || !Object.values(startFor).every(isObject)) {
    fail("startFor", value.startFor, "an object of JSON merge patches by environment name");
  }
  if (!Array.isArray(value.steps) || value.steps.length === 0) fail("steps", value.steps, "a list of steps");
  const names = new Set<string>();
  const steps = (value.steps as unknown[]).map((step, i): RunbookStep => {
    if (!isObject(step)) return fail(`steps[${i}]`, step, "an object { name, summary, patch }");
    if (typeof step.name !== "string" || !/^[a-z][a-z0-9-]*$/.test(step.name)) {
      fail(`steps[${i}].name`, step.name, "a lowercase name such as expand");
    }
    if (names.has(step.name as string)) fail(`steps[${i}].name`, step.name, "a name no other step has");
    names.add(step.name as string);
    if (typeof step.summary !== "string" || step.summary === "") fail(`steps[${i}].summary`, step.summary, "a line");
    if (!isObject(step.patch)) fail(`steps[${i}].patch`, step.patch, "a JSON merge patch object");
    const patchFor = step.patchFor ?? {};
    if (!isObject(patchFor) || !Object.values(patchFor).every(isObject)) {
      fail(`steps[${i}].patchFor`, step.patchFor, "an object of JSON merge patches by environment name");
    }
    const releases = step.releases;
    if (releases !== undefined && !(Array.isArray(releases) && releases.every((r) => typeof r === "string"))) {
      fail(`steps[${i}].releases`, releases, 'a list of resource types, such as ["aws_eip"]');
    }
    return {
      name: step.name as string,
      summary: step.summary as string,
      patch: step.patch as Record<string, unknown>,
      patchFor: patchFor as Record<string, Record<string, unknown>>,
      releases: releases as string[] | undefined,
    };
  });
  return {
    title: value.title as string,
    start: (value.start as Record<string, unknown>) ?? {},
    startFor: startFor as Record<string, Record<string, unknown>>,
    steps,
  };
}

/** The configuration patch of `environment` in force after each step (index 0: the start, before any step). */
export function stepPatches(runbook: Runbook, environment: string): Record<string, unknown>[] {
  const patches = [composePatches(runbook.start, runbook.startFor?.[environment] ?? {}) as Record<string, unknown>];
  for (const step of runbook.steps) {
    const own = composePatches(step.patch, step.patchFor?.[environment] ?? {});
    patches.push(composePatches(patches.at(-1)!, own) as Record<string, unknown>);
  }
  return patches;
}

/** A step's preview, with the reasons its releases excuse taken out of the verdict. */
export interface StepReport {
  readonly step: RunbookStep;
  readonly report: PreviewReport;
  /** Stateful resources the step destroys on purpose ({@link RunbookStep.releases}). */
  readonly released: readonly string[];
  readonly timings: PlanTimings;
}

/** The report of a step, where a destruction the step declares ({@link RunbookStep.releases}) is not unsafe. */
export function judgeStep(step: RunbookStep, report: PreviewReport, timings: PlanTimings): StepReport {
  const releases = step.releases ?? [];
  const released = report.stacks.flatMap((s) =>
    s.items
      .filter((item) => item.action === "delete" && !item.refused && releases.includes(item.type))
      .map((item) => `${s.stack}: ${item.address}`),
  );
  const reasons = report.reasons.filter(
    (reason) => !released.some((r) => reason.startsWith(`${r.split(": ")[0]}: stateful ${r.split(": ")[1]} `)),
  );
  return {
    step,
    report: { ...report, reasons, exitCode: reasons.length > 0 ? 1 : 0 },
    released,
    timings,
  };
}

/** What previewing a runbook needs from the preview: synthesis of a patch, and the comparison of two sides. */
export interface RunbookRunner {
  readonly synthesize: (label: string, dir: string, patch: Record<string, unknown>) => Promise<Synthesized>;
  readonly compare: (
    before: Synthesized,
    after: Synthesized,
    label: string,
    workDir: string,
    baselines: BaselineCache,
    carried: Map<string, CarriedState>,
  ) => Promise<{ report: PreviewReport; timings: PlanTimings }>;
}

/**
 * Previews every step of a runbook (or only `only`) for one environment: each step's configuration against the
 * one before it. Each configuration is synthesized once, and baselines are shared between the steps.
 */
export async function previewRunbook(
  runbook: Runbook,
  environment: string,
  runner: RunbookRunner,
  workDir: string,
  only?: string,
  onStep: (step: StepReport) => void = () => {},
): Promise<StepReport[]> {
  const patches = stepPatches(runbook, environment);
  const wanted = only === undefined ? runbook.steps.map((s) => s.name) : [only];
  if (only !== undefined && !runbook.steps.some((s) => s.name === only)) {
    throw new UsageError(
      `--step ${only}: not a step of the runbook; expected one of ${runbook.steps.map((s) => s.name).join(", ")}`,
    );
  }
  const synthesized = new Map<number, Promise<Synthesized>>();
  const synth = (i: number) => {
    if (!synthesized.has(i)) {
      const label = i === 0 ? "the runbook's start" : `after step ${runbook.steps[i - 1].name}`;
      synthesized.set(i, runner.synthesize(label, join(workDir, `synth-${i}`), patches[i]));
    }
    return synthesized.get(i)!;
  };
  const baselines: BaselineCache = new Map();
  // What each step's changed plans leave is where the next step starts: its baselines confirm it in one plan.
  const carried = new Map<string, CarriedState>();
  const reports: StepReport[] = [];
  for (const [i, step] of runbook.steps.entries()) {
    if (!wanted.includes(step.name)) continue;
    const [before, after] = await Promise.all([synth(i), synth(i + 1)]);
    const label = `step ${i + 1}/${runbook.steps.length} ${step.name}: ${step.summary}`;
    const stepDir = join(workDir, `step-${i + 1}`);
    const { report, timings } = await runner.compare(before, after, label, stepDir, baselines, carried);
    reports.push(judgeStep(step, report, timings));
    onStep(reports.at(-1)!);
  }
  return reports;
}
