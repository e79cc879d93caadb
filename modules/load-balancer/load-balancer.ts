import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { SecureBucket } from "../secure-bucket";

/**
 * The current TLS policy the console offers by default: TLS 1.3 and 1.2 with post-quantum hybrid key exchange.
 * The API's own default, `ELBSecurityPolicy-2016-08`, still allows TLS 1.0.
 */
export const DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/**
 * Elastic Load Balancing's account per region, for access-log bucket policies of regions opened before August
 * 2022; newer regions only know the `logdelivery.elasticloadbalancing.amazonaws.com` principal.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

/** Access logs of the load balancer. */
export interface LoadBalancerAccessLogs {
  /** Globally unique name of the log bucket this construct creates (SSE-S3: ELB cannot write SSE-KMS objects). */
  readonly bucketName: string;
  /**
   * Days log objects are kept.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Refuse `terraform destroy` on the log bucket (`lifecycle.prevent_destroy`); production's PREVENT-DESTROY
   * guardrail asks for it. Pass `false` outside production.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Props of {@link LoadBalancer}. */
export interface LoadBalancerProps {
  /** Prefix of names, `<project>-<environment>` (load balancer and target group names: at most 32 characters). */
  readonly namePrefix: string;
  /** Region: decides which account may write the access logs. */
  readonly region: string;
  /** Account of the environment, in the access-log object path. */
  readonly accountId: string;
  /** The VPC. */
  readonly vpcId: string;
  /** The VPC's CIDR: the load balancer reaches its targets on {@link targetPort} inside it. */
  readonly vpcCidr: string;
  /** Public subnets, in two or more availability zones. */
  readonly publicSubnetIds: readonly string[];
  /** ACM certificate of the HTTPS listener (validated: see DnsValidatedCertificate). */
  readonly certificateArn: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default DEFAULT_TLS_POLICY
   */
  readonly tlsPolicy?: string;
  /**
   * IPv4 CIDRs allowed to reach ports 80 and 443.
   * @default ["0.0.0.0/0"]
   */
  readonly ingressCidrs?: readonly string[];
  /** Port the targets serve HTTP on. */
  readonly targetPort: number;
  /**
   * `instance` for EC2 hosts (an Auto Scaling group registers them), `ip` for Fargate tasks.
   * @default "instance"
   */
  readonly targetType?: "instance" | "ip";
  /** Path of the application's health check; 200-399 counts as healthy. */
  readonly healthCheckPath: string;
  /**
   * Seconds a deregistering target keeps its open requests before it is removed.
   * @default 30
   */
  readonly deregistrationDelaySec?: number;
  /**
   * Seconds an idle connection is kept open.
   * @default 60
   */
  readonly idleTimeoutSec?: number;
  /**
   * Refuse deletion through the API.
   * @default true
   */
  readonly enableDeletionProtection?: boolean;
  /**
   * Access logs to a bucket of their own.
   * @default - no access logs
   */
  readonly accessLogs?: LoadBalancerAccessLogs;
}

/**
 * The public entry point from Phase 2 on: an internet-facing Application Load Balancer in the public subnets, an
 * HTTPS listener with a current TLS policy that forwards to one target group, and an HTTP listener that answers
 * 301 to HTTPS. Invalid header fields are dropped and desync mitigation is defensive (request smuggling).
 *
 * Only this load balancer is open to the internet; targets accept {@link LoadBalancerProps.targetPort} from its
 * security group (the rule lives with the targets, so this stack never depends on theirs).
 */
export class LoadBalancer extends Construct {
  /** The load balancer. */
  readonly loadBalancer: Lb;
  /** Its security group. */
  readonly securityGroup: SecurityGroup;
  /** The target group the HTTPS listener forwards to. */
  readonly targetGroup: LbTargetGroup;
  /** The HTTPS listener. */
  readonly httpsListener: LbListener;
  /** The access-log bucket, when access logs are on. */
  readonly accessLogBucket?: SecureBucket;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    if (props.publicSubnetIds.length < 2) {
      throw new Error("LoadBalancer: an Application Load Balancer needs public subnets in at least two zones");
    }
    const name = props.namePrefix;
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${name}-alb`,
      description: "Application Load Balancer: HTTP and HTTPS from the internet",
      vpcId: props.vpcId,
      tags: { Name: `${name}-alb` },
    });
    for (const cidr of props.ingressCidrs ?? ["0.0.0.0/0"]) {
      for (const port of [80, 443]) {
        new VpcSecurityGroupIngressRule(this, `Ingress-${port}-${cidr}`, {
          securityGroupId: this.securityGroup.id,
          description: `${port === 443 ? "HTTPS" : "HTTP (redirected to HTTPS)"} from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      }
    }
    new VpcSecurityGroupEgressRule(this, "EgressToTargets", {
      securityGroupId: this.securityGroup.id,
      description: `HTTP to the targets on port ${props.targetPort}, inside the VPC`,
      ipProtocol: "tcp",
      fromPort: props.targetPort,
      toPort: props.targetPort,
      cidrIpv4: props.vpcCidr,
    });

    if (props.accessLogs) this.accessLogBucket = this.logBucket(props, props.accessLogs);
    this.loadBalancer = new Lb(this, "LoadBalancer", {
      name,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [this.securityGroup.id],
      subnets: [...props.publicSubnetIds],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: props.enableDeletionProtection ?? true,
      enableHttp2: true,
      idleTimeout: props.idleTimeoutSec ?? 60,
      accessLogs: this.accessLogBucket
        ? { bucket: this.accessLogBucket.bucketName, enabled: true, prefix: "alb" }
        : undefined,
      tags: { Name: name },
    });

    this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
      name: `${name}-app`,
      vpcId: props.vpcId,
      port: props.targetPort,
      protocol: "HTTP",
      targetType: props.targetType ?? "instance",
      deregistrationDelay: String(props.deregistrationDelaySec ?? 30),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath,
        protocol: "HTTP",
        matcher: "200-399",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: `${name}-app` },
    });
    this.httpsListener = new LbListener(this, "Https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: props.tlsPolicy ?? DEFAULT_TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, "HttpRedirect", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
  }

  private logBucket(props: LoadBalancerProps, logs: LoadBalancerAccessLogs): SecureBucket {
    const objects = `arn:aws:s3:::${logs.bucketName}/alb/AWSLogs/${props.accountId}/*`;
    const legacyAccount = ELB_LOG_ACCOUNTS[props.region];
    return new SecureBucket(this, "AccessLogs", {
      bucketName: logs.bucketName,
      encryption: "AES256",
      expirationDays: logs.retentionDays ?? 90,
      noncurrentVersionExpirationDays: 1,
      preventDestroy: logs.preventDestroy ?? true,
      additionalPolicyStatements: [
        {
          Sid: "ElbLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: objects,
        },
        // Regions that predate the service principal deliver from the ELB account of the region: grant both.
        ...(legacyAccount
          ? [
              {
                Sid: "ElbLogDeliveryLegacy",
                Effect: "Allow" as const,
                Principal: { AWS: `arn:aws:iam::${legacyAccount}:root` },
                Action: "s3:PutObject",
                Resource: objects,
              },
            ]
          : []),
      ],
    });
  }
}
