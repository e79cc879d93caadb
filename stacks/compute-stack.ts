import { TerraformOutput, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { appHostRoleName, appLogGroupName, parameterPath, resourcePrefix } from "../config";
import { movedFrom } from "../modules/addresses";
import { AppHost } from "../modules/app-host";
import { APP_INGRESS_PORTS, AppIngressProtocol, AppRuntime, appIngressRuleId } from "../modules/app-runtime";
import { AppHostTarget } from "../modules/monitoring";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";
import { HostEntryPoint } from "./records-stack";

/** The network as the compute stack uses it (from the network stack). */
export interface ComputeNetwork {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** Public subnet IDs, in availability zone order. */
  readonly publicSubnetIds: string[];
  /** The AWS account that owns the VPC, for ARNs when configuration names no account. */
  readonly accountId: string;
}

/** The database as the application reaches it (from the database stack). */
export interface ComputeDatabase {
  /** The database's security group, which gets an ingress rule from the application's group. */
  readonly securityGroupId: string;
  /** The database port. */
  readonly dbPort: number;
  /** ARN of the master user secret, which the host reads once to create the application's database user. */
  readonly masterUserSecretArn: string;
  /** The instance's resource id, which the application user's `rds-db:connect` ARN names. */
  readonly resourceId: string;
}

/** Props of {@link ComputeStack}. */
export interface ComputeStackProps extends EnvironmentStackProps {
  /** The environment's network (from the network stack). */
  readonly network: ComputeNetwork;
  /** The database (from the database stack). */
  readonly database: ComputeDatabase;
  /** ARN of the application bucket (from the storage stack). */
  readonly bucketArn: string;
  /** ARN of the image repository (from the registry stack). */
  readonly imageRepositoryArn: string;
}

/**
 * Where the application runs (`capabilities.compute`). With compute `instance` (Phase 1, C1): the runtime every
 * kind of compute shares (security group, the database ingress rule from it, instance role and profile,
 * application log group) and one host in the first public subnet with its Elastic IP. With ingress `host` and a
 * domain, the host serves HTTPS for the record name and the security group opens 443; otherwise only 80.
 */
export class ComputeStack extends EnvironmentStack {
  /** What the application runs with. */
  readonly runtime: AppRuntime;
  /** The single host, with compute `instance`. */
  readonly appHost?: AppHost;
  /** What the application alarms watch. */
  readonly alarmTarget: AppHostTarget;
  /** Name of the application log group. */
  readonly appLogGroupName: string;
  /** The host's public address, when the host itself is the entry point (ingress `host`). */
  readonly hostEntryPoint?: HostEntryPoint;

  constructor(scope: Construct, props: ComputeStackProps) {
    super(scope, "compute", props);
    const env = props.environment;
    const capabilities = env.capabilities;
    const compute = env.compute;
    const tlsDomainName = hostTlsDomainName(env);
    this.runtime = new AppRuntime(this, "AppRuntime", {
      namePrefix: resourcePrefix(env),
      roleName: appHostRoleName(env),
      vpcId: props.network.vpcId,
      region: env.region,
      accountId: env.allowedAccountId ?? props.network.accountId,
      ingressCidrs: compute.ingressCidrs,
      enableHttpsIngress: tlsDomainName !== undefined,
      parameterPath: parameterPath(env),
      appLogGroupName: appLogGroupName(env),
      appLogRetentionDays: compute.appLogRetentionDays,
      access: {
        imageRepositoryArn: props.imageRepositoryArn,
        databaseSecretArn: props.database.masterUserSecretArn,
        bucketArn: props.bucketArn,
      },
      database: {
        securityGroupId: props.database.securityGroupId,
        port: props.database.dbPort,
        resourceId: props.database.resourceId,
        username: env.database.appUsername,
      },
    });
    moveRuntimeOutOfAppHost(this.runtime, compute.ingressCidrs);
    this.appLogGroupName = this.runtime.appLogGroupName;

    switch (capabilities.compute.kind) {
      case "instance": {
        switch (capabilities.ingress.kind) {
          case "host":
            break;
          case "load-balancer":
            throw notBuiltByThisVersion("ingress", capabilities.ingress.kind);
        }
        const appHost = new AppHost(this, "AppHost", {
          namePrefix: resourcePrefix(env),
          runtime: this.runtime,
          subnetId: props.network.publicSubnetIds[0],
          region: env.region,
          instanceType: compute.instanceType,
          amiSsmReference: compute.amiSsmReference,
          rootVolumeSizeGiB: compute.rootVolumeSizeGiB,
          containerPort: compute.containerPort,
          tlsDomainName,
          enableDetailedMonitoring: compute.enableDetailedMonitoring,
          enableTerminationProtection: compute.enableTerminationProtection,
          parameterPath: parameterPath(env),
          appLogGroupName: appLogGroupName(env),
        });
        this.appHost = appHost;
        this.alarmTarget = { kind: "instance", instanceId: appHost.instanceId };
        this.hostEntryPoint = { publicIp: appHost.publicIp, protocol: tlsDomainName === undefined ? "HTTP" : "HTTPS" };
        new TerraformOutput(this, "InstanceId", { value: appHost.instanceId });
        new TerraformOutput(this, "PublicIp", { value: appHost.publicIp });
        break;
      }
      case "auto-scaling-group":
      case "ecs-fargate":
        throw notBuiltByThisVersion("compute", capabilities.compute.kind);
    }
    new TerraformOutput(this, "SecurityGroupId", { value: this.runtime.securityGroupId });
    new TerraformOutput(this, "RoleArn", { value: this.runtime.roleArn });
    new TerraformOutput(this, "AppLogGroupName", { value: this.runtime.appLogGroupName });
  }
}

/**
 * The name the host itself serves HTTPS for: the service's record name when a domain is configured and the host is
 * the entry point (ingress `host`). A load balancer terminates TLS itself; without a domain there is no name to
 * get a certificate for, and the host serves plain HTTP on port 80 only.
 */
function hostTlsDomainName(env: ComputeStackProps["environment"]): string | undefined {
  switch (env.capabilities.ingress.kind) {
    case "host":
      return env.dns?.recordName;
    case "load-balancer":
      return undefined;
  }
}

/** Runtime resources created after the split, which never had an address under AppHost. */
const ADDED_AFTER_THE_SPLIT = ["Policy-database-connect"];

/**
 * The runtime's resources were children of the AppHost construct until the host was split in two, and its
 * ingress rules were keyed by the CIDR's position: `moved` blocks from those addresses keep the deployed
 * objects (CHANGELOG.md). Position `i` pairs with the CIDR configured there now.
 */
function moveRuntimeOutOfAppHost(runtime: AppRuntime, ingressCidrs: readonly string[]): void {
  const legacyIds = new Map<string, string>();
  ingressCidrs.forEach((cidr, i) => {
    for (const protocol of Object.keys(APP_INGRESS_PORTS) as AppIngressProtocol[]) {
      legacyIds.set(appIngressRuleId(protocol, cidr), `Ingress-${protocol}-${i}`);
    }
  });
  for (const child of runtime.node.children) {
    if (!(child instanceof TerraformResource) || ADDED_AFTER_THE_SPLIT.includes(child.node.id)) continue;
    movedFrom(child, ["AppHost", legacyIds.get(child.node.id) ?? child.node.id]);
  }
}
