import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicy } from "@cdktf/provider-aws/lib/data-aws-iam-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Fn, TerraformStack, TerraformVariable } from "cdktf";
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

/** An aws_iam_policy with one Allow statement. */
function allow(stack: TerraformStack, statement: object): IamPolicy {
  return new IamPolicy(stack, "Policy", { policy: policy({ Effect: "Allow", ...statement }) });
}

/** A topic policy that allows anyone to publish under `condition`. */
function publishForAnyone(stack: TerraformStack, condition: object): SnsTopicPolicy {
  return new SnsTopicPolicy(stack, "Publish", {
    arn: TOPIC,
    policy: policy({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: TOPIC, Condition: condition }),
  });
}

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alarms";
const CANNOT_VERIFY = /cannot verify .*Terraform expression.*write a literal/;

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
    ruleId: "IAM-NO-ADMIN",
    name: "an inline_policy of an aws_iam_role allowing everything",
    expect: "non-compliant",
    message: /inline_policy\[0\]\.policy: a statement allows Action "\*"/,
    build: (s) =>
      new IamRole(s, "Role", {
        assumeRolePolicy: policy({
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
        inlinePolicy: [{ name: "everything", policy: policy({ Effect: "Allow", Action: "*:*", Resource: "*" }) }],
      }),
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "bypass attempt: AdministratorAccess in the role's own managed_policy_arns",
    expect: "non-compliant",
    message: /AdministratorAccess managed policy is attached/,
    build: (s) =>
      new IamRole(s, "Role", {
        assumeRolePolicy: policy({
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      }),
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "AdministratorAccess looked up by name through a data source",
    expect: "non-compliant",
    message: /AdministratorAccess managed policy is attached/,
    build: (s) => {
      const admin = new DataAwsIamPolicy(s, "Admin", { name: "AdministratorAccess" });
      new IamRolePolicyAttachment(s, "Attach", { role: ec2Role(s).name, policyArn: admin.arn });
    },
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "bypass attempt: the policy is a jsonencode() expression instead of a document",
    expect: "non-compliant",
    message: /cannot verify policy: .*write a literal/,
    build: (s) =>
      new IamPolicy(s, "Computed", {
        policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
      }),
  },
  {
    ruleId: "IAM-NO-ADMIN",
    name: "bypass attempt: the action comes from a variable",
    expect: "non-compliant",
    message: /cannot verify policy Action/,
    build: (s) => {
      const action = new TerraformVariable(s, "action", { type: "string" });
      allow(s, { Action: action.stringValue, Resource: "*" });
    },
  },
  {
    ruleId: "IAM-NO-SERVICE-WILDCARD",
    name: "every S3 action on one named bucket",
    expect: "compliant",
    build: (s) => allow(s, { Action: "s3:*", Resource: ["arn:aws:s3:::webapp-test", "arn:aws:s3:::webapp-test/*"] }),
  },
  {
    ruleId: "IAM-NO-SERVICE-WILDCARD",
    name: 's3:* on Resource "*"',
    expect: "non-compliant",
    message: /allows s3:\* on every resource/,
    build: (s) => allow(s, { Action: ["s3:GetObject", "s3:*"], Resource: "*" }),
  },
  {
    ruleId: "IAM-NO-SERVICE-WILDCARD",
    name: 'bypass attempt: "*" spelled as an ARN of wildcards (arn:aws:s3:::*)',
    expect: "non-compliant",
    message: /allows s3:\* on every resource/,
    build: (s) => allow(s, { Action: "s3:*", Resource: "arn:aws:s3:::*" }),
  },
  {
    ruleId: "IAM-NO-SERVICE-WILDCARD",
    name: "ec2:* on every resource in a user policy built from an aws_iam_policy_document",
    expect: "non-compliant",
    build: (s) => {
      const document = new DataAwsIamPolicyDocument(s, "Document", {
        statement: [{ effect: "Allow", actions: ["ec2:*"], resources: ["*"] }],
      });
      new IamUserPolicy(s, "Policy", { user: "ci", policy: document.json });
    },
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "the app host's own shape: reads and caller-scoped agent writes on *, writes on named ARNs",
    expect: "compliant",
    build: (s) =>
      new IamRolePolicy(s, "Agent", {
        role: ec2Role(s).id,
        policy: policy(
          { Effect: "Allow", Action: ["ecr:GetAuthorizationToken", "ec2:DescribeTags"], Resource: "*" },
          {
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "CWAgent" } },
          },
          {
            Effect: "Allow",
            Action: ["ssm:PutInventory", "ssmmessages:CreateControlChannel"],
            Resource: "*",
          },
          {
            Effect: "Allow",
            Action: "ssm:UpdateInstanceInformation",
            Resource: "arn:aws:ec2:ap-northeast-1:123456789012:instance/*",
          },
          { Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::webapp-test/*" },
        ),
      }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: 's3:PutObject on Resource "*"',
    expect: "non-compliant",
    message: /allows s3:PutObject on every resource.*set Resource to the ARNs/,
    build: (s) => allow(s, { Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "permission changes (iam:AttachRolePolicy, iam:PutRolePolicy) on * in a group policy",
    expect: "non-compliant",
    message: /iam:AttachRolePolicy, iam:PutRolePolicy on every resource/,
    build: (s) =>
      new IamGroupPolicy(s, "Policy", {
        group: "operators",
        policy: policy({ Effect: "Allow", Action: ["iam:AttachRolePolicy", "iam:PutRolePolicy"], Resource: "*" }),
      }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "bypass attempt: a leading wildcard (s3:*Object) that matches PutObject and DeleteObject",
    expect: "non-compliant",
    message: /allows s3:\*Object on every resource/,
    build: (s) => allow(s, { Action: "s3:*Object", Resource: "*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "bypass attempt: a short pattern (s3:P*) that matches PutObject, on every object of every bucket",
    expect: "non-compliant",
    message: /allows s3:P\* on every resource/,
    build: (s) => allow(s, { Action: ["s3:Get*", "s3:P*"], Resource: "arn:aws:s3:::*/*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "reads by pattern (s3:Get*, s3:List*, ec2:Describe*) on *",
    expect: "compliant",
    build: (s) => allow(s, { Action: ["s3:Get*", "s3:List*", "ec2:Describe*"], Resource: "*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "the SSM Agent's instance-scoped writes (UpdateInstanceInformation, PutComplianceItems) on *",
    expect: "non-compliant",
    message: /ssm:UpdateInstanceInformation, ssm:PutComplianceItems on every resource/,
    build: (s) => allow(s, { Action: ["ssm:UpdateInstanceInformation", "ssm:PutComplianceItems"], Resource: "*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "bypass attempt: BatchWriteItem on * (the Batch prefix is read past)",
    expect: "non-compliant",
    build: (s) => allow(s, { Action: "dynamodb:BatchWriteItem", Resource: "*" }),
  },
  {
    ruleId: "IAM-WRITES-NAME-RESOURCES",
    name: "bypass attempt: the resource comes from a variable",
    expect: "non-compliant",
    message: /cannot verify policy Resource/,
    build: (s) => {
      const resource = new TerraformVariable(s, "resource", { type: "string" });
      allow(s, { Action: "s3:DeleteObject", Resource: resource.stringValue });
    },
  },
  {
    ruleId: "IAM-PASS-ROLE-NAMED",
    name: "iam:PassRole on the one role it hands to EC2",
    expect: "compliant",
    build: (s) =>
      allow(s, {
        Action: "iam:PassRole",
        Resource: ec2Role(s).arn,
        Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
      }),
  },
  {
    ruleId: "IAM-PASS-ROLE-NAMED",
    name: 'iam:PassRole on Resource "*"',
    expect: "non-compliant",
    message: /allows iam:PassRole on every resource, so any role can be passed/,
    build: (s) => allow(s, { Action: ["ec2:RunInstances", "iam:PassRole"], Resource: "*" }),
  },
  {
    ruleId: "IAM-PASS-ROLE-NAMED",
    name: "bypass attempt: iam:Pass* on every role of the account",
    expect: "non-compliant",
    message: /allows iam:Pass\* on arn:aws:iam::123456789012:role\/\*/,
    build: (s) => allow(s, { Action: "iam:Pass*", Resource: "arn:aws:iam::123456789012:role/*" }),
  },
  {
    ruleId: "IAM-NO-NOT-ACTION",
    name: "a Deny with NotAction (a guard, not a grant)",
    expect: "compliant",
    build: (s) =>
      new IamPolicy(s, "Guard", {
        policy: policy(
          { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::webapp-test/*" },
          {
            Effect: "Deny",
            NotAction: ["iam:ChangePassword"],
            Resource: "*",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
          },
        ),
      }),
  },
  {
    ruleId: "IAM-NO-NOT-ACTION",
    name: "bypass attempt: Allow NotAction iam:* (everything else, on everything)",
    expect: "non-compliant",
    message: /uses NotAction \(iam:\*\), which allows every other action/,
    build: (s) => allow(s, { NotAction: "iam:*", Resource: "*" }),
  },
  {
    ruleId: "IAM-NO-NOT-ACTION",
    name: "bypass attempt: Allow s3:DeleteObject with NotResource",
    expect: "non-compliant",
    message: /uses NotResource/,
    build: (s) => allow(s, { Action: "s3:DeleteObject", NotResource: "arn:aws:s3:::webapp-test-logs/*" }),
  },
  {
    ruleId: "IAM-NO-NOT-ACTION",
    name: "a bucket policy that allows a role everything but deleting",
    expect: "non-compliant",
    build: (s) =>
      new S3BucketPolicy(s, "Policy", {
        bucket: "webapp-test",
        policy: policy({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/app" },
          NotAction: "s3:DeleteBucket",
          Resource: "arn:aws:s3:::webapp-test/*",
        }),
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
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "anyone, pinned by ArnLike aws:SourceArn to this account's alarms (account by reference)",
    expect: "compliant",
    build: (s) => {
      const account = new DataAwsCallerIdentity(s, "Me").accountId;
      publishForAnyone(s, { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:ap-northeast-1:${account}:alarm:*` } });
    },
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "bypass attempt: a negated condition (StringNotEquals aws:PrincipalAccount) on a wildcard principal",
    expect: "non-compliant",
    message:
      /to any principal \("\*"\); its StringNotEquals condition on aws:PrincipalAccount lets every other caller in/,
    build: (s) => publishForAnyone(s, { StringNotEquals: { "aws:PrincipalAccount": "999999999999" } }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "bypass attempt: StringEqualsIfExists, which requests without the key satisfy",
    expect: "non-compliant",
    message: /StringEqualsIfExists condition/,
    build: (s) => publishForAnyone(s, { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: 'bypass attempt: StringLike aws:SourceAccount "*" (a scoping key that matches everyone)',
    expect: "non-compliant",
    build: (s) => publishForAnyone(s, { StringLike: { "aws:SourceAccount": "*" } }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "bypass attempt: a network condition (aws:SourceVpce) instead of an account or source",
    expect: "non-compliant",
    build: (s) => publishForAnyone(s, { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "bypass attempt: Allow with NotPrincipal (everyone but one role)",
    expect: "non-compliant",
    message: /to everyone but the NotPrincipal/,
    build: (s) =>
      new SnsTopicPolicy(s, "Publish", {
        arn: TOPIC,
        policy: policy({
          Effect: "Allow",
          NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/auditor" },
          Action: "sns:Publish",
          Resource: TOPIC,
        }),
      }),
  },
  {
    ruleId: "IAM-NO-WILDCARD-PRINCIPAL",
    name: "bypass attempt: the scoping account comes from a variable",
    expect: "non-compliant",
    message: CANNOT_VERIFY,
    build: (s) => {
      const account = new TerraformVariable(s, "account", { type: "string" });
      publishForAnyone(s, { StringEquals: { "aws:SourceAccount": account.stringValue } });
    },
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
