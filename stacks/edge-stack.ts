import { Construct } from "constructs";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/**
 * How the front end is served (`capabilities.frontEnd`): CloudFront and the site bucket from Phase 4, with a
 * us-east-1 certificate from the dns stack. Empty while the application serves its own front end.
 */
export class EdgeStack extends EnvironmentStack {
  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "edge", props);
    const frontEnd = props.environment.capabilities.frontEnd;
    switch (frontEnd.kind) {
      case "app":
        break;
      case "cloudfront":
        throw notBuiltByThisVersion("frontEnd", frontEnd.kind);
    }
  }
}
