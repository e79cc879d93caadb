import {
  PolicyStatement,
  RESOURCE_POLICY_ARGUMENT,
  StatementJudgement,
  identityPoliciesOf,
  judgePolicies,
  resourcePolicyOf,
} from "../policy";
import { IDENTITY_POLICY_TYPES } from "../policy";
import { GuardrailRule } from "../types";

const RULE_ID = "IAM-NO-NOT-ACTION";

/**
 * Allow statements list what they allow. `NotAction` allows every action but the listed ones (including every
 * action AWS adds later) and `NotResource` every resource but the listed ones; in an Allow, both grant far more
 * than they read. In a Deny they are the usual way to write a guard, and stay allowed.
 */
export const iamAllowWithoutNotAction: GuardrailRule = {
  id: RULE_ID,
  description:
    "No Allow statement of an identity, trust or resource policy uses NotAction or NotResource (Deny statements may).",
  equivalents: {},
  appliesTo: [...new Set([...IDENTITY_POLICY_TYPES, "aws_iam_role", ...Object.keys(RESOURCE_POLICY_ARGUMENT)])],
  check(block, { stack }) {
    return judgePolicies(
      RULE_ID,
      [...identityPoliciesOf(block), ...resourcePolicyOf(block)],
      stack,
      judge,
      "list the allowed actions in Action and the resources in Resource; to carve out exceptions, add a Deny " +
        "statement with NotAction or NotResource",
    );
  },
};

function judge(statement: PolicyStatement): StatementJudgement {
  if (statement.effect !== "Allow") return undefined;
  if (statement.notActions.length > 0) {
    return {
      problem: `an Allow statement uses NotAction (${statement.notActions.join(", ")}), which allows every other action`,
    };
  }
  if (statement.notResources.length > 0) {
    return {
      problem:
        `an Allow statement uses NotResource (${statement.notResources.join(", ")}), which allows its actions on ` +
        "every other resource",
    };
  }
  return undefined;
}
