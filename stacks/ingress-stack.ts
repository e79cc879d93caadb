import { Construct } from "constructs";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/**
 * What the internet reaches first (`capabilities.ingress`): the Application Load Balancer from Phase 2, in the
 * network stack's public subnets with a certificate from the dns stack. Empty while the host itself is the
 * entry point (ingress `host`): its Elastic IP belongs to the compute stack.
 */
export class IngressStack extends EnvironmentStack {
  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "ingress", props);
    const ingress = props.environment.capabilities.ingress;
    switch (ingress.kind) {
      case "host":
        break;
      case "load-balancer":
        throw notBuiltByThisVersion("ingress", ingress.kind);
    }
  }
}
