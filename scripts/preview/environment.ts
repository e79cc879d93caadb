import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ProviderServers, startProviderServers } from "../terraform/provider-server";
import { ResourceSchemas, cachedResourceSchemas, RESOURCE_SCHEMA_CACHE_FORMAT } from "../terraform/schema";
import { terraform } from "../terraform/run";
import { startEc2Stub } from "./ec2-stub";
import {
  Baseline,
  CarriedState,
  PlanContext,
  StackPlan,
  buildBaseline,
  carryState,
  planChange,
  unchangedPlan,
} from "./engine";
import { StackJson, offlineProviderEnv, upstreamStacks } from "./offline";
import { jsonType, stateFile } from "./state";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** The stacks of one environment on one side of the comparison, by stack name. */
export type SynthesizedStacks = ReadonlyMap<string, StackJson>;

/**
 * Baselines already built, keyed by the stack's name, its configuration and the upstream outputs it read: the
 * steps of a runbook share most of them.
 */
export type BaselineCache = Map<string, Baseline>;

/** What planning an environment took, in seconds. */
export interface PlanTimings {
  /** `terraform init` of the shared providers folder (once per provider set, then reused) and the schema. */
  readonly setup: number;
  /** Starting the provider processes. */
  readonly providers: number;
  /** All stacks, from the first plan to the last. */
  readonly stacks: number;
}

/**
 * Installs the providers the stacks require into a folder under `.terraform-cli/preview-providers/`, kept between
 * runs (keyed by the requirements), and returns it with the providers' resource schemas.
 */
async function prepareProviders(
  stacks: readonly StackJson[],
  env: NodeJS.ProcessEnv,
  terraformVersion: string,
): Promise<{ providersDir: string; schemas: ResourceSchemas }> {
  const required: Record<string, unknown> = {};
  for (const stack of stacks) Object.assign(required, stack.terraform?.required_providers);
  const text = JSON.stringify({ terraform: { required_providers: required } }, null, 2);
  const key = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const providersDir = join(PROJECT_ROOT, ".terraform-cli", "preview-providers", key);
  if (!existsSync(join(providersDir, ".terraform.lock.hcl"))) {
    mkdirSync(providersDir, { recursive: true });
    writeFileSync(join(providersDir, "main.tf.json"), text);
    const init = await terraform(["init", "-input=false", "-no-color"], providersDir, env);
    if (init.code !== 0) {
      throw new Error(
        `terraform init of the providers failed:\n${init.stderr}\n${init.stdout}\nOffline, set TF_PROVIDER_MIRROR ` +
          "to a filesystem mirror holding registry.terraform.io/hashicorp/aws (scripts/terraform-cli-config.ts).",
      );
    }
  }
  const cacheFile = join(
    PROJECT_ROOT,
    ".terraform-cli",
    "schemas",
    `preview-${key}_terraform-${terraformVersion}_v${RESOURCE_SCHEMA_CACHE_FORMAT}.json`,
  );
  const schemas = await cachedResourceSchemas(cacheFile, async () => {
    const result = await terraform(["providers", "schema", "-json"], providersDir, env);
    if (result.code !== 0) throw new Error(`terraform providers schema failed:\n${result.stderr}`);
    return result.stdout;
  });
  return { providersDir, schemas };
}

