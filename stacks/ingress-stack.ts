import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { resourcePrefix } from "../config";
import { LoadBalancer } from "../modules/load-balancer";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The network as the load balancer uses it (from the network stack). */
export interface IngressNetwork {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** CIDR of the VPC, where the targets are. */
  readonly vpcCidr: string;
  /** Public subnet IDs, in two or more availability zones. */
  readonly publicSubnetIds: string[];
  /** The AWS account that owns the VPC, for the access-log bucket policy when configuration names no account. */
  readonly accountId: string;
}

/** Props of {@link IngressStack}. */
export interface IngressStackProps extends EnvironmentStackProps {
  /** The environment's network (from the network stack). */
  readonly network: IngressNetwork;
  /**
   * The HTTPS listener's certificate once validated (from the dns stack).
   * @default - `loadBalancer.certificateArn` from configuration
   */
  readonly certificateArn?: string;
}

/** The load balancer as the stacks after it see it. */
export interface IngressEntryPoint {
  /** DNS name of the load balancer, for the alias record. */
  readonly dnsName: string;
  /** Route 53 zone of the load balancer's DNS name, for the alias record. */
  readonly zoneId: string;
  /** The load balancer's security group, the only source the targets accept. */
  readonly securityGroupId: string;
  /** ARN of the target group the Auto Scaling group registers with. */
  readonly targetGroupArn: string;
  /** Port the targets serve on. */
  readonly targetPort: number;
  /** `arn_suffix` of the load balancer (its `LoadBalancer` metric dimension). */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of the target group (its `TargetGroup` metric dimension). */
  readonly targetGroupArnSuffix: string;
}

/** The port the application hosts publish the container on, and the target group's port. */
export const APP_TARGET_PORT = 80;

/**
 * What the internet reaches first (`capabilities.ingress`): with `load-balancer` (Phase 2, A1) the Application
 * Load Balancer in the network stack's public subnets, HTTPS with the dns stack's certificate (or one from
 * configuration), HTTP answered with 301, access logs to a bucket of its own. Empty while the host itself is the
 * entry point (ingress `host`): its Elastic IP belongs to the compute stack.
 */
export class IngressStack extends EnvironmentStack {
  /** The load balancer, with ingress `load-balancer`. */
  readonly loadBalancer?: LoadBalancer;
  /** What the records, compute and monitoring stacks use of it, with ingress `load-balancer`. */
  readonly entryPoint?: IngressEntryPoint;

  constructor(scope: Construct, props: IngressStackProps) {
    super(scope, "ingress", props);
    const env = props.environment;
    const ingress = env.capabilities.ingress;
    switch (ingress.kind) {
      case "host":
        return;
      case "load-balancer":
        break;
    }
    const settings = env.loadBalancer;
    const certificateArn = settings.certificateArn ?? props.certificateArn;
    if (certificateArn === undefined) {
      // Validation refuses ingress load-balancer without a domain or a certificate ARN.
      throw new Error(`${env.name}-ingress: the load balancer needs a certificate (dns.domainName or certificateArn)`);
    }
    const loadBalancer = new LoadBalancer(this, "LoadBalancer", {
      namePrefix: resourcePrefix(env),
      region: env.region,
      accountId: env.allowedAccountId ?? props.network.accountId,
      vpcId: props.network.vpcId,
      vpcCidr: props.network.vpcCidr,
      publicSubnetIds: props.network.publicSubnetIds,
      certificateArn,
      tlsPolicy: settings.tlsPolicy,
      ingressCidrs: env.compute.ingressCidrs,
      targetPort: APP_TARGET_PORT,
      healthCheckPath: env.dns?.healthCheckPath ?? "/health",
      deregistrationDelaySec: settings.deregistrationDelaySec,
      idleTimeoutSec: settings.idleTimeoutSec,
      enableDeletionProtection: settings.enableDeletionProtection,
      accessLogs: {
        bucketName: settings.accessLogBucketName,
        retentionDays: settings.accessLogRetentionDays,
        preventDestroy: env.storage.preventDestroy,
      },
    });
    this.loadBalancer = loadBalancer;
    this.entryPoint = {
      dnsName: loadBalancer.loadBalancer.dnsName,
      zoneId: loadBalancer.loadBalancer.zoneId,
      securityGroupId: loadBalancer.securityGroup.id,
      targetGroupArn: loadBalancer.targetGroup.arn,
      targetPort: APP_TARGET_PORT,
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
    };
    new TerraformOutput(this, "LoadBalancerDnsName", { value: loadBalancer.loadBalancer.dnsName });
    new TerraformOutput(this, "TargetGroupArn", { value: loadBalancer.targetGroup.arn });
  }
}
