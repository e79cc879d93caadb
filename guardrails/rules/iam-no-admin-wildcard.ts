import {
  IDENTITY_POLICY_TYPES,
  PolicyStatement,
  StatementJudgement,
  identityPoliciesOf,
  judgePolicies,
  resourceScope,
} from "../policy";
import { COMPLIANT, GuardrailRule, RuleContext, Verdict, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg } from "../values";

const RULE_ID = "IAM-NO-ADMIN";
const ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];

/** No identity can do everything: every permission names its actions. */
export const iamNoAdminWildcard: GuardrailRule = {
  id: RULE_ID,
  description:
    'No IAM policy allows Action "*" on Resource "*", and no identity gets the AWS managed AdministratorAccess policy.',
  equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_274"], fsbp: ["IAM.1"] },
  appliesTo: [...IDENTITY_POLICY_TYPES, "aws_iam_role", ...ATTACHMENT_TYPES],
  check(block, context) {
    if (ATTACHMENT_TYPES.includes(block.type)) return checkAttachment(block.config.policy_arn, context);
    // A role can also attach managed policies itself, through managed_policy_arns.
    const managed = block.type === "aws_iam_role" ? block.config.managed_policy_arns : undefined;
    const managedArns = typeof managed === "string" ? [managed] : Array.isArray(managed) ? managed : [];
    for (const arn of managedArns) {
      const verdict = checkAttachment(arn, context, "managed_policy_arns");
      if (verdict.status === "non-compliant") return verdict;
    }
    return judgePolicies(
      RULE_ID,
      identityPoliciesOf(block),
      context.stack,
      judge,
      "list the actions and resources this identity needs; start from the service's read-only actions",
    );
  },
};

function checkAttachment(value: unknown, { stack }: RuleContext, argument = "policy_arn"): Verdict {
  if (isComputed(value)) return cannotVerify(RULE_ID, argument, value, "the policy's ARN, or a reference to it");
  // A managed policy looked up by name: `data.aws_iam_policy.Admin.arn` with name = "AdministratorAccess".
  const lookup = typeof value === "string" ? /^\$\{data\.aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$/.exec(value) : null;
  const data = lookup ? stack.dataSource("aws_iam_policy", lookup[1]) : undefined;
  const names = data ? [data.name, data.arn] : [value];
  if (names.some((n) => isComputed(n))) {
    return cannotVerify(RULE_ID, "the aws_iam_policy data source's name", data?.name ?? data?.arn, "the policy's name");
  }
  const admin = names.some((n) => {
    const arg = stringArg(n);
    return (
      arg.state === "set" && (arg.value === "AdministratorAccess" || arg.value.endsWith(":policy/AdministratorAccess"))
    );
  });
  if (!admin) return COMPLIANT;
  return nonCompliant(
    "the AdministratorAccess managed policy is attached, which allows every action on every resource",
    "attach a policy that lists only the actions and resources this identity needs",
  );
}

function judge(statement: PolicyStatement): StatementJudgement {
  if (statement.effect !== "Allow") return undefined;
  const admin = statement.actions.some((action) => action === "*" || action === "*:*");
  const scope = resourceScope(statement);
  if (admin && scope === "any") return { problem: 'a statement allows Action "*" on Resource "*"' };
  if (admin && scope === "expression") {
    return { computed: "Resource", value: statement.resources.find(isComputed), literal: "the resources' ARNs" };
  }
  const computedAction = statement.actions.find(isComputed);
  if (computedAction !== undefined && scope !== "named") {
    return { computed: "Action", value: computedAction, literal: "the actions' names" };
  }
  return undefined;
}
