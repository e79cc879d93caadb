import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ResourceSchemas } from "../terraform/schema";
import { CommandResult, terraform } from "../terraform/run";
import { StackJson, emptyStackJson, offlineStackJson, preventDestroyOverride, stackRegion } from "./offline";
import {
  PlanJson,
  ResourceChange,
  StateInstances,
  applyPlanned,
  pendingChanges,
  plannedOutputs,
  expectedOutputs,
  resolveReferences,
  stateFile,
} from "./state";

/** Rounds of plan-and-fill before a baseline that still plans changes is given up. */
export const MAX_BASELINE_ROUNDS = 5;

/** Where Terraform runs and with what. */
export interface PlanContext {
  /** Holds `.terraform/providers` and `.terraform.lock.hcl` from one `terraform init`, linked into every folder. */
  readonly providersDir: string;
  /** Folder for this run's stack folders and upstream state files. */
  readonly workDir: string;
  readonly schemas: ResourceSchemas;
  readonly terraformVersion: string;
  /** The EC2 endpoint every provider is pointed at: the preview's local stand-in (`ec2-stub.ts`). */
  readonly ec2Endpoint?: string;
}

/** The state of the current configuration of one stack, built from its own plans. */
export interface Baseline {
  readonly stack: string;
  /** Plan-and-fill rounds until the current configuration planned no changes (0 for a stack with no "before"). */
  readonly rounds: number;
  /** Set when the baseline did not converge: what the current configuration still planned to change. */
  readonly diff?: readonly string[];
  /** Anything that stopped Terraform, with its output. */
  readonly error?: string;
  /** The resource instances of the state. */
  readonly state: StateInstances;
  /** Outputs of the baseline, for the stacks that read them. */
  readonly outputs: Record<string, unknown>;
  readonly seconds: number;
}

/** The state a stack would be in after its changed plan were applied: the next runbook step's starting point. */
export interface CarriedState {
  /** The configuration the state is of (the changed side's stack). */
  readonly json: StackJson;
  readonly state: StateInstances;
  readonly outputs: Record<string, unknown>;
}

/**
 * What applying `plan` to `baseline` would leave: planned values taken as applied, unknowns filled with
 * placeholders and plain references resolved, as {@link buildBaseline} does round by round.
 */
export function carryState(ctx: PlanContext, baseline: Baseline, plan: PlanJson, after: StackJson): CarriedState {
  const state = structuredClone(baseline.state);
  applyPlanned(state, plan, ctx.schemas, stackRegion(after));
  resolveReferences(state, after.resource);
  return { json: after, state, outputs: expectedOutputs(after.output, plan, state) };
}

/** The outcome of planning one stack: its baseline and the changed configuration's plan against it. */
export interface StackPlan {
  readonly stack: string;
  readonly baseline: Baseline;
  /** The changed configuration's plan against the baseline. */
  readonly plan?: PlanJson;
  /** Resources whose `lifecycle.prevent_destroy` refused the plan. */
  readonly refused: readonly string[];
  /** Anything that stopped Terraform, with its output. */
  readonly error?: string;
  /** Outputs of the changed plan, for the changed plans of the stacks that read them. */
  readonly outputs: Record<string, unknown>;
  /** Seconds spent on the plan of the change. */
  readonly seconds: number;
  /**
   * Synthesized identically on both sides, so not planned: against its own baseline, with the same upstream
   * outputs on both sides, its configuration plans no changes by construction.
   */
  readonly unchanged?: boolean;
}

/** The plan of a stack synthesized identically on both sides ({@link StackPlan.unchanged}). */
export function unchangedPlan(stack: string): StackPlan {
  const baseline: Baseline = { stack, rounds: 0, state: new Map(), outputs: {}, seconds: 0 };
  return { stack, baseline, plan: { resource_changes: [] }, refused: [], outputs: {}, seconds: 0, unchanged: true };
}

function prepareFolder(ctx: PlanContext, dir: string, json: StackJson, remoteState: (s: string) => string): void {
  mkdirSync(join(dir, ".terraform"), { recursive: true });
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify(offlineStackJson(json, remoteState, ctx.ec2Endpoint), null, 1),
  );
  // No `terraform init` per folder: there is no backend to configure, and the providers are the same everywhere.
  if (!existsSync(join(dir, ".terraform", "providers"))) {
    symlinkSync(join(ctx.providersDir, ".terraform", "providers"), join(dir, ".terraform", "providers"));
  }
  copyFileSync(join(ctx.providersDir, ".terraform.lock.hcl"), join(dir, ".terraform.lock.hcl"));
}

function failure(what: string, result: CommandResult): string {
  return `${what} failed (exit ${result.code}):\n${`${result.stderr}\n${result.stdout}`.trim()}`;
}

/**
 * `terraform plan -refresh=false` then `terraform show -json` of the plan. With `unlessNoChanges`, a plan without
 * changes (`-detailed-exitcode` 0) is not shown: its JSON would only say so, and `show` costs as much as a plan.
 */
