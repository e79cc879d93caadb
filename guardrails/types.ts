import type { Capabilities } from "../config/capabilities";
import { MIN_REASON_LENGTH } from "../config/guardrails";
import type { SynthesizedStack, TerraformBlock } from "./synthesized-stack";

export type { TerraformBlock } from "./synthesized-stack";

/** The shortest reason an acknowledgement may carry, as cdk-nag requires for its suppressions; config owns it. */
export { MIN_REASON_LENGTH };

/** What a rule concluded about one block of a synthesized stack. */
export type Verdict =
  | { readonly status: "compliant" }
  | { readonly status: "non-compliant"; readonly problem: string; readonly fix: string }
  | { readonly status: "not-applicable" };

/** The block meets the rule. */
export const COMPLIANT: Verdict = { status: "compliant" };

/** The rule does not concern this block (for example deletion protection outside production). */
export const NOT_APPLICABLE: Verdict = { status: "not-applicable" };

/** The block breaks the rule: `problem` says what is wrong, `fix` how to put it right. */
export function nonCompliant(problem: string, fix: string): Verdict {
  return { status: "non-compliant", problem, fix };
}

/**
 * The finding for a security argument written as a Terraform expression (`"${true}"`, `"${var.x}"`, a
 * conditional) instead of a literal: only Terraform knows its value, so the rule cannot pass it. Like any finding
 * it can be acknowledged, with the reason the value must be computed.
 *
 * @param ruleId the rule reporting it, named in the fix
 * @param argument the argument's path in the block, for example `point_in_time_recovery.enabled`
 * @param value the expression as synthesized
 * @param literal the literal the rule wants, for example `true` or `"required"`
 */
export function cannotVerify(ruleId: string, argument: string, value: unknown, literal: string): Verdict {
  return nonCompliant(
    `cannot verify ${argument}: it is the Terraform expression ${JSON.stringify(value)}, whose value only Terraform knows`,
    `write a literal (${argument} = ${literal}); if the value must be computed, acknowledge ${ruleId} on this ` +
      "resource with the reason",
  );
}

/** The same check in tools ops teams already know, so a finding can be looked up there. */
export interface RuleEquivalents {
  /** Checkov check IDs (`CKV_AWS_*`, `CKV2_AWS_*`). */
  readonly checkov?: readonly string[];
  /** cdk-nag AwsSolutions rule IDs (`AwsSolutions-*`). */
  readonly cdkNag?: readonly string[];
  /** AWS Security Hub controls of the Foundational Security Best Practices standard (`RDS.2`). */
  readonly fsbp?: readonly string[];
}

/** The environment a stack belongs to, as rules need it. */
export interface GuardrailEnvironment {
  /** Environment name, for example `production`. */
  readonly name: string;
  /** What the environment builds; rules that depend on the architecture read these, never the phase. */
  readonly capabilities: Capabilities;
}

/** What a rule may look at besides the block itself. */
export interface RuleContext {
  /** The environment of the stack. */
  readonly environment: GuardrailEnvironment;
  /** The whole synthesized stack, for rules about relations between blocks. */
  readonly stack: SynthesizedStack;
}

/** One guardrail: a condition every matching block of every stack must meet. */
export interface GuardrailRule {
  /** Stable project ID, for example `RDS-NOT-PUBLIC`; used in messages, reports and acknowledgements. */
  readonly id: string;
  /** What the rule checks, one sentence, for the rule table and the report. */
  readonly description: string;
  /** The same check in Checkov, cdk-nag and Security Hub, where it exists. */
  readonly equivalents: RuleEquivalents;
  /** Terraform types the rule inspects: resource types (`aws_vpc`) or `provider.aws`. */
  readonly appliesTo: readonly string[];
  /**
   * Judges one block. A security argument written as a Terraform expression is reported with {@link cannotVerify},
   * unless it is a reference the rule follows to the block that produces it (a key, a security group, an upstream
   * stack's output).
   */
  check(block: TerraformBlock, context: RuleContext): Verdict;
}
