import { PolicyStatement, readPolicy } from "../policy";
import { COMPLIANT, GuardrailRule, TerraformBlock, nonCompliant } from "../types";
import { SynthesizedStack } from "../synthesized-stack";

const ISSUER = "token.actions.githubusercontent.com";
const AUDIENCE_KEY = `${ISSUER}:aud`;
const SUBJECT_KEY = `${ISSUER}:sub`;
// An exact subject: one repository (legacy `OWNER/NAME` or immutable `OWNER@id/NAME@id`) and one branch, tag,
// GitHub environment or pull requests. No wildcard can stand in any part of it.
const EXACT_SUBJECT = /^repo:[^/*?:]+\/[^/*?:]+:(ref:refs\/(heads|tags)\/[^*?]+|environment:[^*?:]+|pull_request)$/;
// Operators that require the key to match: a negated one (`StringNotEquals`) or `...IfExists` lets a token
// without the claim through.
const MATCHING_OPERATORS = ["StringEquals", "StringLike"];

/**
 * Roles that GitHub Actions assumes through OIDC name the audience and the exact repository and run context: an
 * `aud` of `sts.amazonaws.com`, and a `sub` of one repository and branch, GitHub environment or pull requests.
 * Without them any repository on GitHub can assume the role.
 */
export const githubOidcTrustPinned: GuardrailRule = {
  id: "GITHUB-OIDC-TRUST-PINNED",
  description:
    "Roles trusted by GitHub's OIDC provider require `aud` = sts.amazonaws.com and an exact `sub` " +
    "(repo:OWNER/NAME:ref:refs/heads/BRANCH, :environment:NAME or :pull_request; no wildcard, no negated operator).",
  equivalents: { checkov: ["CKV_AWS_358", "CKV_AWS_393"] },
  appliesTo: ["aws_iam_role"],
  check(block, { stack }) {
    const document = readPolicy(block.config.assume_role_policy, stack);
    if (document.state !== "parsed") {
      return isGitHubFederated(String(block.config.assume_role_policy ?? ""), stack)
        ? nonCompliant(
            "the trust policy of a GitHub OIDC role cannot be read",
            "write the trust policy as a JSON literal so that its aud and sub conditions can be checked",
          )
        : COMPLIANT;
    }
    for (const statement of document.statements) {
      if (statement.effect !== "Allow" || !trustsGitHub(statement, stack)) continue;
      const problem = trustProblem(statement);
      if (problem) {
        return nonCompliant(
          problem,
          'add Condition StringEquals { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", ' +
            '"token.actions.githubusercontent.com:sub": ["repo:OWNER/NAME:environment:production"] } ' +
            "with the exact repository and branch, GitHub environment or pull_request",
        );
      }
    }
    return COMPLIANT;
  },
};

function trustsGitHub(statement: PolicyStatement, stack: SynthesizedStack): boolean {
  return statement.principals.some(
    (p) => p.type === "Federated" && p.identifiers.some((id) => isGitHubFederated(id, stack)),
  );
}

/** A GitHub provider ARN, or a reference to an aws_iam_openid_connect_provider of this stack for GitHub's issuer. */
function isGitHubFederated(value: string, stack: SynthesizedStack): boolean {
  if (value.includes(ISSUER)) return true;
  const provider: TerraformBlock | undefined = stack.referencedResource(value, ["aws_iam_openid_connect_provider"]);
  return provider !== undefined && String(provider.config.url ?? "").includes(ISSUER);
}

function trustProblem(statement: PolicyStatement): string | undefined {
  const conditions = statement.conditions.filter((c) => MATCHING_OPERATORS.includes(c.operator));
  const audience = conditions.find((c) => c.key.toLowerCase() === AUDIENCE_KEY && c.operator === "StringEquals");
  if (!audience || audience.values.length !== 1 || audience.values[0] !== "sts.amazonaws.com") {
    return `the trust policy does not require ${AUDIENCE_KEY} = sts.amazonaws.com (StringEquals)`;
  }
  const subjects = conditions.filter((c) => c.key.toLowerCase() === SUBJECT_KEY);
  if (subjects.length === 0) {
    return `the trust policy does not pin ${SUBJECT_KEY}: any repository on GitHub could assume the role`;
  }
  const loose = subjects.flatMap((c) => c.values).filter((value) => !EXACT_SUBJECT.test(value));
  if (loose.length > 0) {
    return `${SUBJECT_KEY} allows ${loose.map((v) => JSON.stringify(v)).join(", ")}, not one exact repository and context`;
  }
  return undefined;
}
