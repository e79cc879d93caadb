import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformProvider, TerraformStack, Testing } from "cdktf";
import { Capabilities, capabilitiesForPhase } from "../../config";
import {
  GuardrailEnvironment,
  GuardrailRun,
  GuardrailRule,
  checkStacks,
  constructAcknowledgements,
  ruleById,
  synthesize,
} from "../../guardrails";

/** What a rule should conclude about the small stack a case builds. */
export type Expectation = "compliant" | "non-compliant" | "not-applicable";

/** One case of the rule tables: a small stack and what one rule must say about it. */
export interface RuleCase {
  /** The rule under test. */
  readonly ruleId: string;
  /** What the stack shows, for the test name. */
  readonly name: string;
  /** The rule's expected verdict on the stack. */
  readonly expect: Expectation;
  /** For non-compliant cases: the message must match. */
  readonly message?: RegExp;
  /**
   * Environment of the stack.
   * @default development, Phase 1 capabilities
   */
  readonly environment?: { readonly name?: string; readonly capabilities?: Partial<Capabilities> };
  /** Adds the resources to check. An AWS provider is added unless the case adds one. */
  readonly build: (stack: TerraformStack) => void;
}

/** Builds a case's stack and checks it with its rule only. */
export function runCase(ruleCase: RuleCase): GuardrailRun {
  const rule = ruleById(ruleCase.ruleId);
  if (!rule) throw new Error(`no rule ${ruleCase.ruleId}`);
  const environment: GuardrailEnvironment = {
    name: ruleCase.environment?.name ?? "development",
    capabilities: { ...capabilitiesForPhase(1), ...ruleCase.environment?.capabilities },
  };
  return checkTestStack(ruleCase.build, environment, [rule]);
}

/** Builds a stack in a throwaway app and checks it, construct acknowledgements included. */
export function checkTestStack(
  build: (stack: TerraformStack) => void,
  environment: GuardrailEnvironment = { name: "development", capabilities: capabilitiesForPhase(1) },
  rules?: readonly GuardrailRule[],
): GuardrailRun {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test-stack");
  build(stack);
  if (!stack.node.findAll().some((c) => TerraformProvider.isTerraformProvider(c))) {
    new AwsProvider(stack, "Aws", { region: "ap-northeast-1" });
  }
  stack.prepareStack();
  const acknowledgements = constructAcknowledgements(stack, environment.name);
  return checkStacks([{ stack: synthesize(stack), environment, acknowledgements }], [], rules);
}
