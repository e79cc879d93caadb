import {
  IDENTITY_POLICY_TYPES,
  PolicyStatement,
  StatementJudgement,
  actionMatches,
  identityPoliciesOf,
  isAdministratorAction,
  isServiceWildcard,
  judgeActionsOnAnyResource,
  judgePolicies,
} from "../policy";
import { GuardrailRule } from "../types";

const RULE_ID = "IAM-PASS-ROLE-NAMED";

/**
 * `iam:PassRole` names the roles it may pass: on `*` (or every role of an account), an identity that may create an
 * instance, a function or a task can hand it any role, an administrator's included, and act as that role.
 */
export const iamPassRoleNamesRoles: GuardrailRule = {
  id: RULE_ID,
  description:
    'No identity policy allows iam:PassRole (or a pattern matching it, such as "iam:Pass*") on Resource "*" or on ' +
    'every role of an account ("arn:aws:iam::123456789012:role/*").',
  equivalents: { checkov: ["CKV_AWS_355"], cdkNag: ["AwsSolutions-IAM5"] },
  appliesTo: [...IDENTITY_POLICY_TYPES, "aws_iam_role"],
  check(block, { stack }) {
    return judgePolicies(
      RULE_ID,
      identityPoliciesOf(block),
      stack,
      judge,
      "set Resource to the ARNs of the roles this identity passes, and add a StringEquals condition on " +
        "iam:PassedToService",
    );
  },
};

// Action "*" and "iam:*" are reported by IAM-NO-ADMIN and IAM-NO-SERVICE-WILDCARD.
const passesRoles = (action: string) =>
  !isAdministratorAction(action) && !isServiceWildcard(action) && actionMatches(action, "iam:PassRole");

// Every role of an account: "arn:aws:iam::123456789012:role/*", "arn:aws:iam::*:role*".
const EVERY_ROLE = /^arn:[^:]*:iam::[^:]*:(role)?[/*?]*$/;

function judge(statement: PolicyStatement): StatementJudgement {
  const everyRole = statement.resources.filter((r) => EVERY_ROLE.test(r));
  if (everyRole.length > 0 && statement.effect === "Allow") {
    const actions = statement.actions.filter(passesRoles);
    if (actions.length > 0) return { problem: `a statement allows ${actions.join(", ")} on ${everyRole.join(", ")}` };
  }
  return judgeActionsOnAnyResource(
    statement,
    passesRoles,
    (actions) => `a statement allows ${actions.join(", ")} on every resource, so any role can be passed`,
  );
}
