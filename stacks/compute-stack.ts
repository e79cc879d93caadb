import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { appHostRoleName, appLogGroupName, parameterPath, resourcePrefix } from "../config";
import { AppHost } from "../modules/app-host";
import { AppStorage } from "../modules/app-storage";
import { ContainerRegistry } from "../modules/container-registry";
import { Database } from "../modules/database";
import { Network } from "../modules/network";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Props of {@link ComputeStack}. */
export interface ComputeStackProps extends EnvironmentStackProps {
  /** The environment's network (from the network stack). */
  readonly network: Network;
  /** The database (from the database stack); the host opens its security group to itself. */
  readonly database: Database;
  /** The application bucket (from the storage stack). */
  readonly storage: AppStorage;
  /** The image repository (from the registry stack). */
  readonly registry: ContainerRegistry;
}

/**
 * The Phase 1 application host (C1) in the first public subnet, with its Elastic IP, security group, instance
 * role and application log group; also the database ingress rule from the host's security group.
 */
export class ComputeStack extends EnvironmentStack {
  /** The application host. */
  readonly appHost: AppHost;

  constructor(scope: Construct, props: ComputeStackProps) {
    super(scope, "compute", props);
    const env = props.environment;
    const compute = env.compute;
    this.appHost = new AppHost(this, "AppHost", {
      namePrefix: resourcePrefix(env),
      roleName: appHostRoleName(env),
      vpcId: props.network.vpcId,
      subnetId: props.network.publicSubnetIds[0],
      region: env.region,
      accountId: env.allowedAccountId ?? props.network.accountId,
      instanceType: compute.instanceType,
      amiSsmReference: compute.amiSsmReference,
      rootVolumeSizeGiB: compute.rootVolumeSizeGiB,
      ingressCidrs: compute.ingressCidrs,
      containerPort: compute.containerPort,
      containerTlsPort: compute.containerTlsPort,
      enableDetailedMonitoring: compute.enableDetailedMonitoring,
      enableTerminationProtection: compute.enableTerminationProtection,
      parameterPath: parameterPath(env),
      appLogGroupName: appLogGroupName(env),
      appLogRetentionDays: compute.appLogRetentionDays,
      access: {
        imageRepositoryArn: props.registry.repositoryArn,
        databaseSecretArn: props.database.masterUserSecretArn,
        bucketArn: props.storage.bucketArn,
      },
      database: { securityGroupId: props.database.securityGroupId, port: props.database.dbPort },
    });
    new TerraformOutput(this, "InstanceId", { value: this.appHost.instanceId });
    new TerraformOutput(this, "PublicIp", { value: this.appHost.publicIp });
    new TerraformOutput(this, "SecurityGroupId", { value: this.appHost.securityGroupId });
    new TerraformOutput(this, "RoleArn", { value: this.appHost.roleArn });
    new TerraformOutput(this, "AppLogGroupName", { value: this.appHost.logGroup.name });
    if (env.dns === undefined) {
      Annotations.of(this).addInfo(
        `No DNS for ${env.name}: the application answers on this stack's PublicIp output. ` +
          `Set environments.${env.name}.dns.domainName to add the ${env.name}-dns stack ` +
          "(hosted zone, A record, health check).",
      );
    }
  }
}
