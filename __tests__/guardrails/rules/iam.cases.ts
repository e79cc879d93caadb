import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { TerraformStack } from "cdktf";
import { SecureBucket } from "../../../modules/secure-bucket";
import { RuleCase } from "../../support/guardrails";

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function ec2Role(stack: TerraformStack): IamRole {
  return new IamRole(stack, "Role", {
    name: "webapp-test-host",
    assumeRolePolicy: policy({
      Effect: "Allow",
      Principal: { Service: "ec2.amazonaws.com" },
      Action: "sts:AssumeRole",
    }),
  });
}

export const IAM_CASES: readonly RuleCase[] = [
  {
    ruleId: "IAM-NO-ADMIN",
    name: "a policy that names its actions and resources",
    expect: "compliant",
    build: (s) =>
      new IamPolicy(s, "Read", {
        policy: policy({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::webapp-test/*" }),
      }),
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: 'Action "*" on Resource "*"',
    expect: "non-compliant",
    message: /allows Action "\*" on Resource "\*"/,
    build: (s) => new IamPolicy(s, "Admin", { policy: policy({ Effect: "Allow", Action: "*", Resource: "*" }) }),
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "an inline role policy built from an aws_iam_policy_document",
    expect: "non-compliant",
    build: (s) => {
      const role = ec2Role(s);
      const document = new DataAwsIamPolicyDocument(s, "AdminDocument", {
        statement: [{ effect: "Allow", actions: ["*"], resources: ["*"] }],
      });
      new IamRolePolicy(s, "Admin", { role: role.id, policy: document.json });
    },
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "the AdministratorAccess managed policy",
    expect: "non-compliant",
    message: /AdministratorAccess/,
    build: (s) =>
      new IamRolePolicyAttachment(s, "Admin", {
        role: ec2Role(s).name,
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "a role trusted by one service",
    expect: "compliant",
    build: (s) => ec2Role(s),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "a TLS-only deny for everyone on a SecureBucket (Deny, not Allow)",
    expect: "compliant",
    build: (s) => new SecureBucket(s, "Files", { bucketName: "webapp-test-files" }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "a topic policy for anyone, pinned by aws:SourceAccount",
    expect: "compliant",
    build: (s) =>
      new SnsTopicPolicy(s, "Publish", {
        arn: "arn:aws:sns:ap-northeast-1:123456789012:alarms",
        policy: policy({
          Effect: "Allow",
          Principal: "*",
          Action: "sns:Publish",
          Resource: "arn:aws:sns:ap-northeast-1:123456789012:alarms",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }),
      }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "a role anyone can assume",
    expect: "non-compliant",
    message: /allows sts:AssumeRole to any principal/,
    build: (s) =>
      new IamRole(s, "Role", {
        assumeRolePolicy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
      }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "an ECR repository anyone can pull from",
    expect: "non-compliant",
    build: (s) =>
      new EcrRepositoryPolicy(s, "Public", {
        repository: "webapp/app",
        policy: policy({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage"] }),
      }),
  },
  {
    ruleId: "PROVIDER-NO-STATIC-KEYS",
    name: "a provider that takes credentials from the environment",
    expect: "compliant",
    build: (s) => new AwsProvider(s, "Aws", { region: "ap-northeast-1" }),
  },
  {
    ruleId: "PROVIDER-NO-STATIC-KEYS",
    name: "a provider with access keys",
    expect: "non-compliant",
    message: /sets access_key, secret_key/,
    build: (s) =>
      new AwsProvider(s, "Aws", {
        region: "ap-northeast-1",
        accessKey: "AKIAIOSFODNN7EXAMPLE",
        secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      }),
  },
];
