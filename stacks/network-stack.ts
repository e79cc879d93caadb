import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Network } from "../modules/network";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The VPC and subnets of one environment; later stacks read its attributes through cross-stack references. */
export class NetworkStack extends EnvironmentStack {
  /** The environment's network. */
  readonly network: Network;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "network", props);
    const env = props.environment;
    this.network = new Network(this, "Network", {
      namePrefix: `${env.projectName}-${env.name}`,
      ...env.network,
    });
    new TerraformOutput(this, "VpcId", { value: this.network.vpcId });
    new TerraformOutput(this, "PublicSubnetIds", { value: this.network.publicSubnetIds });
    new TerraformOutput(this, "PrivateSubnetIds", { value: this.network.privateSubnetIds });
  }
}
