import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { acknowledge } from "../../guardrails/acknowledge";
import { GitHubRepository, GitHubRunContext, githubSubjects, githubTrustPolicy } from "./github-trust";

/** The EC2 resource types the stacks create or attach, for the deploy role's EC2 statement. */
const EC2_RESOURCE_TYPES = [
  "vpc",
  "subnet",
  "route-table",
  "internet-gateway",
  "security-group",
  "security-group-rule",
  "elastic-ip",
  "launch-template",
  "instance",
  "volume",
  "network-interface",
  "vpc-flow-log",
  "vpc-endpoint",
  "natgateway",
] as const;

/**
 * The policies that hold only actions IAM gives no resource-level permission, and why each is needed; every other
 * policy of these roles names its resources.
 */
const UNSCOPED_REASONS: Readonly<Record<string, string>> = {
  "deploy/create":
    "CreateHostedZone, CreateHealthCheck, kms:CreateKey and acm:RequestCertificate (both only with this " +
    "environment's tag, in its region) and the saved Logs Insights queries have no resource-level permission; " +
    "this policy holds nothing else",
};

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Where one environment's Terraform state lives, for the roles that read or lock it. */
export interface DeliveryStateAccess {
  /** Name of the state bucket. */
  readonly bucket: string;
  /** Key prefix of this environment's states, `<environment>/`. */
  readonly keyPrefix: string;
  /**
   * Name of the DynamoDB lock table.
   * @default - S3 native locking (`use_lockfile`): lock files are objects under the key prefix
   */
  readonly lockTable?: string;
}

/** What the environment's stacks create, by name, so the deploy role can manage exactly those. */
export interface DeliveryScope {
  /** Project name (`webapp`): paths and ECR repositories are `<project>/<environment>/...`. */
  readonly projectName: string;
  /** Environment name (`production`); also the value of the `environment` tag on every resource. */
  readonly environmentName: string;
  /** Names of the buckets the stacks create (state bucket excluded: the bootstrap stack is deployed by hand). */
  readonly bucketNames: readonly string[];
  /** Name of the ECR repository. */
  readonly imageRepositoryName: string;
  /** Name of the image parameter the application deploy writes. */
  readonly imageParameterName: string;
  /** Name of the Application Load Balancer (ingress `load-balancer`); its listeners' ARNs carry it too. */
  readonly loadBalancerName: string;
  /** Name of the load balancer's target group. */
  readonly targetGroupName: string;
  /** Name of the Auto Scaling group (compute `auto-scaling-group`); also its instances' `aws:autoscaling:groupName`. */
  readonly autoScalingGroupName: string;
}

/** Props of {@link DeliveryRoles}. */
export interface DeliveryRolesProps {
  /** `<project>-<environment>`: role and policy names start with it. */
  readonly namePrefix: string;
  /** ARN of GitHub's OIDC provider in the account. */
  readonly providerArn: string;
  /** The repositories whose workflows assume the roles: the infrastructure's and the application's. */
  readonly repositories: { readonly infrastructure: GitHubRepository; readonly application: GitHubRepository };
  /** Branch the infrastructure deploys from and checks drift on. */
  readonly branch: string;
  /** GitHub environment of the deploy jobs (protect `production` with required reviewers). */
  readonly githubEnvironment: string;
  /** Region of the environment. */
  readonly region: string;
  /** Account of the environment. */
  readonly accountId: string;
  /** The environment's Terraform state. */
  readonly state: DeliveryStateAccess;
  /** What the environment's stacks create. */
  readonly scope: DeliveryScope;
}

