import { PolicyStatement, readPolicy } from "../policy";
import { COMPLIANT, GuardrailRule, TerraformBlock, nonCompliant } from "../types";
import { nestedBlocks, stringArg } from "../values";

const POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"];
const ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];

/** No identity can do everything: every permission names its actions. */
export const iamNoAdminWildcard: GuardrailRule = {
  id: "IAM-NO-ADMIN",
  description:
    'No IAM policy allows Action "*" on Resource "*", and no identity gets the AWS managed AdministratorAccess policy.',
  equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_274"], fsbp: ["IAM.1"] },
  appliesTo: [...POLICY_TYPES, "aws_iam_role", ...ATTACHMENT_TYPES],
  check(block, { stack }) {
    if (ATTACHMENT_TYPES.includes(block.type)) {
      const arn = stringArg(block.config.policy_arn);
      if (arn.state !== "set" || !arn.value.endsWith(":policy/AdministratorAccess")) return COMPLIANT;
      return nonCompliant(
        "the AdministratorAccess managed policy is attached, which allows every action on every resource",
        "attach a policy that lists only the actions and resources this identity needs",
      );
    }
    const admin = policiesOf(block).some((policy) => {
      const document = readPolicy(policy, stack);
      return document.state === "parsed" && document.statements.some(isAdministrator);
    });
    if (!admin) return COMPLIANT;
    return nonCompliant(
      'a statement allows Action "*" on Resource "*"',
      "list the actions and resources this identity needs; start from the service's read-only actions",
    );
  },
};

function policiesOf(block: TerraformBlock): unknown[] {
  if (block.type === "aws_iam_role") return nestedBlocks(block.config.inline_policy).map((p) => p.policy);
  return [block.config.policy];
}

function isAdministrator(statement: PolicyStatement): boolean {
  return (
    statement.effect === "Allow" &&
    statement.actions.some((action) => action === "*" || action === "*:*") &&
    statement.resources.includes("*")
  );
}
