import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { App } from "cdktf";
import { EnvironmentInput, loadEnvironments } from "../../config";
import { PolicyStatement } from "../../modules/delivery";
import { DeliveryStack } from "../../stacks";
import { projectWith } from "../support/environment";
import { SynthesizedStack, onlyResource, resourcesOf, synth } from "../support/synth";
import { WITH_DOMAIN, buildSynthesized } from "./environment-fixtures";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function deliveryStack(name: string, change: (env: EnvironmentInput) => EnvironmentInput = (env) => env) {
  const [environment] = loadEnvironments(projectWith(name, change), { only: [name] });
  const stack = new DeliveryStack(new App(), { environment });
  return {
    stack,
    parsed: synth(stack).parsed as unknown as { resource?: Resources; output?: Record<string, unknown> },
  };
}

describe("DeliveryStack", () => {
  test("production: GitHub's OIDC provider and the four roles, with their ARNs as outputs", () => {
    const { parsed } = deliveryStack("production");
    expect(Object.values(parsed.resource![IamOpenidConnectProvider.tfResourceType])).toHaveLength(1);
    expect(
      Object.values(parsed.resource![IamRole.tfResourceType])
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "webapp-production-github-app-deploy",
      "webapp-production-github-deploy",
      "webapp-production-github-image",
      "webapp-production-github-plan",
    ]);
    expect(Object.keys(parsed.output!).sort()).toEqual(
      ["AppDeployRoleArn", "DeployRoleArn", "ImageRoleArn", "PlanRoleArn"].sort(),
    );
  });

  test("an environment that adopts the account's provider names it by ARN and creates none", () => {
    const { parsed } = deliveryStack("production", (env) => ({
      ...env,
      delivery: { ...env.delivery!, adoptOidcProvider: true },
    }));
    expect(parsed.resource![IamOpenidConnectProvider.tfResourceType]).toBeUndefined();
    const trust = JSON.parse(String(Object.values(parsed.resource![IamRole.tfResourceType])[0].assume_role_policy));
    expect(trust.Statement[0].Principal.Federated).toBe(
      "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com",
    );
  });

  test("without delivery configuration the stack is empty", () => {
    const { parsed } = deliveryStack("development");
    expect(parsed.resource).toBeUndefined();
    expect(parsed.output).toBeUndefined();
  });
});

/** Phase 2 with a domain, and Phase 2 with a NAT gateway instead of endpoints. */
const PHASE_2 = (env: EnvironmentInput): EnvironmentInput => ({ ...WITH_DOMAIN(env), phase: 2 });
const PHASE_2_NAT = (env: EnvironmentInput): EnvironmentInput => ({
  ...PHASE_2(env),
  capabilities: { vpcEndpoints: "none" },
  network: { ...env.network, enableNatGateway: true },
});

const pattern = (glob: string, flags = "") =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, flags);

/**
 * Whether the statements allow `action` on `resource`, as IAM matches Action and Resource (an explicit Deny
 * wins). Conditions are left out: __tests__/modules/delivery.test.ts asserts them statement by statement.
 */
function allows(statements: readonly PolicyStatement[], action: string, resource: string): boolean {
  const covers = (s: PolicyStatement) =>
    [s.Action].flat().some((a) => pattern(a, "i").test(action)) &&
    [s.Resource].flat().some((r) => pattern(r).test(resource));
  return (
    !statements.some((s) => s.Effect === "Deny" && covers(s)) &&
    statements.some((s) => s.Effect === "Allow" && covers(s))
  );
}