/**
 * The four roles GitHub Actions assumes for one environment, each trusted only by exact repository and run
 * context (`aud` and `sub`), each allowed only its job:
 *
 * - plan (`<prefix>-github-plan`): pull requests and the scheduled drift check on the main branch of the
 *   infrastructure repository. Reads the environment's resources and state, and takes the state lock.
 * - deploy (`<prefix>-github-deploy`): the main branch's deploy job in the GitHub environment. What
 *   `cdktf deploy` of the environment's stacks needs, scoped by name or by the `environment` tag where AWS allows;
 *   it can neither change these roles nor touch another environment's names.
 * - image (`<prefix>-github-image`): the application repository's image job: push to this environment's ECR
 *   repository only.
 * - app-deploy (`<prefix>-github-app-deploy`): the application repository's deploy job: write the image
 *   parameter, restart the container on this environment's hosts through SSM, take them out of and back into
 *   this environment's target group, read target health.
 */
export class DeliveryRoles extends Construct {
  /** The plan role. */
  readonly planRole: IamRole;
  /** The infrastructure deploy role. */
  readonly deployRole: IamRole;
  /** The image push role. */
  readonly imageRole: IamRole;
  /** The application deploy role. */
  readonly appDeployRole: IamRole;
  /** Every statement of every role, by role and policy name, for tests and reviews. */
  readonly policies: Readonly<Record<string, Readonly<Record<string, readonly PolicyStatement[]>>>>;

  constructor(scope: Construct, id: string, props: DeliveryRolesProps) {
    super(scope, id);
    const { infrastructure, application } = props.repositories;
    const environment: GitHubRunContext = { kind: "environment", environment: props.githubEnvironment };
    const statements = deliveryPolicies(props);
    this.policies = statements;
    this.planRole = this.role(props, "Plan", "plan", "Plans and drift checks of the infrastructure", [
      ...githubSubjects(infrastructure, [{ kind: "pull-request" }, { kind: "branch", branch: props.branch }]),
    ]);
    this.deployRole = this.role(props, "Deploy", "deploy", "cdktf deploy of the environment's stacks", [
      ...githubSubjects(infrastructure, [environment]),
    ]);
    this.imageRole = this.role(props, "Image", "image", "Pushes application images", [
      ...githubSubjects(application, [environment]),
    ]);
    this.appDeployRole = this.role(props, "AppDeploy", "app-deploy", "Deploys application images to the hosts", [
      ...githubSubjects(application, [environment]),
    ]);
    const roles: Record<string, IamRole> = {
      plan: this.planRole,
      deploy: this.deployRole,
      image: this.imageRole,
      "app-deploy": this.appDeployRole,
    };
    for (const [roleKey, byPolicy] of Object.entries(statements)) {
      for (const [policyKey, policyStatements] of Object.entries(byPolicy)) {
        // Customer-managed policies: up to 6,144 characters each, where a role's inline policies share 10,240.
        const policy = new IamPolicy(this, `Policy-${roleKey}-${policyKey}`, {
          name: `${props.namePrefix}-github-${roleKey}-${policyKey}`,
          description: `GitHub Actions ${roleKey} role of ${props.namePrefix}: ${policyKey}`,
          policy: JSON.stringify({ Version: "2012-10-17", Statement: policyStatements }),
        });
        new IamRolePolicyAttachment(this, `Attachment-${roleKey}-${policyKey}`, {
          role: roles[roleKey].name,
          policyArn: policy.arn,
        });
        const reason = UNSCOPED_REASONS[`${roleKey}/${policyKey}`];
        if (reason) acknowledge(policy, "IAM-WRITES-NAME-RESOURCES", reason);
      }
    }
  }

  private role(props: DeliveryRolesProps, id: string, key: string, purpose: string, subjects: string[]): IamRole {
    return new IamRole(this, id, {
      name: `${props.namePrefix}-github-${key}`,
      description: `${purpose} (GitHub Actions, ${props.namePrefix})`,
      assumeRolePolicy: githubTrustPolicy(props.providerArn, subjects),
      maxSessionDuration: 3600,
    });
  }
}

