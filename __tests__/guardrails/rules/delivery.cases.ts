import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformStack } from "cdktf";
import { RuleCase } from "../../support/guardrails";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

/** A role trusted by GitHub's provider with `conditions`, and `principal` as the Federated principal. */
function githubRole(stack: TerraformStack, conditions: object | undefined, principal = PROVIDER): IamRole {
  return new IamRole(stack, "Deploy", {
    name: "webapp-test-github-deploy",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: principal },
          Action: "sts:AssumeRoleWithWebIdentity",
          ...(conditions && { Condition: conditions }),
        },
      ],
    }),
  });
}

const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
const sub = (...values: string[]) => ({ "token.actions.githubusercontent.com:sub": values });

export const DELIVERY_CASES: readonly RuleCase[] = [
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "aud and an exact sub for a GitHub environment, in both subject forms",
    expect: "compliant",
    build: (s) =>
      githubRole(s, {
        StringEquals: {
          ...AUD,
          ...sub(
            "repo:example-org/webapp:environment:production",
            "repo:example-org@1/webapp@2:environment:production",
          ),
        },
      }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "a role trusted by the provider created in the same stack, for pull requests and the main branch",
    expect: "compliant",
    build: (s) => {
      const provider = new IamOpenidConnectProvider(s, "Oidc", {
        url: "https://token.actions.githubusercontent.com",
        clientIdList: ["sts.amazonaws.com"],
      });
      githubRole(
        s,
        { StringEquals: { ...AUD, ...sub("repo:o/r:pull_request", "repo:o/r:ref:refs/heads/main") } },
        provider.arn,
      );
    },
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "no condition at all",
    expect: "non-compliant",
    message: /does not require token\.actions\.githubusercontent\.com:aud/,
    build: (s) => githubRole(s, undefined),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "aud without sub: any repository on GitHub",
    expect: "non-compliant",
    message: /does not pin token\.actions\.githubusercontent\.com:sub: any repository/,
    build: (s) => githubRole(s, { StringEquals: AUD }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "every repository of the organization (repo:ORG/*)",
    expect: "non-compliant",
    message: /allows "repo:example-org\/\*"/,
    build: (s) => githubRole(s, { StringEquals: AUD, StringLike: sub("repo:example-org/*") }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "every branch of the repository (ref:refs/heads/*)",
    expect: "non-compliant",
    message: /allows "repo:o\/r:ref:refs\/heads\/\*"/,
    build: (s) => githubRole(s, { StringEquals: AUD, StringLike: sub("repo:o/r:ref:refs/heads/*") }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "bypass: the sub pinned only through a negated operator",
    expect: "non-compliant",
    message: /does not pin token\.actions\.githubusercontent\.com:sub/,
    build: (s) => githubRole(s, { StringEquals: AUD, StringNotEquals: sub("repo:evil/r:pull_request") }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "bypass: an audience other than STS",
    expect: "non-compliant",
    message: /does not require .*:aud = sts\.amazonaws\.com/,
    build: (s) =>
      githubRole(s, {
        StringEquals: { "token.actions.githubusercontent.com:aud": "anything", ...sub("repo:o/r:pull_request") },
      }),
  },
  {
    ruleId: "GITHUB-OIDC-TRUST-PINNED",
    name: "a role for an EC2 host is not a GitHub role",
    expect: "compliant",
    build: (s) =>
      new IamRole(s, "Host", {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
  },
];
