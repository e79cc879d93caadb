import { App, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { ConfigError, EnvironmentConfig, ProblemCollector } from "../config";
import { EnvironmentStack } from "../stacks/environment-stack";
import { acknowledgementsOn } from "./acknowledge";
import { RULES } from "./registry";
import { SynthesizedStack, TerraformJson } from "./synthesized-stack";
import { GuardrailEnvironment, GuardrailRule, TerraformBlock } from "./types";

/** How far an acknowledgement reaches. */
export type AcknowledgementScope = "resource" | "stack" | "environment";

/** A finding accepted on purpose, with where it applies and where it was written. */
export interface Acknowledgement {
  /** The rule whose findings it accepts. */
  readonly ruleId: string;
  /** Why, as written. */
  readonly reason: string;
  /** One resource, one stack, or one environment. */
  readonly scope: AcknowledgementScope;
  /** The environment it belongs to. */
  readonly environmentName: string;
  /** The stack, for resource and stack scope. */
  readonly stackName?: string;
  /** The block address, for resource scope (`aws_db_instance.Database_Instance_1A2B3C4D`). */
  readonly address?: string;
  /** Where it was written: a construct path, or a configuration path. */
  readonly source: string;
}

/** One block that breaks one rule. */
export interface Finding {
  /** The rule broken. */
  readonly ruleId: string;
  /** The stack of the block. */
  readonly stackName: string;
  /** The Terraform address of the block. */
  readonly address: string;
  /** The construct path of the block, when known. */
  readonly constructPath?: string;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /** The acknowledgement that accepts the finding, if any. */
  readonly acknowledgement?: Acknowledgement;
}

/** The checks of one stack. */
export interface StackOutcome {
  /** Stack name, for example `production-network`. */
  readonly stackName: string;
  /** The stack's environment. */
  readonly environment: GuardrailEnvironment;
  /** Rule and block pairs that comply. */
  readonly passed: number;
  /** Blocks that comply, per rule ID (rules that passed no block are absent). */
  readonly passedByRule: Readonly<Record<string, number>>;
  /** Findings nobody acknowledged: each one fails the synth. */
  readonly failed: readonly Finding[];
  /** Findings accepted by an acknowledgement. */
  readonly acknowledged: readonly Finding[];
}

/** The checks of a whole app. */
export interface GuardrailRun {
  /** One outcome per checked stack, in construct order. */
  readonly stacks: readonly StackOutcome[];
  /** Acknowledgements that matched no finding: each one fails the synth. */
  readonly unmatched: readonly Acknowledgement[];
}

/** One stack to check, with the environment it belongs to and the acknowledgements that may apply. */
export interface StackToCheck {
  readonly stack: SynthesizedStack;
  readonly environment: GuardrailEnvironment;
  /** Resource- and stack-scoped acknowledgements recorded on the stack's constructs. */
  readonly acknowledgements: readonly Acknowledgement[];
}

/** True when a run has no unacknowledged finding and no unmatched acknowledgement. */
export function runPassed(run: GuardrailRun): boolean {
  return run.unmatched.length === 0 && run.stacks.every((s) => s.failed.length === 0);
}

/** Thrown by synth when a guardrail fails; its message lists every finding and every unmatched acknowledgement. */
export class GuardrailError extends Error {
  constructor(readonly run: GuardrailRun) {
    super(formatFailure(run));
    this.name = "GuardrailError";
  }
}

/**
 * Checks every {@link EnvironmentStack} of `app` against every rule, before anything is written.
 *
 * cdktf 0.21 writes each stack's JSON right after validating that stack, so a validation that fails on the third
 * stack leaves the first two rewritten next to an old manifest. This runs the same preparation `app.synth()` does
 * (cross-stack references, Aspects, construct validations), resolves every stack to the JSON Terraform will get,
 * and checks all of them first. Aspects therefore run once more during the real synth: like cdktf's own
 * `Testing.synth`, this assumes they are idempotent.
 */
export function checkApp(app: App, rules: readonly GuardrailRule[] = RULES): GuardrailRun {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  stacks.forEach((stack) => stack.prepareStack());
  const environments = new Map<string, EnvironmentConfig>();
  const toCheck: StackToCheck[] = [];
  for (const stack of stacks) {
    const synthesized = synthesize(stack, !app.skipValidation);
    if (!(stack instanceof EnvironmentStack)) continue;
    environments.set(stack.environment.name, stack.environment);
    toCheck.push({
      stack: synthesized,
      environment: { name: stack.environment.name, capabilities: stack.environment.capabilities },
      acknowledgements: constructAcknowledgements(stack, stack.environment.name),
    });
  }
  const configured = [...environments.values()].flatMap(configAcknowledgements);
  return checkStacks(toCheck, configured, rules);
}

/**
 * Checks synthesized stacks. Environment-scoped acknowledgements apply to every stack of their environment and
 * count as matched when any of those stacks has a finding they accept.
 */
export function checkStacks(
  stacks: readonly StackToCheck[],
  environmentAcknowledgements: readonly Acknowledgement[] = [],
  rules: readonly GuardrailRule[] = RULES,
): GuardrailRun {
  const byType = new Map<string, GuardrailRule[]>();
  for (const rule of rules) {
    for (const type of rule.appliesTo) byType.set(type, [...(byType.get(type) ?? []), rule]);
  }
  const used = new Set<Acknowledgement>();
  const outcomes = stacks.map(({ stack, environment, acknowledgements }) => {
    const candidates = [
      ...acknowledgements,
      ...environmentAcknowledgements.filter((a) => a.environmentName === environment.name),
    ];
    let passed = 0;
    const passedByRule: Record<string, number> = {};
    const failed: Finding[] = [];
    const acknowledged: Finding[] = [];
    for (const block of stack.all()) {
      for (const rule of byType.get(blockKey(block)) ?? []) {
        const verdict = rule.check(block, { environment, stack });
        if (verdict.status === "compliant") {
          passed += 1;
          passedByRule[rule.id] = (passedByRule[rule.id] ?? 0) + 1;
        }
        if (verdict.status !== "non-compliant") continue;
        const acknowledgement = narrowestMatch(candidates, rule.id, stack.name, block.address);
        const finding: Finding = {
          ruleId: rule.id,
          stackName: stack.name,
          address: block.address,
          constructPath: block.constructPath,
          problem: verdict.problem,
          fix: verdict.fix,
          acknowledgement,
        };
        if (acknowledgement) {
          used.add(acknowledgement);
          acknowledged.push(finding);
        } else {
          failed.push(finding);
        }
      }
    }
    return { stackName: stack.name, environment, passed, passedByRule, failed, acknowledged };
  });
  const checkedEnvironments = new Set(stacks.map((s) => s.environment.name));
  const all = [
    ...stacks.flatMap((s) => s.acknowledgements),
    ...environmentAcknowledgements.filter((a) => checkedEnvironments.has(a.environmentName)),
  ];
  return { stacks: outcomes, unmatched: all.filter((a) => !used.has(a)) };
}

/** Runs what `app.synth()` runs on a stack before writing it, and returns the JSON it would write. */
export function synthesize(stack: TerraformStack, runValidations = true): SynthesizedStack {
  invokeAspects(stack);
  if (runValidations) stack.runAllValidations();
  return new SynthesizedStack(stack.node.id, stack.toTerraform() as TerraformJson);
}

/** The resource- and stack-scoped acknowledgements recorded with `acknowledge()` inside `stack`. */
export function constructAcknowledgements(stack: TerraformStack, environmentName: string): Acknowledgement[] {
  return stack.node.findAll().flatMap((construct) =>
    acknowledgementsOn(construct).map((recorded): Acknowledgement => {
      const base = { ...recorded, environmentName, stackName: stack.node.id, source: construct.node.path };
      if (TerraformStack.isStack(construct)) return { ...base, scope: "stack" };
      return { ...base, scope: "resource", address: addressOf(construct as TerraformResource | TerraformProvider) };
    }),
  );
}

/** The environment-scoped acknowledgements of an environment's configuration. */
export function configAcknowledgements(environment: EnvironmentConfig): Acknowledgement[] {
  return environment.guardrails.acknowledgements.map((a, i) => ({
    ruleId: a.ruleId,
    reason: a.reason,
    scope: "environment",
    environmentName: environment.name,
    source: `environments.${environment.name}.guardrails.acknowledgements[${i}]`,
  }));
}

function addressOf(element: TerraformResource | TerraformProvider): string {
  if (TerraformProvider.isTerraformProvider(element)) {
    return `provider.${element.terraformResourceType}${element.alias ? `.${element.alias}` : ""}`;
  }
  return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

function blockKey(block: TerraformBlock): string {
  return block.kind === "provider" ? `provider.${block.type}` : block.type;
}

function narrowestMatch(
  candidates: readonly Acknowledgement[],
  ruleId: string,
  stackName: string,
  address: string,
): Acknowledgement | undefined {
  const forRule = candidates.filter((a) => a.ruleId === ruleId);
  return (
    forRule.find((a) => a.scope === "resource" && a.stackName === stackName && a.address === address) ??
    forRule.find((a) => a.scope === "stack" && a.stackName === stackName) ??
    forRule.find((a) => a.scope === "environment")
  );
}

/** One line per unacknowledged finding: rule, stack, address, construct path, problem and fix. */
export function formatFinding(finding: Finding): string {
  const where = finding.constructPath ? `${finding.address} (${finding.constructPath})` : finding.address;
  return `[${finding.ruleId}] ${finding.stackName} ${where}: ${finding.problem}. Fix: ${finding.fix}.`;
}

function formatFailure(run: GuardrailRun): string {
  const failed = run.stacks.flatMap((s) => s.failed);
  const lines: string[] = [];
  lines.push(
    `Guardrails failed: ${failed.length} unacknowledged finding(s), ${run.unmatched.length} acknowledgement(s) ` +
      "matching nothing. Nothing was written to the output directory.",
  );
  lines.push(...failed.map((f) => `  - ${formatFinding(f)}`));
  const fromConstructs = run.unmatched.filter((a) => a.scope !== "environment");
  lines.push(
    ...fromConstructs.map(
      (a) =>
        `  - [${a.ruleId}] acknowledgement on ${a.scope === "stack" ? `the stack ${a.stackName}` : `${a.stackName} ${a.address}`} ` +
        `(${a.source}) matches no finding: the rule passes or does not apply there. Fix: remove the acknowledge() call.`,
    ),
  );
  const fromConfig = run.unmatched.filter((a) => a.scope === "environment");
  if (fromConfig.length > 0) {
    const problems = new ProblemCollector();
    for (const a of fromConfig) {
      problems.add(
        `${a.source}.ruleId`,
        a.ruleId,
        `a rule with at least one finding in the ${a.environmentName} stacks`,
        "remove the acknowledgement: nothing in this environment breaks the rule any more",
      );
    }
    lines.push(new ConfigError(problems.problems).message);
  }
  return lines.join("\n");
}
