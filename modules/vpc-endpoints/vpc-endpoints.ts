import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

/**
 * Interface endpoints a private EC2 application host needs with no NAT gateway (docs/growth.md, section 4):
 * Session Manager and Run Command (`ssm`, `ssmmessages`, and `ec2messages` for older agents), the image pull
 * (`ecr.api`, `ecr.dkr`; the layers come through the S3 gateway), the CloudWatch agent (`logs`, `monitoring`, and
 * `ec2`: it appends the Auto Scaling group dimension from DescribeTags and sends nothing until that succeeds) and
 * the database secret (`secretsmanager`).
 */
export const HOST_INTERFACE_SERVICES = [
  "ssm",
  "ssmmessages",
  "ec2messages",
  "ec2",
  "ecr.api",
  "ecr.dkr",
  "logs",
  "monitoring",
  "secretsmanager",
] as const;

/** Interface endpoints Fargate tasks (platform 1.4) need: image pull, logs, injected secrets and parameters. */
export const TASK_INTERFACE_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"] as const;

/** Props of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** Prefix of names, `<project>-<environment>`. */
  readonly namePrefix: string;
  /** Region of the VPC: service names are `com.amazonaws.<region>.<service>`. */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Private subnets: one interface endpoint network interface in each (billed per zone). */
  readonly privateSubnetIds: readonly string[];
  /** CIDRs of the private subnets, the only sources the endpoints accept HTTPS from. */
  readonly privateSubnetCidrs: readonly string[];
  /** Route tables of the private subnets, which get the S3 gateway route. */
  readonly privateRouteTableIds: readonly string[];
  /** Interface endpoint services, for example {@link HOST_INTERFACE_SERVICES}. */
  readonly interfaceServices: readonly string[];
}

/**
 * Private access to AWS APIs for subnets with no route to the internet: the S3 gateway endpoint (free) on the
 * private route tables, and one interface endpoint per service with private DNS, so that the usual service names
 * resolve to addresses in the VPC. The endpoints' security group accepts HTTPS from the private subnets only.
 *
 * Service names are written out (`com.amazonaws.ap-northeast-1.ssm`): looking them up is an AWS call at plan time.
 * Each interface endpoint costs about USD 0.014 per zone-hour (about USD 10 a month per zone in Tokyo) plus
 * USD 0.01 per GB.
 */
export class VpcEndpoints extends Construct {
  /** The endpoints' security group. */
  readonly securityGroup: SecurityGroup;
  /** The S3 gateway endpoint. */
  readonly s3Gateway: VpcEndpoint;
  /** The interface endpoints, by service. */
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const duplicate = props.interfaceServices.find((s, i) => props.interfaceServices.indexOf(s) !== i);
    if (duplicate) throw new Error(`VpcEndpoints: interface service ${duplicate} is listed twice`);
    const name = `${props.namePrefix}-endpoints`;
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: "VPC interface endpoints: HTTPS from the private subnets",
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    for (const cidr of props.privateSubnetCidrs) {
      new VpcSecurityGroupIngressRule(this, `Https-${cidr}`, {
        securityGroupId: this.securityGroup.id,
        description: `HTTPS to the endpoints from the private subnet ${cidr}`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    }
    this.s3Gateway = new VpcEndpoint(this, "S3Gateway", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.privateRouteTableIds],
      tags: { Name: `${props.namePrefix}-s3` },
    });
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of props.interfaceServices) {
      endpoints[service] = new VpcEndpoint(this, `Interface-${service}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.privateSubnetIds],
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
    this.interfaceEndpoints = endpoints;
  }
}
