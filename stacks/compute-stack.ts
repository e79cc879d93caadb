import { TerraformOutput, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { appHostRoleName, appLogGroupName, parameterPath, resourcePrefix } from "../config";
import { movedFrom } from "../modules/addresses";
import { acknowledge } from "../guardrails/acknowledge";
import { AppFleet } from "../modules/app-fleet";
import { AppHost, RetainedHostAddress } from "../modules/app-host";
import { APP_INGRESS_PORTS, AppIngressProtocol, AppRuntime, appIngressRuleId } from "../modules/app-runtime";
import { AppHostTarget } from "../modules/monitoring";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";
import { IngressEntryPoint } from "./ingress-stack";
import { HostEntryPoint } from "./records-stack";

/** The network as the compute stack uses it (from the network stack). */
export interface ComputeNetwork {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** Public subnet IDs, in availability zone order. */
  readonly publicSubnetIds: string[];
  /** Private subnet IDs, in availability zone order. */
  readonly privateSubnetIds: string[];
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
  /**
   * The load balancer (from the ingress stack), with ingress `load-balancer`.
   * @default - none: the host is the entry point
   */
  readonly loadBalancer?: IngressEntryPoint;
}

/**
 * Where the application runs (`capabilities.compute`): the runtime every kind of compute shares (security group,
 * the database ingress rule from it, instance role and profile, application log group), and
 *
 * - with compute `instance` (Phase 1, C1): one host in the first public subnet with its Elastic IP;
 * - with compute `auto-scaling-group` (Phase 2, A2): an Auto Scaling group in the private subnets behind the
 *   load balancer, and, while `transition.keepInstance` is set, the Phase 1 host beside it (docs/phase2.md).
 *
 * With a domain, a host (not the group's, which the load balancer serves) terminates TLS for the record name and
 * the security group opens 443; otherwise only 80.
 */
export class ComputeStack extends EnvironmentStack {
  /** What the application runs with. */
  readonly runtime: AppRuntime;
  /** The single host, with compute `instance` or while `transition.keepInstance` keeps it. */
  readonly appHost?: AppHost;
  /** The Auto Scaling group, with compute `auto-scaling-group`. */
  readonly appFleet?: AppFleet;
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
    // The internet reaches a host directly only while one runs: behind the load balancer, hosts take its traffic.
    const runsHost = capabilities.compute.kind === "instance" || env.transition.keepInstance;
    const ingressCidrs = runsHost ? compute.ingressCidrs : [];
    // A host terminates TLS for the record name whenever it runs with a domain, the switch's kept host included:
    // its user data, and so the host, stay the same through every step.
    const tlsDomainName = runsHost ? env.dns?.recordName : undefined;
    this.runtime = new AppRuntime(this, "AppRuntime", {
      namePrefix: resourcePrefix(env),
      roleName: appHostRoleName(env),
      vpcId: props.network.vpcId,
      region: env.region,
      accountId: env.allowedAccountId ?? props.network.accountId,
      ingressCidrs,
      loadBalancer: props.loadBalancer && {
        securityGroupId: props.loadBalancer.securityGroupId,
        port: props.loadBalancer.targetPort,
      },
      enableHttpsIngress: tlsDomainName !== undefined,
      parameterPath: parameterPath(env),
      appLogGroupName: appLogGroupName(env),
      appLogRetentionDays: compute.appLogRetentionDays,
      preventLogGroupDestroy: compute.preventDestroy,
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
    moveRuntimeOutOfAppHost(this.runtime, ingressCidrs);
    this.appLogGroupName = this.runtime.appLogGroupName;

    const appHost = runsHost ? this.addHost(props, tlsDomainName) : undefined;
    this.appHost = appHost;
    this.hostEntryPoint = appHost && {
      publicIp: appHost.publicIp,
      protocol: tlsDomainName === undefined ? "HTTP" : "HTTPS",
    };
    switch (capabilities.compute.kind) {
      case "instance":
        // runsHost: compute instance is the host.
        this.alarmTarget = { kind: "instance", instanceId: appHost!.instanceId };
        break;
      case "auto-scaling-group": {
        if (props.loadBalancer === undefined) {
          throw new Error(`${env.name}-compute: an Auto Scaling group needs the ingress stack's load balancer`);
        }
        const fleet = new AppFleet(this, "AppFleet", {
          namePrefix: resourcePrefix(env),
          runtime: this.runtime,
          subnetIds: props.network.privateSubnetIds,
          targetGroupArn: props.loadBalancer.targetGroupArn,
          region: env.region,
          instanceType: compute.instanceType,
          amiSsmReference: compute.amiSsmReference,
          rootVolumeSizeGiB: compute.rootVolumeSizeGiB,
          containerPort: compute.containerPort,
          enableDetailedMonitoring: compute.enableDetailedMonitoring,
          minSize: compute.autoScaling.minSize,
          maxSize: compute.autoScaling.maxSize,
          targetCpuPercent: compute.autoScaling.targetCpuPercent,
          healthCheckGracePeriodSec: compute.autoScaling.healthCheckGracePeriodSec,
          parameterPath: parameterPath(env),
          appLogGroupName: appLogGroupName(env),
        });
        this.appFleet = fleet;
        this.alarmTarget = { kind: "autoScalingGroup", name: fleet.groupName };
        new TerraformOutput(this, "AutoScalingGroupName", { value: fleet.groupName });
        if (!runsHost && env.transition.keepAddress) {
          const address = new RetainedHostAddress(this, "AppHost", {
            namePrefix: resourcePrefix(env),
            preventDestroy: compute.preventDestroy,
          });
          new TerraformOutput(this, "RetainedPublicIp", { value: address.publicIp });
        }
        if (env.transition.keepInstance) {
          const reason =
            "transition.keepInstance: the Phase 1 host stays the entry point until the record moves to the load " +
            "balancer, and the rollback target after; the group's hosts share its security group but have no " +
            "public address. Removing keepInstance removes this rule (docs/phase2.md)";
          for (const rule of this.runtime.worldIngressRules) {
            acknowledge(rule, "SG-WORLD-INGRESS-WEB-ONLY", reason);
            acknowledge(rule, "SG-HOSTS-FROM-GROUPS-ONLY", reason);
          }
        }
        break;
      }
      case "ecs-fargate":
        throw notBuiltByThisVersion("compute", capabilities.compute.kind);
    }
    new TerraformOutput(this, "SecurityGroupId", { value: this.runtime.securityGroupId });
    new TerraformOutput(this, "RoleArn", { value: this.runtime.roleArn });
    new TerraformOutput(this, "AppLogGroupName", { value: this.runtime.appLogGroupName });
  }

  /** The single host in the first public subnet, with its Elastic IP: the entry point while ingress is the host. */
  private addHost(props: ComputeStackProps, tlsDomainName: string | undefined): AppHost {
    const env = props.environment;
    const compute = env.compute;
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
      preventAddressDestroy: compute.preventDestroy,
      parameterPath: parameterPath(env),
      appLogGroupName: appLogGroupName(env),
    });
    new TerraformOutput(this, "InstanceId", { value: appHost.instanceId });
    new TerraformOutput(this, "PublicIp", { value: appHost.publicIp });
    return appHost;
  }
}

/** Runtime resources created after the split, which never had an address under AppHost. */
const ADDED_AFTER_THE_SPLIT = ["Policy-database-connect", "Ingress-load-balancer"];

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
