import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DeliveryRoles, DeliveryRolesProps, GitHubOidcProvider, githubSubjects } from "../../modules/delivery";
import { capabilitiesForPhase } from "../../config";
import { checkTestStack } from "../support/guardrails";
import { synthModule } from "../support/module-stack";
import * as EXPECTED_ACTIONS from "./delivery-actions.json";

const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

const props = (overrides: Partial<DeliveryRolesProps> = {}): DeliveryRolesProps => ({
  namePrefix: "webapp-production",
  providerArn: PROVIDER_ARN,
  repositories: {
    infrastructure: { owner: "example-org", name: "webapp-infrastructure" },
    application: { owner: "example-org", name: "webapp", ownerId: "1001", repositoryId: "2002" },
  },
  branch: "main",
  githubEnvironment: "production",
  region: "ap-northeast-1",
  accountId: "123456789012",
  state: { bucket: "webapp-production-tfstate", keyPrefix: "production/", lockTable: "webapp-production-tfstate-lock" },
  scope: {
    projectName: "webapp",
    environmentName: "production",
    bucketNames: ["webapp-production-app-files", "webapp-production-alb-logs"],
    imageRepositoryName: "webapp/production/app",
    imageParameterName: "/webapp/production/deploy/image-tag",
    loadBalancerName: "webapp-production",
    targetGroupName: "webapp-production-app",
    autoScalingGroupName: "webapp-production-app",
  },
  ...overrides,
});

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function build(overrides: Partial<DeliveryRolesProps> = {}) {
  const result = synthModule((scope) => new DeliveryRoles(scope, "Delivery", props(overrides)));
  const resources = (result.parsed as unknown as { resource: Resources }).resource;
  return { ...result, resources };
}

/** The trust policy of the role named `name`. */
function trustOf(resources: Resources, name: string) {
  const role = Object.values(resources[IamRole.tfResourceType]).find((r) => r.name === name)!;
  return JSON.parse(String(role.assume_role_policy));
}

/** Every policy's statements as `Sid: actions -> resources`, for exact assertions. */
function statementsOf(roles: DeliveryRoles, role: string): Record<string, [string[], string[]]> {
  return Object.fromEntries(
    Object.values(roles.policies[role]).flatMap((statements) =>
      statements.map((s) => [
        `${s.Effect} ${s.Sid}`,
        [[s.Action].flat().slice().sort(), [s.Resource].flat().slice()] as [string[], string[]],
      ]),
    ),
  );
}

describe("GitHubOidcProvider", () => {
  test("creates the provider for sts.amazonaws.com, or adopts the account's by ARN", () => {
    const created = synthModule((scope) => new GitHubOidcProvider(scope, "Oidc", { accountId: "123456789012" }));
    const provider = Object.values(
      (created.parsed as unknown as { resource: Resources }).resource[IamOpenidConnectProvider.tfResourceType],
    )[0];
    expect(provider).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const adopted = synthModule(
      (scope) => new GitHubOidcProvider(scope, "Oidc", { accountId: "123456789012", adoptExisting: true }),
    );
    expect(adopted.construct.arn).toBe(PROVIDER_ARN);
    expect((adopted.parsed as unknown as { resource?: Resources }).resource).toBeUndefined();
  });
});

describe("githubSubjects", () => {
  test("exact subjects in the legacy form, and the immutable form when the ids are known", () => {
    expect(
      githubSubjects({ owner: "o", name: "r", ownerId: "1", repositoryId: "2" }, [
        { kind: "branch", branch: "main" },
        { kind: "environment", environment: "production" },
        { kind: "pull-request" },
      ]),
    ).toEqual([
      "repo:o/r:ref:refs/heads/main",
      "repo:o/r:environment:production",
      "repo:o/r:pull_request",
      "repo:o@1/r@2:ref:refs/heads/main",
      "repo:o@1/r@2:environment:production",
      "repo:o@1/r@2:pull_request",
    ]);
    expect(githubSubjects({ owner: "o", name: "r" }, [{ kind: "pull-request" }])).toEqual(["repo:o/r:pull_request"]);
  });
});

