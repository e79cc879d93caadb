import { TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { RULE_IDS } from "./registry";
import { MIN_REASON_LENGTH } from "./types";

/** Metadata type under which acknowledgements are recorded on a construct. */
export const ACKNOWLEDGEMENT_METADATA = "guardrails:acknowledgement";

/** An acknowledgement as recorded on a construct. */
export interface RecordedAcknowledgement {
  /** The rule whose finding is accepted. */
  readonly ruleId: string;
  /** Why it is accepted. */
  readonly reason: string;
}

/**
 * Accepts a guardrail finding on purpose and in the open, for the narrowest scope that covers it: one resource
 * (pass the resource, or the provider) or one stack (pass the stack). The reason appears in the synth report.
 *
 * An acknowledgement that matches no finding fails the synth, so it cannot outlive the trade-off it records.
 *
 * @example acknowledge(dbInstance, "RDS-MULTI-AZ", "Phase 1 runs one db.t4g.micro; Multi-AZ arrives in Phase 2");
 * @throws Error for an unknown rule ID, a reason shorter than 10 characters, or a scope that is neither a resource,
 *   a provider nor a stack.
 */
export function acknowledge(
  scope: TerraformResource | TerraformProvider | TerraformStack,
  ruleId: string,
  reason: string,
): void {
  const problems: string[] = [];
  if (!RULE_IDS.includes(ruleId)) {
    problems.push(`rule ID ${JSON.stringify(ruleId)} is not a guardrail rule (see docs/guardrails.md for the IDs)`);
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    problems.push(
      `the reason ${JSON.stringify(reason)} is shorter than ${MIN_REASON_LENGTH} characters; say why the finding is accepted`,
    );
  }
  if (!isAcknowledgeable(scope)) {
    problems.push(
      `${(scope as IConstruct).node.path} is neither a resource, a provider nor a stack; acknowledge the one ` +
        "resource the finding is about, or its stack",
    );
  }
  if (problems.length > 0) {
    throw new Error(`Cannot acknowledge ${ruleId} on ${(scope as IConstruct).node.path}: ${problems.join("; ")}.`);
  }
  const data: RecordedAcknowledgement = { ruleId, reason: reason.trim() };
  scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, data, { stackTrace: false });
}

/** The acknowledgements recorded on `construct` itself (not on its children). */
export function acknowledgementsOn(construct: IConstruct): RecordedAcknowledgement[] {
  return construct.node.metadata
    .filter((entry) => entry.type === ACKNOWLEDGEMENT_METADATA)
    .map((entry) => entry.data as RecordedAcknowledgement);
}

function isAcknowledgeable(scope: unknown): boolean {
  return (
    TerraformResource.isTerraformResource(scope) ||
    TerraformProvider.isTerraformProvider(scope) ||
    TerraformStack.isStack(scope)
  );
}
