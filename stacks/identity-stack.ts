import { Construct } from "constructs";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

/**
 * Where users sign in (`capabilities.userPool`): a Cognito user pool from Phase 4. Deploys after the dns stack,
 * whose zone will hold the pool's custom domain. Empty while the application keeps its own accounts.
 */
export class IdentityStack extends EnvironmentStack {
  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "identity", props);
    const userPool = props.environment.capabilities.userPool;
    switch (userPool.kind) {
      case "none":
        break;
      case "cognito":
        throw notBuiltByThisVersion("userPool", userPool.kind);
    }
  }
}
