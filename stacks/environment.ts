import { App } from "cdktf";
import { EnvironmentConfig } from "../config";
import { BootstrapStack } from "./bootstrap-stack";
import { ComputeStack } from "./compute-stack";
import { DatabaseStack } from "./database-stack";
import { DnsStack } from "./dns-stack";
import { MonitoringStack } from "./monitoring-stack";
import { NetworkStack } from "./network-stack";
import { ParametersStack } from "./parameters-stack";
import { RegistryStack } from "./registry-stack";
import { StorageStack } from "./storage-stack";

/** Every stack of one environment, for wiring and tests. */
export interface EnvironmentStacks {
  readonly bootstrap: BootstrapStack;
  readonly network: NetworkStack;
  readonly storage: StorageStack;
  readonly registry: RegistryStack;
  readonly database: DatabaseStack;
  readonly parameters: ParametersStack;
  readonly compute: ComputeStack;
  readonly monitoring: MonitoringStack;
  /** Absent when the environment configures no domain. */
  readonly dns?: DnsStack;
}

/** Builds the stacks of one environment for its phase. */
export function buildEnvironment(app: App, environment: EnvironmentConfig): EnvironmentStacks {
  const bootstrap = new BootstrapStack(app, {
    environment,
    stateInBucket: environment.stateBackend.bootstrapStateInBucket,
  });
  const network = new NetworkStack(app, { environment });
  const storage = new StorageStack(app, { environment });
  const registry = new RegistryStack(app, { environment });
  const database = new DatabaseStack(app, { environment, network: network.network });
  const parameters = new ParametersStack(app, {
    environment,
    database: database.database,
    storage: storage.storage,
    registry: registry.registry,
  });
  const compute = new ComputeStack(app, {
    environment,
    network: network.network,
    database: database.database,
    storage: storage.storage,
    registry: registry.registry,
  });
  // The host reads the parameters at its first start: deploy them first.
  compute.addDependency(parameters);
  const dns = environment.dns && new DnsStack(app, { environment, dns: environment.dns, appHost: compute.appHost });
  const monitoring = new MonitoringStack(app, {
    environment,
    network: network.network,
    appHost: compute.appHost,
    database: database.database,
    storage: storage.storage,
  });
  return { bootstrap, network, storage, registry, database, parameters, compute, monitoring, ...(dns && { dns }) };
}