/** The statements of every delivery role, by role and policy name. */
export function deliveryPolicies(props: DeliveryRolesProps): Record<string, Record<string, PolicyStatement[]>> {
  const { region, accountId, scope } = props;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const prefix = props.namePrefix;
  const parameterPath = `/${scope.projectName}/${scope.environmentName}`;
  const stateBucket = `arn:aws:s3:::${props.state.bucket}`;
  const stateObjects = `${stateBucket}/${props.state.keyPrefix}*`;
  const repository = arn("ecr", `repository/${scope.imageRepositoryName}`);
  const imageParameter = arn("ssm", `parameter${scope.imageParameterName}`);
  const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
  const taggedHere = { StringEquals: { "aws:ResourceTag/environment": scope.environmentName } };
  const deliveryRoles = `arn:aws:iam::${accountId}:role/${prefix}-github-*`;

  const stateRead: PolicyStatement[] = [
    { Sid: "StateList", Effect: "Allow", Action: "s3:ListBucket", Resource: stateBucket },
    { Sid: "StateRead", Effect: "Allow", Action: "s3:GetObject", Resource: stateObjects },
  ];
  const lock: PolicyStatement[] = props.state.lockTable
    ? [
        {
          Sid: "StateLock",
          Effect: "Allow",
          Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
          Resource: arn("dynamodb", `table/${props.state.lockTable}`),
        },
      ]
    : [
        // S3 native locking writes and deletes a `.tflock` object next to the state.
        {
          Sid: "StateLockFile",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject"],
          Resource: `${stateBucket}/${props.state.keyPrefix}*.tflock`,
        },
      ];
  // What a refresh reads. Describe/Get/List on "*": these services give list and describe calls no resource
  // ARN. Object data, parameter values of other paths and secret values are not among them.
  const readOnly: PolicyStatement[] = [
    {
      Sid: "DescribeResources",
      Effect: "Allow",
      Action: [
        "ec2:Describe*",
        "rds:Describe*",
        "rds:ListTagsForResource",
        "s3:GetBucket*",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetMetricsConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetAccelerateConfiguration",
        "s3:GetIntelligentTieringConfiguration",
        "s3:GetInventoryConfiguration",
        "s3:GetAnalyticsConfiguration",
        "s3:ListBucket",
        "dynamodb:DescribeTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
        "ecr:DescribeRepositories",
        "ecr:GetLifecyclePolicy",
        "ecr:GetRepositoryPolicy",
        "ecr:ListTagsForResource",
        "ssm:DescribeParameters",
        "ssm:ListTagsForResource",
        "logs:DescribeLogGroups",
        "logs:DescribeMetricFilters",
        "logs:DescribeQueryDefinitions",
        "logs:ListTagsForResource",
        "logs:ListTagsLogGroup",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:GetDashboard",
        "cloudwatch:ListTagsForResource",
        "sns:GetTopicAttributes",
        "sns:GetSubscriptionAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTagsForResource",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListAliases",
        "kms:ListResourceTags",
        "secretsmanager:DescribeSecret",
        "elasticloadbalancing:Describe*",
        "autoscaling:Describe*",
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
      ],
      Resource: "*",
      Condition: inRegion,
    },
    {
      // IAM and Route 53 are global: their calls carry aws:RequestedRegion us-east-1, whatever the stack's region.
      Sid: "DescribeGlobalResources",
      Effect: "Allow",
      Action: [
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetInstanceProfile",
        "iam:GetOpenIDConnectProvider",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListPolicyVersions",
        "route53:GetHostedZone",
        "route53:GetHealthCheck",
        "route53:GetChange",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResource",
      ],
      Resource: "*",
    },
    {
      // Operators keep SecureString secrets next to the managed parameters; the parameters Terraform manages are
      // plain String, so nothing CI runs needs to decrypt (the aws/ssm key lets anyone in the account through SSM).
      Sid: "NoSecretValues",
      Effect: "Deny",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringLike: { "kms:ViaService": "ssm.*.amazonaws.com" } },
    },
    {
      // Refreshing an aws_ssm_parameter reads its value; only this environment's path.
      Sid: "ReadParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: arn("ssm", `parameter${parameterPath}/*`),
    },
  ];

  const bucketArns = scope.bucketNames.map((name) => `arn:aws:s3:::${name}`);
  const deployServices: PolicyStatement[] = [
    {
      // VPC, subnets, routes, gateways, endpoints, the NAT gateway, security groups, the host, its address and launch
      // template, flow logs:
      // EC2 resources of this account and region (their ids are generated, so no name can narrow them), and the
      // Amazon Linux images the host starts from.
      Sid: "Ec2InThisAccountAndRegion",
      Effect: "Allow",
      Action: [
        "ec2:*Vpc",
        "ec2:*VpcAttribute",
        "ec2:*Subnet",
        "ec2:ModifySubnetAttribute",
        "ec2:*RouteTable",
        "ec2:*Route",
        "ec2:*InternetGateway",
        "ec2:*SecurityGroup",
        "ec2:*SecurityGroupIngress",
        "ec2:*SecurityGroupEgress",
        "ec2:ModifySecurityGroupRules",
        "ec2:UpdateSecurityGroupRuleDescriptions*",
        "ec2:AllocateAddress",
        "ec2:ReleaseAddress",
        "ec2:AssociateAddress",
        "ec2:DisassociateAddress",
        "ec2:*LaunchTemplate",
        "ec2:*LaunchTemplateVersions",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:*NetworkInterface",
        "ec2:ModifyNetworkInterfaceAttribute",
        "ec2:DisassociateIamInstanceProfile",
        "ec2:RunInstances",
        "ec2:TerminateInstances",
        "ec2:StopInstances",
        "ec2:StartInstances",
        "ec2:ModifyInstanceAttribute",
        "ec2:ModifyInstanceMetadataOptions",
        "ec2:MonitorInstances",
        "ec2:UnmonitorInstances",
        "ec2:AssociateIamInstanceProfile",
        "ec2:ReplaceIamInstanceProfileAssociation",
        "ec2:CreateFlowLogs",
        "ec2:DeleteFlowLogs",
        "ec2:CreateVpcEndpoint",
        "ec2:ModifyVpcEndpoint",
        "ec2:DeleteVpcEndpoints",
        "ec2:CreateNatGateway",
        "ec2:DeleteNatGateway",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
      Resource: [
        ...EC2_RESOURCE_TYPES.map((type) => `arn:aws:ec2:${region}:${accountId}:${type}/*`),
        `arn:aws:ec2:${region}::image/*`,
      ],
    },
    {
      Sid: "DatabaseByName",
      Effect: "Allow",
      Action: "rds:*",
      Resource: [arn("rds", `db:${prefix}*`), arn("rds", `subgrp:${prefix}*`), arn("rds", `pg:${prefix}*`)],
    },
    {
      // CreateDBInstance, CreateDBInstanceReadReplica and ModifyDBInstance name the engine's default option group.
      Sid: "DatabaseDefaultOptionGroup",
      Effect: "Allow",
      Action: ["rds:CreateDBInstance", "rds:CreateDBInstanceReadReplica", "rds:ModifyDBInstance"],
      Resource: arn("rds", "og:default:*"),
    },
    {
      // RDS creates and rotates the master password secret (`rds!db-...`) with the caller's permissions.
      Sid: "DatabaseManagedSecret",
      Effect: "Allow",
      Action: ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:RotateSecret"],
      Resource: arn("secretsmanager", "secret:rds!*"),
    },
    {
      // A launch template's `resolve:ssm:` AMI is read with the caller's permissions at RunInstances.
      Sid: "PublicAmiParameters",
      Effect: "Allow",
      Action: "ssm:GetParameters",
      Resource: `arn:aws:ssm:${region}::parameter/aws/service/ami-amazon-linux-latest/*`,
    },
    {
      Sid: "BucketsByName",
      Effect: "Allow",
      Action: ["s3:*Bucket*", "s3:*Configuration"],
      Resource: bucketArns,
    },
    {
      Sid: "RepositoryByName",
      Effect: "Allow",
      Action: [
        "ecr:CreateRepository",
        "ecr:DeleteRepository",
        "ecr:PutImageScanningConfiguration",
        "ecr:PutImageTagMutability",
        "ecr:PutLifecyclePolicy",
        "ecr:DeleteLifecyclePolicy",
        "ecr:TagResource",
        "ecr:UntagResource",
      ],
      Resource: repository,
    },
    {
      Sid: "ParametersByPath",
      Effect: "Allow",
      Action: [
        "ssm:PutParameter",
        "ssm:DeleteParameter",
        "ssm:DeleteParameters",
        "ssm:AddTagsToResource",
        "ssm:RemoveTagsFromResource",
      ],
      Resource: arn("ssm", `parameter${parameterPath}/*`),
    },
    {
      Sid: "LogGroupsByName",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
        "logs:TagLogGroup",
        "logs:PutMetricFilter",
        "logs:DeleteMetricFilter",
        "logs:AssociateKmsKey",
      ],
      Resource: [
        arn("logs", `log-group:/${scope.projectName}/${scope.environmentName}/*`),
        // The VPC flow log group, when flow logs are on.
        arn("logs", `log-group:/${prefix}/*`),
        arn("logs", `log-group:/aws/rds/instance/${prefix}*`),
      ],
    },
    {
      Sid: "AlarmsAndDashboardByName",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:PutDashboard",
        "cloudwatch:DeleteDashboards",
      ],
      Resource: [arn("cloudwatch", `alarm:${prefix}-*`), `arn:aws:cloudwatch::${accountId}:dashboard/${prefix}*`],
    },
    {
      Sid: "TopicByName",
      Effect: "Allow",
      Action: [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:SetTopicAttributes",
        "sns:Subscribe",
        "sns:Unsubscribe",
        "sns:TagResource",
        "sns:UntagResource",
      ],
      Resource: arn("sns", `${prefix}-*`),
    },
    {
      Sid: "KeysOfThisEnvironment",
      Effect: "Allow",
      Action: [
        "kms:EnableKeyRotation",
        "kms:PutKeyPolicy",
        "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:CreateAlias",
        "kms:DeleteAlias",
      ],
      Resource: arn("kms", "key/*"),
      Condition: taggedHere,
    },
    {
      Sid: "KeyAliasesByName",
      Effect: "Allow",
      Action: ["kms:CreateAlias", "kms:DeleteAlias"],
      Resource: arn("kms", `alias/${prefix}-*`),
    },
    {
      // Zones and health checks have generated ids: any of the account's; the domain's zone is the only one the
      // stacks hold.
      Sid: "DnsZonesAndChecks",
      Effect: "Allow",
      Action: [
        "route53:DeleteHostedZone",
        "route53:ChangeResourceRecordSets",
        "route53:ChangeTagsForResource",
        "route53:UpdateHealthCheck",
        "route53:DeleteHealthCheck",
        // An interface endpoint with private DNS associates the VPC with the endpoint's AWS-managed private zone
        // with the caller's permissions (a dependent action of ec2:CreateVpcEndpoint and ModifyVpcEndpoint).
        "route53:AssociateVPCWithHostedZone",
      ],
      Resource: ["arn:aws:route53:::hostedzone/*", "arn:aws:route53:::healthcheck/*"],
    },
  ];
  const elb = (resource: string) => arn("elasticloadbalancing", resource);
  // Phase 2's entry point and hosts (ingress `load-balancer`, compute `auto-scaling-group`), in every phase: the
  // delivery stack is deployed by hand, and the switch to Phase 2 and back must not wait for an administrator.
  const deployFleet: PolicyStatement[] = [
    {
      // The load balancer, its listeners and target group: their ARNs carry the names. Create calls tag on create,
      // which AddTags authorizes; deleting a protected load balancer first turns its deletion protection off.
      Sid: "LoadBalancerByName",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
      ],
      Resource: [
        elb(`loadbalancer/app/${scope.loadBalancerName}/*`),
        elb(`listener/app/${scope.loadBalancerName}/*`),
        elb(`targetgroup/${scope.targetGroupName}/*`),
      ],
    },
    {
      // The group and its scaling policy; the group's ARN carries a generated id, then the name. Creating or
      // updating it with a launch template also needs ec2:RunInstances, ec2:CreateTags and iam:PassRole of the
      // host role to EC2 (the EC2 and PassRolesToTheirServices statements).
      Sid: "AutoScalingGroupByName",
      Effect: "Allow",
      Action: [
        "autoscaling:CreateAutoScalingGroup",
        "autoscaling:UpdateAutoScalingGroup",
        "autoscaling:DeleteAutoScalingGroup",
        "autoscaling:CreateOrUpdateTags",
        "autoscaling:DeleteTags",
        "autoscaling:AttachLoadBalancerTargetGroups",
        "autoscaling:DetachLoadBalancerTargetGroups",
        "autoscaling:EnableMetricsCollection",
        "autoscaling:DisableMetricsCollection",
        "autoscaling:StartInstanceRefresh",
        "autoscaling:CancelInstanceRefresh",
        "autoscaling:SetInstanceProtection",
        "autoscaling:PutScalingPolicy",
        "autoscaling:DeletePolicy",
      ],
      Resource: arn("autoscaling", `autoScalingGroup:*:autoScalingGroupName/${scope.autoScalingGroupName}`),
    },
    {
      // Certificate ARNs carry a generated id only: this environment's by the tag the provider's default tags put on
      // every certificate (RequestCertificate, in the create policy, requires it).
      Sid: "CertificatesOfThisEnvironment",
      Effect: "Allow",
      Action: [
        "acm:DeleteCertificate",
        "acm:UpdateCertificateOptions",
        "acm:AddTagsToCertificate",
        "acm:RemoveTagsFromCertificate",
      ],
      Resource: arn("acm", "certificate/*"),
      Condition: taggedHere,
    },
  ];
  // Creating these has no resource-level permission in IAM: a statement of its own, acknowledged as such.
  const deployUnscoped: PolicyStatement[] = [
    {
      // Saved queries take no resource ARN.
      Sid: "SavedQueries",
      Effect: "Allow",
      Action: ["logs:PutQueryDefinition", "logs:DeleteQueryDefinition"],
      Resource: "*",
      Condition: inRegion,
    },
    {
      // A new key has no ARN to scope by; it must carry this environment's tag from the start.
      Sid: "KeyCreate",
      Effect: "Allow",
      Action: ["kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestTag/environment": scope.environmentName, ...inRegion.StringEquals } },
    },
    {
      // A new certificate has no ARN to scope by; it must carry this environment's tag from the start (a request
      // with tags is also authorized as AddTagsToCertificate), be validated by DNS and be requested in the region.
      Sid: "CertificateRequest",
      Effect: "Allow",
      Action: ["acm:RequestCertificate", "acm:AddTagsToCertificate"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "aws:RequestTag/environment": scope.environmentName,
          ...inRegion.StringEquals,
        },
      },
    },
    {
      // Creating a zone or a health check has no resource-level permission.
      Sid: "DnsCreate",
      Effect: "Allow",
      Action: ["route53:CreateHostedZone", "route53:CreateHealthCheck"],
      Resource: "*",
    },
  ];
  const deployIam: PolicyStatement[] = [
    {
      Sid: "RolesByName",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:CreateInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:UntagInstanceProfile",
      ],
      Resource: [
        `arn:aws:iam::${accountId}:role/${prefix}-*`,
        `arn:aws:iam::${accountId}:instance-profile/${prefix}-*`,
      ],
    },
    {
      Sid: "PassRolesToTheirServices",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:aws:iam::${accountId}:role/${prefix}-*`,
      Condition: {
        StringEquals: {
          "iam:PassedToService": ["ec2.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
        },
      },
    },
    {
      // The first RDS instance of an account creates RDS's service-linked role with the caller's permissions.
      Sid: "RdsServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${accountId}:role/aws-service-role/rds.amazonaws.com/*`,
      Condition: { StringEquals: { "iam:AWSServiceName": "rds.amazonaws.com" } },
    },
    {
      // The first load balancer and the first Auto Scaling group of an account create their service's
      // service-linked role with the caller's permissions.
      Sid: "LoadBalancingAndAutoScalingServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: [
        `arn:aws:iam::${accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*`,
        `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/*`,
      ],
      Condition: {
        StringEquals: { "iam:AWSServiceName": ["elasticloadbalancing.amazonaws.com", "autoscaling.amazonaws.com"] },
      },
    },
    {
      // The deploy role never changes the delivery roles, its own included: that stack is deployed by an admin.
      Sid: "NotTheDeliveryRoles",
      Effect: "Deny",
      Action: "iam:*",
      Resource: deliveryRoles,
    },
  ];
  const hostTags = {
    "ssm:resourceTag/project": scope.projectName,
    "ssm:resourceTag/environment": scope.environmentName,
  };

  return {
    plan: { read: [...readOnly, ...stateRead, ...lock] },
    deploy: {
      state: [
        ...stateRead,
        { Sid: "StateWrite", Effect: "Allow", Action: "s3:PutObject", Resource: stateObjects },
        ...lock,
      ],
      read: readOnly,
      services: deployServices,
      fleet: deployFleet,
      create: deployUnscoped,
      iam: deployIam,
    },
    image: {
      push: [
        // GetAuthorizationToken has no resource-level permission.
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PushToThisRepository",
          Effect: "Allow",
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload",
            "ecr:InitiateLayerUpload",
            "ecr:PutImage",
            "ecr:UploadLayerPart",
          ],
          Resource: repository,
        },
      ],
    },
    "app-deploy": {
      deploy: [
        {
          Sid: "ImageParameter",
          Effect: "Allow",
          Action: ["ssm:GetParameter", "ssm:PutParameter"],
          Resource: imageParameter,
        },
        {
          Sid: "RestartDocument",
          Effect: "Allow",
          Action: "ssm:SendCommand",
          Resource: `arn:aws:ssm:${region}::document/AWS-RunShellScript`,
        },
        {
          Sid: "RestartOnThisEnvironmentsHosts",
          Effect: "Allow",
          Action: "ssm:SendCommand",
          Resource: `arn:aws:ec2:${region}:${accountId}:instance/*`,
          Condition: { StringEquals: hostTags },
        },
        {
          // An Auto Scaling group's instances carry the tags of its launch template and group, not the provider's
          // default tags: they are found by the group's own tag, which only Auto Scaling can set.
          Sid: "RestartOnThisEnvironmentsGroup",
          Effect: "Allow",
          Action: "ssm:SendCommand",
          Resource: `arn:aws:ec2:${region}:${accountId}:instance/*`,
          Condition: { StringEquals: { "ssm:resourceTag/aws:autoscaling:groupName": scope.autoScalingGroupName } },
        },
        {
          // deploy-app.sh takes each host out of this environment's target group while it restarts, and back in.
          Sid: "DrainThisEnvironmentsTargetGroup",
          Effect: "Allow",
          Action: ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
          Resource: elb(`targetgroup/${scope.targetGroupName}/*`),
        },
        {
          // Command results, instances and target health have no resource-level permission.
          Sid: "FollowTheDeploy",
          Effect: "Allow",
          Action: ["ssm:GetCommandInvocation", "ec2:DescribeInstances", "elasticloadbalancing:DescribeTargetHealth"],
          Resource: "*",
          Condition: inRegion,
        },
      ],
    },
  };
}
