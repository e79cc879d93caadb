import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Network } from "../modules/network";
import { HOST_INTERFACE_SERVICES, VpcEndpoints } from "../modules/vpc-endpoints";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/**
 * The VPC and subnets of one environment, the NAT gateway when configured, and the VPC endpoints
 * `capabilities.vpcEndpoints` asks for (none in Phase 1; with `hosts`, the S3 gateway and the interface endpoints
 * private EC2 hosts need). Later stacks read its attributes through cross-stack references.
 */
export class NetworkStack extends EnvironmentStack {
  /** The environment's network. */
  readonly network: Network;
  /** The VPC endpoints, with vpcEndpoints `hosts`. */
  readonly endpoints?: VpcEndpoints;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "network", props);
    const env = props.environment;
    this.network = new Network(this, "Network", {
      namePrefix: `${env.projectName}-${env.name}`,
      ...env.network,
    });
    const endpoints = env.capabilities.vpcEndpoints;
    switch (endpoints.kind) {
      case "none":
        break;
      case "hosts":
        this.endpoints = new VpcEndpoints(this, "Endpoints", {
          namePrefix: `${env.projectName}-${env.name}`,
          region: env.region,
          vpcId: this.network.vpcId,
          privateSubnetIds: this.network.privateSubnetIds,
          privateSubnetCidrs: env.network.privateSubnetCidrs,
          privateRouteTableIds: [this.network.privateRouteTableId],
          interfaceServices: HOST_INTERFACE_SERVICES,
        });
        break;
      case "tasks":
        throw notBuiltByThisVersion("vpcEndpoints", endpoints.kind);
    }
    new TerraformOutput(this, "VpcId", { value: this.network.vpcId });
    new TerraformOutput(this, "PublicSubnetIds", { value: this.network.publicSubnetIds });
    new TerraformOutput(this, "PrivateSubnetIds", { value: this.network.privateSubnetIds });
  }
}
