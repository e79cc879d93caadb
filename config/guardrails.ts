import { RULE_IDS } from "../guardrails/registry";
import { MIN_REASON_LENGTH } from "../guardrails/types";
import { ProblemCollector } from "./problems";

/**
 * A guardrail finding accepted for a whole environment, as written in configuration.
 *
 * Prefer the narrowest scope: `acknowledge(resource, ruleId, reason)` where the resource is created. Use this for a
 * trade-off that configuration itself makes, such as running without VPC flow logs.
 */
export interface GuardrailAcknowledgementInput {
  /** The rule ID, as listed in docs/guardrails.md, for example `VPC-FLOW-LOGS`. */
  readonly ruleId: string;
  /** Why the finding is accepted, at least 10 characters; printed in the synth report. */
  readonly reason: string;
}

/** Guardrail settings of one environment, as written in configuration. */
export interface GuardrailsInput {
  /**
   * Findings accepted for every stack of the environment. Each must match at least one finding, or synth fails.
   * @default []
   */
  readonly acknowledgements?: readonly GuardrailAcknowledgementInput[];
}

/** Guardrail settings of one environment after validation. */
export interface GuardrailsConfig {
  readonly acknowledgements: readonly GuardrailAcknowledgementInput[];
}

/**
 * Validates an environment's guardrail settings into `problems`: known rule IDs, reasons of at least 10
 * characters, each rule acknowledged once.
 */
export function resolveGuardrails(
  input: GuardrailsInput | undefined,
  path: string,
  problems: ProblemCollector,
): GuardrailsConfig {
  const acknowledgements = input?.acknowledgements ?? [];
  const seen = new Set<string>();
  acknowledgements.forEach((a, i) => {
    const at = `${path}.acknowledgements[${i}]`;
    problems.check(
      RULE_IDS.includes(a.ruleId),
      `${at}.ruleId`,
      a.ruleId,
      "a guardrail rule ID",
      `use one of the IDs in docs/guardrails.md, for example ${RULE_IDS[0]}`,
    );
    problems.check(
      typeof a.reason === "string" && a.reason.trim().length >= MIN_REASON_LENGTH,
      `${at}.reason`,
      a.reason,
      `a reason of at least ${MIN_REASON_LENGTH} characters`,
      "say why the finding is accepted in this environment, for example what it would cost to fix",
    );
    if (
      problems.check(
        !seen.has(a.ruleId),
        `${at}.ruleId`,
        a.ruleId,
        "each rule acknowledged once",
        "merge the two entries",
      )
    ) {
      seen.add(a.ruleId);
    }
  });
  return { acknowledgements: acknowledgements.map((a) => ({ ruleId: a.ruleId, reason: a.reason.trim() })) };
}