/** The version of the `terraform` on the PATH. */
export async function terraformVersion(env: NodeJS.ProcessEnv): Promise<string> {
  const result = await terraform(["version", "-json"], PROJECT_ROOT, env);
  if (result.code !== 0) throw new Error(`terraform version failed: ${result.stderr}`);
  return String((JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version);
}

/**
 * Plans every stack of an environment, `before` against `after` (docs/preview.md), in dependency order and
 * `concurrency` stacks at a time. Each lane has its own provider process: real plans configure the provider, and
 * a process keeps the configuration of the last command that configured it.
 *
 * @param report the stacks whose change is planned and returned; the others only get the baseline their readers
 *   need (all stacks when undefined)
 * @param cache baselines built by an earlier call, reused when the stack and what it reads are the same
 * @param planIdentical plan a stack synthesized identically on both sides even when its upstreams' outputs are
 *   unchanged too (otherwise it is reported unchanged without a plan)
 * @param carried states carried over from the step before (a runbook): a stack's baseline starts from its
 *   carried state when that is of the same configuration; each changed plan here carries its own into the map
 */
export async function planEnvironment(
  before: SynthesizedStacks,
  after: SynthesizedStacks,
  workDir: string,
  env: NodeJS.ProcessEnv,
  concurrency: number,
  report?: ReadonlySet<string>,
  cache?: BaselineCache,
  planIdentical = false,
  carried?: Map<string, CarriedState>,
): Promise<{ plans: StackPlan[]; timings: PlanTimings }> {
  if (before.size + after.size === 0) return { plans: [], timings: { setup: 0, providers: 0, stacks: 0 } };
  const setupStarted = Date.now();
  const version = await terraformVersion(env);
  const { providersDir, schemas } = await prepareProviders([...before.values(), ...after.values()], env, version);
  const setup = (Date.now() - setupStarted) / 1000;

  const providersStarted = Date.now();
  const logDir = join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const lanes = Math.max(1, Math.min(concurrency, names.length));
  const servers: ProviderServers[] = await Promise.all(
    Array.from({ length: lanes }, (_, i) => {
      const laneLogs = join(logDir, `lane-${i}`);
      mkdirSync(laneLogs, { recursive: true });
      return startProviderServers(providersDir, offlineProviderEnv(env), laneLogs);
    }),
  );
  const providers = (Date.now() - providersStarted) / 1000;

  const stacksStarted = Date.now();
  const ec2 = await startEc2Stub();
  const ctx: PlanContext = { providersDir, workDir, schemas, terraformVersion: version, ec2Endpoint: ec2.url };
  // Baselines read the upstreams' baseline outputs; changed plans read the upstreams' changed outputs, so that
  // a renamed or new output, or a value a change gives it, reaches the stacks that read it.
  const remoteDirs = { before: join(workDir, "remote-state", "before"), after: join(workDir, "remote-state", "after") };
  for (const dir of Object.values(remoteDirs)) mkdirSync(dir, { recursive: true });
  const remoteBefore = (upstream: string) => join(remoteDirs.before, `${upstream}.tfstate`);
  const remoteAfter = (upstream: string) => join(remoteDirs.after, `${upstream}.tfstate`);
  const emptyState = (upstream: string) => {
    for (const path of [remoteBefore(upstream), remoteAfter(upstream)]) {
      if (!existsSync(path)) writeFileSync(path, stateFile(new Map(), {}, schemas, 1, version));
    }
  };
  const dependencies = new Map(
    names.map((name) => {
      const reads = [before.get(name), after.get(name)].flatMap((json) => (json ? upstreamStacks(json) : []));
      return [name, [...new Set(reads)].filter((upstream) => names.includes(upstream))];
    }),
  );
  // An upstream that neither side synthesizes: an empty state, so the stack's plan names the missing outputs.
  for (const reads of dependencies.values()) reads.forEach(emptyState);
  for (const json of [...before.values(), ...after.values()]) {
    for (const upstream of upstreamStacks(json)) if (!names.includes(upstream)) emptyState(upstream);
  }

  // A stack's outputs are ready for the stacks that read them once its baseline is built (or, for a stack only
  // the changed side synthesizes, once its changed plan is): downstream baselines start before upstream changes.
  const hasBefore = (name: string) =>
    Object.keys(before.get(name)?.resource ?? {}).length > 0 || !!before.get(name)?.output;
  const outputsReady = { before: new Set<string>(), after: new Set<string>() };
  const published = { before: new Map<string, string>(), after: new Map<string, string>() };
  const publish = (side: "before" | "after", name: string, outputs: Record<string, unknown>) => {
    published[side].set(name, JSON.stringify(outputs));
    const path = side === "before" ? remoteBefore(name) : remoteAfter(name);
    writeFileSync(path, stateFile(new Map(), stateOutputs(outputs), schemas, 1, version));
    outputsReady[side].add(name);
  };
  const baselines = new Map<string, Baseline>();
  const plans: StackPlan[] = [];
  type Task = { kind: "baseline" | "change"; stack: string };
  // A stack only the changed side synthesizes publishes its outputs from its changed plan, so that plan runs.
  const changed = names.filter((stack) => !report || report.has(stack) || !hasBefore(stack));
  // A changed stack no other stack here reads builds its baseline only once its change is known to need a plan.
  const read = new Set([...dependencies.values()].flat());
  const lazy = new Set(changed.filter((stack) => !read.has(stack)));
  const tasks: Task[] = [
    ...names.filter((stack) => !lazy.has(stack)).map((stack) => ({ kind: "baseline" as const, stack })),
    ...changed.map((stack) => ({ kind: "change" as const, stack })),
  ];
  const upstreamsReady = (stack: string, side: "before" | "after") =>
    dependencies.get(stack)!.every((upstream) => outputsReady[side].has(upstream));
  const ready = (task: Task) =>
    task.kind === "baseline"
      ? upstreamsReady(task.stack, "before")
      : (lazy.has(task.stack) ? upstreamsReady(task.stack, "before") : baselines.has(task.stack)) &&
        upstreamsReady(task.stack, "after");
  const baselineOf = async (stack: string, laneEnv: NodeJS.ProcessEnv) => {
    const upstreamOutputs = dependencies.get(stack)!.map((u) => published.before.get(u) ?? "");
    const key = cacheKey(stack, before.get(stack), upstreamOutputs);
    const seed = carried?.get(stack);
    const initial = seed && JSON.stringify(seed.json) === JSON.stringify(before.get(stack)) ? seed : undefined;
    const baseline =
      cache?.get(key) ?? (await buildBaseline(ctx, stack, before.get(stack), remoteBefore, laneEnv, initial));
    if (!baseline.error) cache?.set(key, baseline);
    baselines.set(stack, baseline);
    ec2.learn(baseline.state);
    // An upstream that cannot be planned is reported, even when only its readers were asked for.
    if (baseline.error && report && !report.has(stack)) {
      plans.push({ stack, baseline, refused: [], outputs: {}, seconds: 0 });
    }
    return baseline;
  };
  // Synthesized identically, reading the same upstream outputs on both sides: no changes by construction.
  const unchangedHere = (stack: string) =>
    JSON.stringify(before.get(stack)) === JSON.stringify(after.get(stack)) &&
    dependencies.get(stack)!.every((upstream) => published.before.get(upstream) === published.after.get(upstream));
  const run = async (task: Task, laneEnv: NodeJS.ProcessEnv) => {
    const { stack } = task;
    if (task.kind === "baseline") {
      const baseline = await baselineOf(stack, laneEnv);
      publish("before", stack, baseline.outputs);
      // A stack whose change is not planned hands its readers what it holds now.
      if (!changed.includes(stack)) publish("after", stack, baseline.outputs);
      return;
    }
    if (!planIdentical && hasBefore(stack) && unchangedHere(stack)) {
      const held = baselines.get(stack);
      if (held) publish("after", stack, held.outputs);
      if (!report || report.has(stack)) plans.push(unchangedPlan(stack));
      return;
    }
    const baseline = baselines.get(stack) ?? (await baselineOf(stack, laneEnv));
    if (baseline.error || baseline.diff) {
      if (!report || report.has(stack)) plans.push({ stack, baseline, refused: [], outputs: {}, seconds: 0 });
      publish("after", stack, baseline.outputs);
      return;
    }
    const plan = await planChange(ctx, baseline, before.get(stack), after.get(stack), remoteAfter, laneEnv);
    if (!report || report.has(stack)) plans.push(plan);
    const json = after.get(stack);
    if (carried && plan.plan && json) carried.set(stack, carryState(ctx, baseline, plan.plan, json));
    publish("after", stack, plan.plan ? plan.outputs : baseline.outputs);
  };
  try {
    await new Promise<void>((finish, fail) => {
      let running = 0;
      const free = servers.map((s) => s.env);
      const next = () => {
        while (free.length > 0) {
          const index = tasks.findIndex(ready);
          if (index < 0) break;
          const [task] = tasks.splice(index, 1);
          const laneEnv = free.pop()!;
          running++;
          run(task, laneEnv).then(() => {
            running--;
            free.push(laneEnv);
            next();
          }, fail);
        }
        if (running === 0) {
          if (tasks.length === 0) finish();
          else
            fail(
              new Error(
                `stacks that read each other's outputs in a cycle: ${[...new Set(tasks.map((t) => t.stack))].join(", ")}`,
              ),
            );
        }
      };
      next();
    });
  } finally {
    servers.forEach((s) => s.stop());
    await ec2.stop();
  }
  sortByDependencies(plans, before, after);
  return { plans, timings: { setup, providers, stacks: (Date.now() - stacksStarted) / 1000 } };
}

function cacheKey(stack: string, json: StackJson | undefined, upstreamStates: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([stack, json ?? null, upstreamStates]))
    .digest("hex");
}

function stateOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => {
      const o = output as { value: unknown; type?: unknown; sensitive?: boolean };
      return [name, { value: o.value, type: o.type ?? jsonType(o.value), ...(o.sensitive ? { sensitive: true } : {}) }];
    }),
  );
}

/** Sorts plans in dependency order, a stack after every stack it reads (ties in name order of the manifest). */
export function sortByDependencies(plans: StackPlan[], before: SynthesizedStacks, after: SynthesizedStacks): void {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const reads = (name: string) =>
    [before.get(name), after.get(name)]
      .flatMap((json) => (json ? upstreamStacks(json) : []))
      .filter((u) => names.includes(u));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: string[] = []): number => {
    if (!depth.has(name)) {
      const upstreams = reads(name).filter((u) => !seen.includes(u));
      depth.set(name, upstreams.length === 0 ? 0 : 1 + Math.max(...upstreams.map((u) => depthOf(u, [...seen, name]))));
    }
    return depth.get(name)!;
  };
  plans.sort((a, b) => depthOf(a.stack) - depthOf(b.stack) || names.indexOf(a.stack) - names.indexOf(b.stack));
}
