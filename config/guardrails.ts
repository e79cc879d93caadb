import { z } from "zod";
import { DeepReadonly, acrossItems, isRecord, list, report, section, text } from "./rules";

/** The shortest reason an acknowledgement may carry, as cdk-nag requires for its suppressions. */
export const MIN_REASON_LENGTH = 10;

/**
 * Guardrail settings of one environment. `ruleIds` are the rule IDs the guardrails know; when given, an
 * acknowledgement of any other ID is refused.
 */
export function guardrailsSchema(ruleIds?: readonly string[]) {
  const acknowledgement = section(
    "guardrail acknowledgement",
    {
      /** The rule ID, as listed in docs/guardrails.md, for example `VPC-FLOW-LOGS`. */
      ruleId: text({
        test: (id) => ruleIds === undefined || ruleIds.includes(id),
        expected: "a guardrail rule ID",
        fix: `use one of the IDs in docs/guardrails.md${ruleIds?.length ? `, for example ${ruleIds[0]}` : ""}`,
      }),
      /** Why the finding is accepted, at least 10 characters; printed in the synth report. */
      reason: text({
        test: (reason) => reason.trim().length >= MIN_REASON_LENGTH,
        expected: `a reason of at least ${MIN_REASON_LENGTH} characters`,
        fix: "say why the finding is accepted in this environment, for example what it would cost to fix",
      }).transform((reason) => reason.trim()),
    },
    { fix: "write each acknowledgement as { ruleId, reason }" },
  );
  return section(
    "guardrails section",
    {
      /**
       * Findings accepted for every stack of the environment. Each must match at least one finding, or synth fails.
       * @default []
       */
      acknowledgements: acrossItems(
        list(acknowledgement, {
          expected: "a list of acknowledgements",
          fix: "write acknowledgements as a list of { ruleId, reason }",
        }),
        (acknowledgements, ctx) => {
          const ids = acknowledgements.map((a) => (isRecord(a) ? a.ruleId : undefined));
          ids.forEach((id, i) => {
            if (id !== undefined && ids.indexOf(id) < i) {
              report(ctx, [i, "ruleId"], id, "each rule acknowledged once", "merge the two entries");
            }
          });
        },
      ).default([]),
    },
    { fix: "write guardrails as { acknowledgements: [...] }, or remove it" },
  ).prefault({});
}

/** Guardrail settings of one environment, as written in configuration. */
export type GuardrailsInput = DeepReadonly<z.input<ReturnType<typeof guardrailsSchema>>>;

/**
 * A guardrail finding accepted for a whole environment, as written in configuration.
 *
 * Prefer the narrowest scope: `acknowledge(resource, ruleId, reason)` where the resource is created. Use this for a
 * trade-off that configuration itself makes, such as running without VPC flow logs.
 */
export type GuardrailAcknowledgementInput = NonNullable<GuardrailsInput>["acknowledgements"] extends
  readonly (infer A)[] | undefined
  ? A
  : never;

/** Guardrail settings of one environment after validation. */
export type GuardrailsConfig = DeepReadonly<z.output<ReturnType<typeof guardrailsSchema>>>;