describe("DeliveryRoles", () => {
  test.each([
    [
      "webapp-production-github-plan",
      [
        "repo:example-org/webapp-infrastructure:pull_request",
        "repo:example-org/webapp-infrastructure:ref:refs/heads/main",
      ],
    ],
    ["webapp-production-github-deploy", ["repo:example-org/webapp-infrastructure:environment:production"]],
    [
      "webapp-production-github-image",
      ["repo:example-org/webapp:environment:production", "repo:example-org@1001/webapp@2002:environment:production"],
    ],
    [
      "webapp-production-github-app-deploy",
      ["repo:example-org/webapp:environment:production", "repo:example-org@1001/webapp@2002:environment:production"],
    ],
  ])("%s trusts GitHub's provider for sts.amazonaws.com and exactly %j", (name, subjects) => {
    const trust = trustOf(build().resources, name);
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: PROVIDER_ARN },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": subjects,
          },
        },
      },
    ]);
  });

  test("the image role pushes to this environment's repository only", () => {
    expect(statementsOf(build().construct, "image")).toEqual({
      "Allow RegistryLogin": [["ecr:GetAuthorizationToken"], ["*"]],
      "Allow PushToThisRepository": [
        [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ],
        ["arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/production/app"],
      ],
    });
  });

  test("the app-deploy role writes the image parameter and restarts only this environment's hosts", () => {
    const roles = build().construct;
    expect(statementsOf(roles, "app-deploy")).toEqual({
      "Allow ImageParameter": [
        ["ssm:GetParameter", "ssm:PutParameter"],
        ["arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/production/deploy/image-tag"],
      ],
      "Allow RestartDocument": [["ssm:SendCommand"], ["arn:aws:ssm:ap-northeast-1::document/AWS-RunShellScript"]],
      "Allow RestartOnThisEnvironmentsHosts": [
        ["ssm:SendCommand"],
        ["arn:aws:ec2:ap-northeast-1:123456789012:instance/*"],
      ],
      "Allow RestartOnThisEnvironmentsGroup": [
        ["ssm:SendCommand"],
        ["arn:aws:ec2:ap-northeast-1:123456789012:instance/*"],
      ],
      "Allow DrainThisEnvironmentsTargetGroup": [
        ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
        ["arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/webapp-production-app/*"],
      ],
      "Allow FollowTheDeploy": [
        ["ec2:DescribeInstances", "elasticloadbalancing:DescribeTargetHealth", "ssm:GetCommandInvocation"],
        ["*"],
      ],
    });
    const hosts = roles.policies["app-deploy"].deploy.find((s) => s.Sid === "RestartOnThisEnvironmentsHosts")!;
    expect(hosts.Condition).toEqual({
      StringEquals: { "ssm:resourceTag/project": "webapp", "ssm:resourceTag/environment": "production" },
    });
    // The group's instances lack the provider's default tags: deploy-app.sh finds them by
    // --target-tag aws:autoscaling:groupName=webapp-production-app, and SendCommand reaches them by that tag only.
    const group = roles.policies["app-deploy"].deploy.find((s) => s.Sid === "RestartOnThisEnvironmentsGroup")!;
    expect(group.Condition).toEqual({
      StringEquals: { "ssm:resourceTag/aws:autoscaling:groupName": "webapp-production-app" },
    });
  });

  test("the plan role reads resources and state and takes the lock, and writes nothing else", () => {
    const plan = statementsOf(build().construct, "plan");
    expect(Object.keys(plan)).toEqual([
      "Allow DescribeResources",
      "Allow DescribeGlobalResources",
      "Deny NoSecretValues",
      "Allow ReadParameters",
      "Allow StateList",
      "Allow StateRead",
      "Allow StateLock",
    ]);
    const writes = Object.entries(plan)
      .filter(([sid]) => sid.startsWith("Allow"))
      .flatMap(([, [actions]]) => actions)
      .filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a));
    expect(writes).toEqual(["dynamodb:PutItem", "dynamodb:DeleteItem"].sort());
    expect(plan["Allow StateRead"]).toEqual([
      ["s3:GetObject"],
      ["arn:aws:s3:::webapp-production-tfstate/production/*"],
    ]);
    expect(plan["Allow StateLock"][1]).toEqual([
      "arn:aws:dynamodb:ap-northeast-1:123456789012:table/webapp-production-tfstate-lock",
    ]);
  });

  test("with S3 native locking the plan role writes only lock files", () => {
    const plan = statementsOf(build({ state: { bucket: "b", keyPrefix: "production/" } }).construct, "plan");
    expect(plan["Allow StateLockFile"]).toEqual([
      ["s3:DeleteObject", "s3:PutObject"],
      ["arn:aws:s3:::b/production/*.tflock"],
    ]);
  });

  test("the deploy role manages resources by this environment's names and cannot change the delivery roles", () => {
    const deploy = statementsOf(build().construct, "deploy");
    expect(deploy["Allow BucketsByName"][1]).toEqual([
      "arn:aws:s3:::webapp-production-app-files",
      "arn:aws:s3:::webapp-production-alb-logs",
    ]);
    expect(deploy["Allow DatabaseByName"]).toEqual([
      ["rds:*"],
      [
        "arn:aws:rds:ap-northeast-1:123456789012:db:webapp-production*",
        "arn:aws:rds:ap-northeast-1:123456789012:subgrp:webapp-production*",
        "arn:aws:rds:ap-northeast-1:123456789012:pg:webapp-production*",
      ],
    ]);
    expect(deploy["Allow RolesByName"][1]).toEqual([
      "arn:aws:iam::123456789012:role/webapp-production-*",
      "arn:aws:iam::123456789012:instance-profile/webapp-production-*",
    ]);
    expect(deploy["Deny NotTheDeliveryRoles"]).toEqual([
      ["iam:*"],
      ["arn:aws:iam::123456789012:role/webapp-production-github-*"],
    ]);
    expect(deploy["Allow StateWrite"]).toEqual([
      ["s3:PutObject"],
      ["arn:aws:s3:::webapp-production-tfstate/production/*"],
    ]);
    const passRole = build().construct.policies.deploy.iam.find((s) => s.Sid === "PassRolesToTheirServices")!;
    expect(passRole.Condition).toEqual({
      StringEquals: {
        "iam:PassedToService": ["ec2.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
      },
    });
    // No statement reaches another environment's names.
    const resources = Object.values(deploy).flatMap(([, r]) => r);
    expect(resources.filter((r) => /webapp-(development|test)/.test(r))).toEqual([]);
  });

  test("the deploy role manages the load balancer, Auto Scaling group and certificates by name or tag", () => {
    const roles = build().construct;
    const deploy = statementsOf(roles, "deploy");
    expect(deploy["Allow LoadBalancerByName"][1]).toEqual([
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/webapp-production/*",
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/webapp-production/*",
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/webapp-production-app/*",
    ]);
    expect(deploy["Allow AutoScalingGroupByName"][1]).toEqual([
      "arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:*:autoScalingGroupName/webapp-production-app",
    ]);
    const certificates = roles.policies.deploy.fleet.find((s) => s.Sid === "CertificatesOfThisEnvironment")!;
    expect([certificates.Resource, certificates.Condition]).toEqual([
      "arn:aws:acm:ap-northeast-1:123456789012:certificate/*",
      { StringEquals: { "aws:ResourceTag/environment": "production" } },
    ]);
    // Endpoints and the optional NAT gateway are EC2 resource types of this account and region.
    expect(deploy["Allow Ec2InThisAccountAndRegion"][1]).toEqual(
      expect.arrayContaining(
        ["vpc-endpoint", "natgateway", "elastic-ip"].map((t) => `arn:aws:ec2:ap-northeast-1:123456789012:${t}/*`),
      ),
    );
    // Service-linked roles of exactly these services; RDS keeps its own statement.
    const linked = roles.policies.deploy.iam.find((s) => s.Sid === "LoadBalancingAndAutoScalingServiceLinkedRoles")!;
    expect(linked.Resource).toEqual([
      "arn:aws:iam::123456789012:role/aws-service-role/elasticloadbalancing.amazonaws.com/*",
      "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/*",
    ]);
    expect(linked.Condition).toEqual({
      StringEquals: { "iam:AWSServiceName": ["elasticloadbalancing.amazonaws.com", "autoscaling.amazonaws.com"] },
    });
    // The host role reaches the group's instances through EC2, the only service it is passed to for them.
    expect(deploy["Allow PassRolesToTheirServices"][1]).toEqual(["arn:aws:iam::123456789012:role/webapp-production-*"]);
  });

  test("only the deploy role's create policy acts on every resource, holds nothing else, and says why", () => {
    const roles = build().construct;
    expect(roles.policies.deploy.create.map((s) => [s.Sid, [s.Action].flat().sort()])).toEqual([
      ["SavedQueries", ["logs:DeleteQueryDefinition", "logs:PutQueryDefinition"]],
      ["KeyCreate", ["kms:CreateKey", "kms:TagResource"]],
      ["CertificateRequest", ["acm:AddTagsToCertificate", "acm:RequestCertificate"]],
      ["DnsCreate", ["route53:CreateHealthCheck", "route53:CreateHostedZone"]],
    ]);
    // A new key or certificate must carry this environment's tag, in its region: the tag is what scopes them after.
    for (const sid of ["KeyCreate", "CertificateRequest"]) {
      expect(roles.policies.deploy.create.find((s) => s.Sid === sid)!.Condition).toEqual({
        StringEquals: { "aws:RequestTag/environment": "production", "aws:RequestedRegion": "ap-northeast-1" },
      });
    }
    const run = checkTestStack((stack) => new DeliveryRoles(stack, "Delivery", props()), {
      name: "production",
      capabilities: capabilitiesForPhase(1),
    });
    expect(run.stacks[0].failed).toEqual([]);
    expect(run.stacks[0].acknowledged.map((a) => [a.ruleId, a.address])).toEqual([
      ["IAM-WRITES-NAME-RESOURCES", expect.stringMatching(/^aws_iam_policy\.Delivery_Policy-deploy-create_/)],
    ]);
  });

  test.each(["plan", "deploy", "app-deploy"])(
    "the %s role's actions, statement by statement, are exactly the reviewed list",
    (role) => {
      // __tests__/modules/delivery-actions.json is the reviewed list: an added action fails here until it is
      // reviewed and added there.
      const reviewed = (EXPECTED_ACTIONS as Record<string, Record<string, string[]>>)[role];
      const actual = Object.fromEntries(
        Object.entries(build().construct.policies[role]).flatMap(([policy, statements]) =>
          statements.map((s) => [`${policy}/${s.Effect} ${s.Sid}`, [s.Action].flat().slice().sort()]),
        ),
      );
      expect(actual).toEqual(reviewed);
    },
  );

  test("every policy is a customer-managed policy attached to its role, within IAM's 6,144-character limit", () => {
    const { resources, construct } = build();
    const policies = Object.values(resources[IamPolicy.tfResourceType]);
    const attachments = Object.values(resources[IamRolePolicyAttachment.tfResourceType]);
    const expected = Object.values(construct.policies).flatMap((byPolicy) => Object.keys(byPolicy));
    expect(policies).toHaveLength(expected.length);
    expect(attachments).toHaveLength(expected.length);
    for (const policy of policies) {
      // IAM counts the characters without white space.
      expect(String(policy.policy).replace(/\s/g, "").length).toBeLessThanOrEqual(6144);
    }
  });
});
