import { App } from "cdktf";
import { EnvironmentConfig } from "../config";
import { BootstrapStack } from "./bootstrap-stack";
import { ComputeStack } from "./compute-stack";
import { DatabaseStack } from "./database-stack";
import { DeliveryStack } from "./delivery-stack";
import { DnsStack } from "./dns-stack";
import { EdgeStack } from "./edge-stack";
import { EnvironmentStack } from "./environment-stack";
import { IdentityStack } from "./identity-stack";
import { IngressStack } from "./ingress-stack";
import { MonitoringStack } from "./monitoring-stack";
import { NetworkStack } from "./network-stack";
import { ParametersStack } from "./parameters-stack";
import { RecordsStack } from "./records-stack";
import { RegistryStack } from "./registry-stack";
import { StorageStack } from "./storage-stack";

/**
 * The stacks every environment synthesizes, in every phase, in deploy order (docs/growth.md, section 2). A stack
 * whose capabilities are off is synthesized empty rather than left out: a stack that leaves the app is orphaned,
 * and `cdktf destroy` can no longer name it.
 */
export const STACK_KINDS = [
  "bootstrap",
  "delivery",
  "network",
  "dns",
  "storage",
  "registry",
  "identity",
  "database",
  "parameters",
  "ingress",
  "compute",
  "edge",
  "records",
  "monitoring",
] as const;

/** One of {@link STACK_KINDS}; the stack is named `<environment>-<kind>`. */
export type StackKind = (typeof STACK_KINDS)[number];

/** Every stack of one environment, for wiring and tests. */
export interface EnvironmentStacks {
  /** State bucket and lock table. */
  readonly bootstrap: BootstrapStack;
  /** The roles GitHub Actions assumes; empty without delivery configuration. Deployed by an administrator. */
  readonly delivery: DeliveryStack;
  /** VPC, subnets, gateways, endpoints. */
  readonly network: NetworkStack;
  /** Hosted zone (and later certificates); empty without a domain. */
  readonly dns: DnsStack;
  /** The application bucket. */
  readonly storage: StorageStack;
  /** The image repository. */
  readonly registry: RegistryStack;
  /** Cognito; empty until the user pool capability is built. */
  readonly identity: IdentityStack;
  /** RDS for PostgreSQL. */
  readonly database: DatabaseStack;
  /** Parameter Store values the application reads. */
  readonly parameters: ParametersStack;
  /** The load balancer; empty while the host is the entry point. */
  readonly ingress: IngressStack;
  /** The application runtime and the host. */
  readonly compute: ComputeStack;
  /** CloudFront and the site bucket; empty while the application serves its front end. */
  readonly edge: EdgeStack;
  /** Public DNS records and health checks; empty without a domain. */
  readonly records: RecordsStack;
  /** Alarms, dashboard, queries. */
  readonly monitoring: MonitoringStack;
}

/** Builds every stack of one environment, wired as docs/growth.md's stack table says. */
export function buildEnvironment(app: App, environment: EnvironmentConfig): EnvironmentStacks {
  const bootstrap = new BootstrapStack(app, {
    environment,
    stateInBucket: environment.stateBackend.bootstrapStateInBucket,
  });
  const delivery = new DeliveryStack(app, { environment });
  const network = new NetworkStack(app, { environment });
  const dns = new DnsStack(app, { environment });
  const storage = new StorageStack(app, { environment });
  const registry = new RegistryStack(app, { environment });
  const identity = new IdentityStack(app, { environment });
  identity.addDependency(dns);
  const database = new DatabaseStack(app, { environment, network: network.network });
  const parameters = new ParametersStack(app, {
    environment,
    database: {
      dbEndpoint: database.database.dbEndpoint,
      dbPort: database.database.dbPort,
      databaseName: database.database.databaseName,
      masterUserSecretArn: database.database.masterUserSecretArn,
      readerEndpoint: database.readReplicas[0]?.address,
    },
    bucketName: storage.storage.bucketName,
    imageRepositoryUrl: registry.registry.repositoryUrl,
  });
  parameters.addDependency(identity);
  const ingress = new IngressStack(app, {
    environment,
    network: network.network,
    certificateArn: dns.loadBalancerCertificate?.certificateArn,
  });
  ingress.addDependency(network);
  ingress.addDependency(dns);
  const compute = new ComputeStack(app, {
    environment,
    network: network.network,
    database: database.database,
    bucketArn: storage.storage.bucketArn,
    imageRepositoryArn: registry.registry.repositoryArn,
    loadBalancer: ingress.entryPoint,
  });
  // The host reads the parameters at its first start: deploy them first.
  compute.addDependency(parameters);
  compute.addDependency(ingress);
  const edge = new EdgeStack(app, { environment });
  edge.addDependency(dns);
  edge.addDependency(ingress);
  const records = new RecordsStack(app, {
    environment,
    zone: dns.zone,
    hostEntryPoint: compute.hostEntryPoint,
    loadBalancer: ingress.entryPoint,
  });
  // An adopted zone's id is configuration, not a reference: the order is explicit.
  for (const upstream of [dns, compute, ingress, edge]) records.addDependency(upstream);
  const monitoring = new MonitoringStack(app, {
    environment,
    accountId: network.network.accountId,
    alarmTarget: compute.alarmTarget,
    appLogGroupName: compute.appLogGroupName,
    database: {
      instanceIdentifier: database.database.instanceIdentifier,
      instanceClass: database.database.instanceClass,
      replicas: database.readReplicas.map((replica) => ({
        instanceIdentifier: replica.instanceIdentifier,
        instanceClass: replica.instanceClass,
      })),
    },
    loadBalancer: ingress.entryPoint && {
      loadBalancerArnSuffix: ingress.entryPoint.loadBalancerArnSuffix,
      targetGroupArnSuffix: ingress.entryPoint.targetGroupArnSuffix,
    },
    bucketName: storage.storage.bucketName,
  });
  const stacks: EnvironmentStacks = {
    bootstrap,
    delivery,
    network,
    dns,
    storage,
    registry,
    identity,
    database,
    parameters,
    ingress,
    compute,
    edge,
    records,
    monitoring,
  };
  // Monitoring watches what every other stack built (bootstrap and delivery are deployed by hand, on their own).
  for (const kind of STACK_KINDS) {
    const stack: EnvironmentStack = stacks[kind];
    if (kind !== "bootstrap" && kind !== "delivery" && stack !== monitoring) monitoring.addDependency(stack);
  }
  return stacks;
}
