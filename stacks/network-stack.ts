import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Network } from "../modules/network";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/**
 * The VPC and subnets of one environment, and the VPC endpoints `capabilities.vpcEndpoints` asks for (none in
 * Phase 1); later stacks read its attributes through cross-stack references.
 */
export class NetworkStack extends EnvironmentStack {
  /** The environment's network. */
  readonly network: Network;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "network", props);
    const env = props.environment;
    const endpoints = env.capabilities.vpcEndpoints;
    switch (endpoints.kind) {
      case "none":
        break;
      case "hosts":
      case "tasks":
        throw notBuiltByThisVersion("vpcEndpoints", endpoints.kind);
    }
    this.network = new Network(this, "Network", {
      namePrefix: `${env.projectName}-${env.name}`,
      ...env.network,
    });
    new TerraformOutput(this, "VpcId", { value: this.network.vpcId });
    new TerraformOutput(this, "PublicSubnetIds", { value: this.network.publicSubnetIds });
    new TerraformOutput(this, "PrivateSubnetIds", { value: this.network.privateSubnetIds });
  }
}
