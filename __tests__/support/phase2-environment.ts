import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { App, TerraformStack } from "cdktf";
import { mkdirSync } from "node:fs";
import { Database, ReadReplica } from "../../modules/database";
import { LoadBalancer } from "../../modules/load-balancer";
import { Network } from "../../modules/network";
import { HOST_INTERFACE_SERVICES, VpcEndpoints } from "../../modules/vpc-endpoints";

/** The shape of a module-level Phase 2 environment; each field is what the hand computations price. */
export interface Phase2Shape {
  /** How private hosts reach AWS: interface endpoints (and the S3 gateway), or one NAT gateway. */
  readonly egress: "endpoints" | "nat";
  /** Availability zones: public and private subnets, endpoint zones and load balancer nodes in each. */
  readonly availabilityZones: readonly string[];
  /** Instance type of the Auto Scaling group's launch template. */
  readonly instanceType: string;
  /** Instances the group keeps running (`min_size`; `desired_capacity` is left to the group). */
  readonly minSize: number;
  /** Root volume of each instance, GiB. */
  readonly rootVolumeSizeGiB: number;
  /** Instance class of the Multi-AZ primary and of its replica. */
  readonly instanceClass: string;
  /** Allocated storage of the primary (the replica gets the same), GiB. */
  readonly allocatedStorageGiB: number;
  /** Read replicas. */
  readonly readReplicas: number;
}

/** Production in Phase 2 as growth.md draws it: three zones, two hosts, Multi-AZ with one replica, endpoints. */
export const PRODUCTION_PHASE_2: Phase2Shape = {
  egress: "endpoints",
  availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
  instanceType: "t4g.small",
  minSize: 2,
  rootVolumeSizeGiB: 20,
  instanceClass: "db.t4g.micro",
  allocatedStorageGiB: 20,
  readReplicas: 1,
};

/**
 * Synthesizes a Phase 2 environment named `production` into `outdir` from the modules that exist before the
 * stacks build Phase 2 (modules/load-balancer, modules/vpc-endpoints, modules/database with its read replica) and
 * raw resources for the rest (launch template and Auto Scaling group; NAT gateway with its Elastic IP), one
 * stack per concern with cross-stack references, as the environment's stacks will hold them.
 *
 * Stand-in until the stacks build Phase 2: then the cost and diagram tests synthesize the real environment with
 * `phase: 2` (and `capabilities.vpcEndpoints: "none"` with `network.enableNatGateway: true`) instead.
 */
export function synthesizePhase2(outdir: string, shape: Phase2Shape = PRODUCTION_PHASE_2): void {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false });
  const stack = (kind: string) => {
    const s = new TerraformStack(app, `production-${kind}`);
    new AwsProvider(s, "Aws", { region: "ap-northeast-1" });
    return s;
  };
  const zones = shape.availabilityZones;
  const network = new Network(stack("network"), "Network", {
    namePrefix: "webapp-production",
    vpcCidr: "10.30.0.0/16",
    availabilityZones: zones,
    publicSubnetCidrs: zones.map((_, i) => `10.30.${i}.0/24`),
    privateSubnetCidrs: zones.map((_, i) => `10.30.${100 + i}.0/24`),
  });
  const networkStack = network.node.scope as TerraformStack;
  switch (shape.egress) {
    case "endpoints":
      new VpcEndpoints(networkStack, "Endpoints", {
        namePrefix: "webapp-production",
        region: "ap-northeast-1",
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        privateSubnetCidrs: zones.map((_, i) => `10.30.${100 + i}.0/24`),
        privateRouteTableIds: [network.privateRouteTableId],
        interfaceServices: HOST_INTERFACE_SERVICES,
      });
      break;
    case "nat": {
      const eip = new Eip(networkStack, "NatAddress", { domain: "vpc" });
      const nat = new NatGateway(networkStack, "NatGateway", {
        allocationId: eip.allocationId,
        subnetId: network.publicSubnetIds[0],
      });
      new Route(networkStack, "PrivateDefaultRoute", {
        routeTableId: network.privateRouteTableId,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
      break;
    }
  }

  const database = new Database(stack("database"), "Database", {
    identifier: "webapp-production",
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    instanceClass: shape.instanceClass,
    allocatedStorageGiB: shape.allocatedStorageGiB,
    enableMultiAz: true,
  });
  for (let i = 1; i <= shape.readReplicas; i++) {
    new ReadReplica(database.node.scope as TerraformStack, `ReadReplica${i}`, {
      source: database,
      identifier: `webapp-production-replica-${i}`,
    });
  }

  const balancer = new LoadBalancer(stack("ingress"), "LoadBalancer", {
    namePrefix: "webapp-production",
    region: "ap-northeast-1",
    accountId: "000000000000",
    vpcId: network.vpcId,
    vpcCidr: "10.30.0.0/16",
    publicSubnetIds: network.publicSubnetIds,
    certificateArn: "arn:aws:acm:ap-northeast-1:000000000000:certificate/00000000-0000-0000-0000-000000000000",
    targetPort: 3000,
    healthCheckPath: "/health",
  });

  const compute = stack("compute");
  const template = new LaunchTemplate(compute, "LaunchTemplate", {
    name: "webapp-production",
    imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    instanceType: shape.instanceType,
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        ebs: { volumeType: "gp3", volumeSize: shape.rootVolumeSizeGiB, encrypted: "true" },
      },
    ],
    networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0 }],
  });
  new AutoscalingGroup(compute, "Hosts", {
    name: "webapp-production",
    minSize: shape.minSize,
    maxSize: shape.minSize * 2,
    vpcZoneIdentifier: network.privateSubnetIds,
    targetGroupArns: [balancer.targetGroup.arn],
    launchTemplate: { id: template.id, version: "$Latest" },
  });
  app.synth();
}
