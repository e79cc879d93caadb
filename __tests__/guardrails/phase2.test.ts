import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { capabilitiesForPhase } from "../../config";
import { acknowledge } from "../../guardrails";
import { AppRuntime } from "../../modules/app-runtime";
import { Database, ReadReplica } from "../../modules/database";
import { LoadBalancer } from "../../modules/load-balancer";
import { Network } from "../../modules/network";
import { HOST_INTERFACE_SERVICES, VpcEndpoints } from "../../modules/vpc-endpoints";
import { checkTestStack } from "../support/guardrails";

const PRODUCTION = { name: "production", capabilities: capabilitiesForPhase(2) };
const PREFIX = "webapp-production";
const APP_PORT = 8080;

interface Phase2Options {
  /** CIDRs the hosts' security group takes 80 and 443 from, as in Phase 1. */
  readonly hostIngressCidrs?: readonly string[];
  /** Whether the hosts take the application port from the load balancer's security group. */
  readonly fromLoadBalancer?: boolean;
}

/**
 * Phase 2 of one environment in one stack, built from the project's modules, with the Auto Scaling group and its
 * launch template shaped as the compute stack will build them: what the Phase 2 guardrails must let through.
 */
function phase2(stack: TerraformStack, options: Phase2Options = {}): void {
  const network = new Network(stack, "Network", {
    namePrefix: PREFIX,
    vpcCidr: "10.30.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
    publicSubnetCidrs: ["10.30.0.0/20", "10.30.16.0/20"],
    privateSubnetCidrs: ["10.30.128.0/20", "10.30.144.0/20"],
    enableFlowLogs: true,
  });
  new VpcEndpoints(stack, "Endpoints", {
    namePrefix: PREFIX,
    region: "ap-northeast-1",
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
    privateSubnetCidrs: ["10.30.128.0/20", "10.30.144.0/20"],
    privateRouteTableIds: [network.privateRouteTableId],
    interfaceServices: HOST_INTERFACE_SERVICES,
  });
  const database = new Database(stack, "Database", {
    identifier: PREFIX,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    enableMultiAz: true,
  });
  new ReadReplica(stack, "Replica-1", { source: database, identifier: `${PREFIX}-replica-1` });
  const runtime = new AppRuntime(stack, "AppRuntime", {
    namePrefix: PREFIX,
    roleName: `${PREFIX}-app-host`,
    vpcId: network.vpcId,
    region: "ap-northeast-1",
    accountId: "123456789012",
    ingressCidrs: options.hostIngressCidrs ?? [],
    parameterPath: `/webapp/production`,
    appLogGroupName: `/webapp/production/app`,
    access: {
      imageRepositoryArn: "arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp",
      databaseSecretArn: database.masterUserSecretArn,
      bucketArn: "arn:aws:s3:::webapp-production-app",
    },
    database: {
      securityGroupId: database.securityGroupId,
      port: database.dbPort,
      resourceId: database.instance.resourceId,
      username: "app_user",
    },
  });
  const ingress = new LoadBalancer(stack, "Ingress", {
    namePrefix: PREFIX,
    region: "ap-northeast-1",
    accountId: "123456789012",
    vpcId: network.vpcId,
    vpcCidr: "10.30.0.0/16",
    publicSubnetIds: network.publicSubnetIds,
    certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
    targetPort: APP_PORT,
    healthCheckPath: "/health",
    accessLogs: { bucketName: `${PREFIX}-alb-logs` },
  });
  if (options.fromLoadBalancer ?? true) {
    new VpcSecurityGroupIngressRule(stack, "AppFromLoadBalancer", {
      securityGroupId: runtime.securityGroupId,
      description: "the application port from the load balancer",
      ipProtocol: "tcp",
      fromPort: APP_PORT,
      toPort: APP_PORT,
      referencedSecurityGroupId: ingress.securityGroup.id,
    });
  }
  const template = new LaunchTemplate(stack, "Template", {
    name: `${PREFIX}-app`,
    imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    instanceType: "t4g.small",
    iamInstanceProfile: { name: runtime.instanceProfileName },
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 },
    networkInterfaces: [
      { associatePublicIpAddress: "false", deviceIndex: 0, securityGroups: [runtime.securityGroupId] },
    ],
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", volumeSize: 30 } }],
    userData: Buffer.from("#!/bin/bash\ndnf install -y docker\n").toString("base64"),
    monitoring: { enabled: true },
  });
  acknowledge(template, "EC2-IMDS-HOP-LIMIT", "Docker's bridge network is one hop more; containers use the role");
  const hosts = new AutoscalingGroup(stack, "Hosts", {
    name: `${PREFIX}-app`,
    minSize: 2,
    maxSize: 4,
    launchTemplate: { id: template.id, version: template.latestVersion.toString() },
    vpcZoneIdentifier: network.privateSubnetIds,
    healthCheckType: "ELB",
    healthCheckGracePeriod: 300,
    targetGroupArns: [ingress.targetGroup.arn],
  });
  new AutoscalingPolicy(stack, "Cpu", {
    name: `${PREFIX}-cpu-70`,
    autoscalingGroupName: hosts.name,
    policyType: "TargetTrackingScaling",
    targetTrackingConfiguration: {
      predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
      targetValue: 70,
    },
  });
}

/** Rules the shipped configuration acknowledges for the whole environment (config/environments.ts). */
const ACKNOWLEDGED_BY_THE_ENVIRONMENT = new Set(["S3-ACCESS-LOGGED", "LOGS-KMS-ENCRYPTED"]);

const findings = (options?: Phase2Options) => {
  const [outcome] = checkTestStack((stack) => phase2(stack, options), PRODUCTION).stacks;
  return {
    failed: outcome.failed
      .filter((f) => !ACKNOWLEDGED_BY_THE_ENVIRONMENT.has(f.ruleId))
      .map((f) => `${f.ruleId} ${f.address}`),
    acknowledged: outcome.acknowledged.map((f) => `${f.ruleId} ${f.address}`),
  };
};

describe("a production Phase 2 built from the project's modules", () => {
  test("passes every guardrail, with only the Docker hop limit acknowledged", () => {
    expect(findings()).toEqual({ failed: [], acknowledged: ["EC2-IMDS-HOP-LIMIT aws_launch_template.Template"] });
  });

  test("fails when the hosts keep Phase 1's ingress from the internet instead of the load balancer's group", () => {
    const { failed } = findings({ hostIngressCidrs: ["0.0.0.0/0"], fromLoadBalancer: false });
    expect(new Set(failed.map((f) => f.split(" ")[0]))).toEqual(
      // Port 80 from the internet without 443 is also plain HTTP in production.
      new Set(["SG-WORLD-INGRESS-WEB-ONLY", "SG-HOSTS-FROM-GROUPS-ONLY", "HTTPS-IN-PRODUCTION"]),
    );
    expect(failed.every((f) => /aws_vpc_security_group_ingress_rule\.AppRuntime_Ingress-/.test(f))).toBe(true);
  });
});