/** What Terraform calls for each Phase 2 resource (terraform-provider-aws 5.100), on the ARN AWS authorizes. */
function phase2Calls(change: (env: EnvironmentInput) => EnvironmentInput) {
  const { stacks, parsed } = buildSynthesized("production", change);
  const account = stacks.delivery.environment.allowedAccountId!;
  const arn = (service: string, resource: string) => `arn:aws:${service}:ap-northeast-1:${account}:${resource}`;
  const ingress = parsed(stacks.ingress);
  const compute = parsed(stacks.compute);
  const database = parsed(stacks.database);
  const monitoring = parsed(stacks.monitoring);
  const network = parsed(stacks.network);
  const lbName = String(onlyResource(ingress, "aws_lb").name);
  const targetGroupName = String(onlyResource(ingress, "aws_lb_target_group").name);
  const groupName = String(onlyResource(compute, "aws_autoscaling_group").name);
  const replicas = resourcesOf(database, "aws_db_instance").filter(([, db]) => db.replicate_source_db !== undefined);
  const names = (stack: SynthesizedStack, type: string, key: string) =>
    resourcesOf(stack, type).map(([, r]) => String(r[key]));
  const loadBalancer = arn("elasticloadbalancing", `loadbalancer/app/${lbName}/50dc6c495c0c9188`);
  const calls: [string, string[], string][] = [
    [
      "load balancer",
      [
        "CreateLoadBalancer",
        "ModifyLoadBalancerAttributes",
        "SetSecurityGroups",
        "SetSubnets",
        "AddTags",
        "RemoveTags",
        "DeleteLoadBalancer",
      ].map((a) => `elasticloadbalancing:${a}`),
      loadBalancer,
    ],
    [
      "listener",
      ["CreateListener", "ModifyListener", "AddTags", "DeleteListener"].map((a) => `elasticloadbalancing:${a}`),
      arn("elasticloadbalancing", `listener/app/${lbName}/50dc6c495c0c9188/f2f7dc8efc522ab2`),
    ],
    [
      "target group",
      ["CreateTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "AddTags", "DeleteTargetGroup"].map(
        (a) => `elasticloadbalancing:${a}`,
      ),
      arn("elasticloadbalancing", `targetgroup/${targetGroupName}/73e2d6bc24d8a067`),
    ],
    [
      "Auto Scaling group",
      [
        "CreateAutoScalingGroup",
        "UpdateAutoScalingGroup",
        "CreateOrUpdateTags",
        "EnableMetricsCollection",
        "StartInstanceRefresh",
        "CancelInstanceRefresh",
        "SetInstanceProtection",
        "PutScalingPolicy",
        "DeletePolicy",
        "DeleteAutoScalingGroup",
      ].map((a) => `autoscaling:${a}`),
      arn("autoscaling", `autoScalingGroup:7c4d3f3e-1b2a-4c5d-8e9f-0a1b2c3d4e5f:autoScalingGroupName/${groupName}`),
    ],
    ["group instances", ["ec2:RunInstances", "ec2:CreateTags"], arn("ec2", "instance/i-0123456789abcdef0")],
    ["certificate request", ["acm:RequestCertificate"], "*"],
    [
      "certificate",
      ["acm:AddTagsToCertificate", "acm:UpdateCertificateOptions", "acm:DeleteCertificate"],
      arn("acm", "certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
    ],
    ...names(ingress, "aws_s3_bucket", "bucket").map((bucket): [string, string[], string] => [
      `bucket ${bucket}`,
      [
        "s3:CreateBucket",
        "s3:PutBucketPolicy",
        "s3:PutLifecycleConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:DeleteBucket",
      ],
      `arn:aws:s3:::${bucket}`,
    ]),
    ...replicas.flatMap(([, db]): [string, string[], string][] => [
      [
        `replica ${db.identifier}`,
        ["rds:CreateDBInstanceReadReplica", "rds:ModifyDBInstance", "rds:DeleteDBInstance"],
        arn("rds", `db:${db.identifier}`),
      ],
      ["replica option group", ["rds:CreateDBInstanceReadReplica"], arn("rds", "og:default:postgres-17")],
    ]),
    ...names(database, "aws_cloudwatch_log_group", "name").map((name): [string, string[], string] => [
      `log group ${name}`,
      ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DeleteLogGroup"],
      arn("logs", `log-group:${name}`),
    ]),
    ...names(monitoring, "aws_cloudwatch_metric_alarm", "alarm_name").map((name): [string, string[], string] => [
      `alarm ${name}`,
      ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
      arn("cloudwatch", `alarm:${name}`),
    ]),
    ...["elasticloadbalancing", "autoscaling"].map((service): [string, string[], string] => [
      `${service} service-linked role`,
      ["iam:CreateServiceLinkedRole"],
      `arn:aws:iam::${account}:role/aws-service-role/${service}.amazonaws.com/AWSServiceRoleFor${service === "autoscaling" ? "AutoScaling" : "ElasticLoadBalancing"}`,
    ]),
  ];
  if (resourcesOf(network, "aws_vpc_endpoint").length > 0) {
    calls.push(
      [
        "VPC endpoint",
        ["ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint", "ec2:CreateTags", "ec2:DeleteVpcEndpoints"],
        arn("ec2", "vpc-endpoint/vpce-0123456789abcdef0"),
      ],
      ["endpoint private zone", ["route53:AssociateVPCWithHostedZone"], "arn:aws:route53:::hostedzone/Z0123456789ABC"],
    );
  }
  if (resourcesOf(network, "aws_nat_gateway").length > 0) {
    calls.push(
      [
        "NAT gateway",
        ["ec2:CreateNatGateway", "ec2:CreateTags", "ec2:DeleteNatGateway"],
        arn("ec2", "natgateway/nat-0123456789abcdef0"),
      ],
      [
        "NAT address",
        ["ec2:AllocateAddress", "ec2:ReleaseAddress"],
        arn("ec2", "elastic-ip/eipalloc-0123456789abcdef0"),
      ],
    );
  }
  return { calls, policies: stacks.delivery.roles!.policies };
}

describe("DeliveryStack at Phase 2", () => {
  test.each([
    ["with VPC endpoints", PHASE_2],
    ["with a NAT gateway", PHASE_2_NAT],
  ])(
    "production %s: the deploy role may create, change and delete every Phase 2 resource by its synthesized name",
    (_, change) => {
      const { calls, policies } = phase2Calls(change);
      const deploy = Object.values(policies.deploy).flat();
      const denied = calls.flatMap(([what, actions, resource]) =>
        actions.filter((a) => !allows(deploy, a, resource)).map((a) => `${what}: ${a} on ${resource}`),
      );
      expect(denied).toEqual([]);
      expect(calls.length).toBeGreaterThan(20);
    },
  );

  test("production: what Phase 2's refresh reads, the plan role may read", () => {
    const plan = Object.values(phase2Calls(PHASE_2).policies.plan).flat();
    const reads = [
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTags",
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribePolicies",
      "acm:DescribeCertificate",
      "acm:ListTagsForCertificate",
      "ec2:DescribeVpcEndpoints",
      "ec2:DescribePrefixLists",
      "ec2:DescribeNatGateways",
    ];
    expect(reads.filter((a) => !allows(plan, a, "*"))).toEqual([]);
    // Reading never becomes writing: the same role may not create the load balancer.
    expect(allows(plan, "elasticloadbalancing:CreateLoadBalancer", "*")).toBe(false);
  });

  test("production: the app-deploy role may drain and register hosts of the synthesized target group only", () => {
    const { stacks, parsed } = buildSynthesized("production", PHASE_2);
    const account = stacks.delivery.environment.allowedAccountId!;
    const name = String(onlyResource(parsed(stacks.ingress), "aws_lb_target_group").name);
    const appDeploy = Object.values(stacks.delivery.roles!.policies["app-deploy"]).flat();
    const group = (tgName: string) =>
      `arn:aws:elasticloadbalancing:ap-northeast-1:${account}:targetgroup/${tgName}/73e2d6bc24d8a067`;
    const actions = ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"];
    expect(actions.filter((a) => !allows(appDeploy, a, group(name)))).toEqual([]);
    expect(actions.filter((a) => allows(appDeploy, a, group("webapp-test-app")))).toEqual([]);
    expect(allows(appDeploy, "elasticloadbalancing:DeleteTargetGroup", group(name))).toBe(false);
  });

  test("the deploy role cannot reach another environment's load balancer or group", () => {
    const deploy = Object.values(phase2Calls(PHASE_2).policies.deploy).flat();
    const arn = (resource: string) => `arn:aws:${resource}`;
    expect(
      [
        [
          "elasticloadbalancing:DeleteLoadBalancer",
          arn("elasticloadbalancing:ap-northeast-1:000000000000:loadbalancer/app/webapp-test/1"),
        ],
        [
          "elasticloadbalancing:DeleteTargetGroup",
          arn("elasticloadbalancing:ap-northeast-1:000000000000:targetgroup/webapp-test-app/1"),
        ],
        [
          "autoscaling:DeleteAutoScalingGroup",
          arn("autoscaling:ap-northeast-1:000000000000:autoScalingGroup:1:autoScalingGroupName/webapp-test-app"),
        ],
        ["s3:DeleteBucket", "arn:aws:s3:::webapp-test-alb-logs"],
      ].filter(([action, resource]) => allows(deploy, action, resource)),
    ).toEqual([]);
  });
});
