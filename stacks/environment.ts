import { App } from "cdktf";
import { EnvironmentConfig } from "../config";
import { BootstrapStack } from "./bootstrap-stack";
import { NetworkStack } from "./network-stack";

/** Every stack of one environment, for wiring and tests. */
export interface EnvironmentStacks {
  readonly bootstrap: BootstrapStack;
  readonly network: NetworkStack;
}

/** Builds the stacks of one environment for its phase. */
export function buildEnvironment(app: App, environment: EnvironmentConfig): EnvironmentStacks {
  const bootstrap = new BootstrapStack(app, { environment });
  const network = new NetworkStack(app, { environment });
  return { bootstrap, network };
}