async function planJson(
  dir: string,
  env: NodeJS.ProcessEnv,
  unlessNoChanges = false,
): Promise<{ plan?: PlanJson; noChanges?: boolean; result: CommandResult }> {
  const args = ["plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.bin"];
  const result = await terraform(unlessNoChanges ? [...args, "-detailed-exitcode"] : args, dir, env);
  if (unlessNoChanges && result.code === 0) return { noChanges: true, result };
  if (result.code !== 0 && !(unlessNoChanges && result.code === 2)) return { result };
  const shown = await terraform(["show", "-json", "plan.bin"], dir, env);
  if (shown.code !== 0) return { result: shown };
  return { plan: JSON.parse(shown.stdout) as PlanJson, result };
}

// Terraform wraps its error text at 78 columns, so the words may be split by a line break.
const REFUSED = /Resource (\S+) has\s+lifecycle\.prevent_destroy\s+set/g;

function describeChange(rc: ResourceChange): string {
  return `${rc.change.actions.join("/")} ${rc.address}`;
}

function hasContent(stack: StackJson | undefined): stack is StackJson {
  return !!stack && Object.keys(stack.resource ?? {}).length + Object.keys(stack.output ?? {}).length > 0;
}

/**
 * Builds the state of the current configuration of one stack in `<workDir>/before/<stack>`: plan from an empty
 * state, take the planned values as applied (unknowns filled with placeholders, plain references resolved), and
 * plan again, until the configuration plans no changes or {@link MAX_BASELINE_ROUNDS} rounds have passed.
 */
export async function buildBaseline(
  ctx: PlanContext,
  stack: string,
  before: StackJson | undefined,
  remoteState: (upstream: string) => string,
  env: NodeJS.ProcessEnv,
  initial?: CarriedState,
): Promise<Baseline> {
  const started = Date.now();
  // From a state carried over from the step before (a runbook), the first plan usually confirms it as it is.
  const state: StateInstances = initial ? structuredClone(initial.state) : new Map();
  const done = (rest: { rounds: number; outputs?: Record<string, unknown>; diff?: string[]; error?: string }) => ({
    stack,
    state,
    outputs: {},
    ...rest,
    seconds: (Date.now() - started) / 1000,
  });
  if (!hasContent(before)) return done({ rounds: 0 });
  const dir = join(ctx.workDir, "before", stack);
  prepareFolder(ctx, dir, before, remoteState);
  // The baseline is not what is judged: a placeholder that resolves into a forced replacement must not stop it.
  const lifted = preventDestroyOverride(before);
  if (lifted) writeFileSync(join(dir, "preview_override.tf.json"), JSON.stringify(lifted));
  const region = stackRegion(before);
  let outputs: Record<string, unknown> = initial ? { ...initial.outputs } : {};
  for (let rounds = 0; ; rounds++) {
    const text = stateFile(state, outputs, ctx.schemas, rounds + 1, ctx.terraformVersion);
    writeFileSync(join(dir, "terraform.tfstate"), text);
    const { plan, noChanges, result } = await planJson(dir, env, true);
    if (noChanges) return done({ rounds, outputs });
    if (!plan) return done({ rounds, error: failure(`terraform plan of the current ${stack}`, result) });
    const pending = pendingChanges(plan);
    if (rounds === MAX_BASELINE_ROUNDS) {
      return done({ rounds, outputs: plannedOutputs(plan), diff: pending.map(describeChange) });
    }
    applyPlanned(state, plan, ctx.schemas, region);
    resolveReferences(state, before.resource);
    outputs = expectedOutputs(before.output, plan, state);
  }
}

/**
 * Plans the changed configuration of one stack against its baseline, in `<workDir>/after/<stack>`. A plan refused
 * by `prevent_destroy` is planned once more with it lifted, to list what it would have done. `after` undefined (a
 * stack the changed side does not synthesize) is planned as the stack without resources.
 */
export async function planChange(
  ctx: PlanContext,
  baseline: Baseline,
  before: StackJson | undefined,
  after: StackJson | undefined,
  remoteState: (upstream: string) => string,
  env: NodeJS.ProcessEnv,
): Promise<StackPlan> {
  const started = Date.now();
  const stack = baseline.stack;
  const dir = join(ctx.workDir, "after", stack);
  prepareFolder(ctx, dir, after ?? emptyStackJson((before ?? after)!), remoteState);
  writeFileSync(
    join(dir, "terraform.tfstate"),
    stateFile(baseline.state, baseline.outputs, ctx.schemas, baseline.rounds + 2, ctx.terraformVersion),
  );
  let { plan, result } = await planJson(dir, env);
  const refused = [...`${result.stderr}\n${result.stdout}`.matchAll(REFUSED)].map((m) => m[1]);
  const lifted = after && preventDestroyOverride(after);
  if (!plan && refused.length > 0 && lifted) {
    writeFileSync(join(dir, "preview_override.tf.json"), JSON.stringify(lifted));
    ({ plan, result } = await planJson(dir, env));
  }
  const seconds = (Date.now() - started) / 1000;
  // What the stack's readers see after the change: its planned outputs (placeholders where only apply knows).
  const outputs = plan && after ? plannedOutputs(plan, after.output, stackRegion(after)) : {};
  if (!plan)
    return {
      stack,
      baseline,
      refused,
      outputs,
      seconds,
      error: failure(`terraform plan of the changed ${stack}`, result),
    };
  return { stack, baseline, plan, refused, outputs, seconds };
}
