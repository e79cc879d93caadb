import {
  RESOURCE_POLICY_ARGUMENT,
  PolicyStatement,
  StatementJudgement,
  hasComputedPrincipal,
  hasWildcardPrincipal,
  judgePolicies,
  resourcePolicyOf,
  scopingOf,
} from "../policy";
import { GuardrailRule } from "../types";

const RULE_ID = "IAM-NO-WILDCARD-PRINCIPAL";

/**
 * Trust and resource policies never allow anyone at all: an `Allow` for principal `*` (or a `NotPrincipal`) must
 * be pinned by a positive condition to the caller's own account, organisation or source. A negated condition
 * (`StringNotEquals`, `ArnNotLike`), an `...IfExists` one or a wildcard value lets everyone else in.
 */
export const noWildcardPrincipal: GuardrailRule = {
  id: RULE_ID,
  description:
    'Role trust policies and resource policies (S3, SNS, SQS, ECR, KMS, CloudWatch Logs) have no Allow for principal "*" ' +
    "or NotPrincipal unless a positive condition (StringEquals, StringLike, ArnEquals, ArnLike) pins it to an account, " +
    "organisation or source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, ...).",
  equivalents: {
    checkov: ["CKV_AWS_60", "CKV_AWS_32", "CKV_AWS_169"],
    cdkNag: ["AwsSolutions-ECR1"],
  },
  appliesTo: Object.keys(RESOURCE_POLICY_ARGUMENT),
  check(block, { stack }) {
    return judgePolicies(
      RULE_ID,
      resourcePolicyOf(block),
      stack,
      judge,
      "name the principals (a service, a role ARN, this account), or add a StringEquals or ArnLike condition on " +
        "aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID with literal values or references",
    );
  },
};

function judge(statement: PolicyStatement): StatementJudgement {
  if (statement.effect !== "Allow") return undefined;
  if (!hasWildcardPrincipal(statement)) {
    if (!hasComputedPrincipal(statement)) return undefined;
    const principal = [...statement.principals, ...statement.notPrincipals].flatMap((p) => p.identifiers);
    return { computed: "Principal", value: principal.join(", "), literal: "the principal's ARN or service name" };
  }
  const scoping = scopingOf(statement);
  if (scoping === "scoped") return undefined;
  const actions = statement.actions.join(", ") || "actions";
  const who = statement.notPrincipals.length > 0 ? "everyone but the NotPrincipal" : 'any principal ("*")';
  if (scoping === "expression") {
    const values = statement.conditions.flatMap((c) => c.values).join(", ");
    return { computed: "Condition", value: values, literal: "the account ID, organisation ID or source ARN" };
  }
  const negated = statement.conditions.find((c) => /Not|IfExists$/i.test(c.operator));
  return {
    problem:
      `a statement allows ${actions} to ${who}` +
      (negated ? `; its ${negated.operator} condition on ${negated.key} lets every other caller in` : ""),
  };
}
