import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { movedFrom, pathInStack } from "../addresses/moved";

/** Props of {@link Network}. */
export interface NetworkProps {
  /** Prefix for resource names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** IPv4 CIDR of the VPC. */
  readonly vpcCidr: string;
  /** Availability zones, one public and one private subnet in each. */
  readonly availabilityZones: readonly string[];
  /** Public subnet CIDRs, one per availability zone. */
  readonly publicSubnetCidrs: readonly string[];
  /** Private subnet CIDRs, one per availability zone. */
  readonly privateSubnetCidrs: readonly string[];
  /**
   * Record all VPC traffic to a CloudWatch Logs group.
   * @default false
   */
  readonly enableFlowLogs?: boolean;
  /**
   * Flow log retention in days.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
  /**
   * One NAT gateway in the first public subnet and a default route to it from the private subnets, for private
   * hosts that must call the internet (third-party APIs). One zone only: its outage cuts that route.
   * @default false
   */
  readonly enableNatGateway?: boolean;
  /**
   * Refuse `terraform destroy` of the NAT gateway's Elastic IP (`lifecycle.prevent_destroy`): the outbound address
   * third parties allow-list.
   * @default true
   */
  readonly preventNatAddressDestroy?: boolean;

  /**
   * Refuse `terraform destroy` of the flow log group (`lifecycle.prevent_destroy`), which deletes the traffic it
   * still retains.
   * @default true
   */
  readonly preventFlowLogDestroy?: boolean;
}

/**
 * The VPC of one environment: public subnets routed to an Internet Gateway, private subnets with no route out,
 * and the default security group stripped of every rule.
 *
 * Private subnets have no NAT gateway by default: hosts there reach AWS services through VPC endpoints
 * (Phase 2) and pull complete images, so they never need the internet. `enableNatGateway` adds one for an
 * application that calls third-party APIs.
 */
export class Network extends Construct {
  /** ID of the VPC. */
  readonly vpcId: string;
  /** CIDR of the VPC. */
  readonly vpcCidr: string;
  /**
   * The AWS account that owns the VPC, i.e. the deploying account. Read from the VPC (`owner_id`) so that
   * policies can name the account without an `aws_caller_identity` data source calling STS at plan time.
   */
  readonly accountId: string;
  /** Public subnet IDs, in availability zone order. */
  readonly publicSubnetIds: string[];
  /** Private subnet IDs, in availability zone order. */
  readonly privateSubnetIds: string[];
  /** ID of the private route table (for gateway endpoints). */
  readonly privateRouteTableId: string;
  /** ID of the public route table. */
  readonly publicRouteTableId: string;

  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const name = props.namePrefix;
    this.namePrefix = name;

    const vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      // Interface endpoints with private DNS (Phase 2) need DNS hostnames.
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.accountId = vpc.ownerId;

    // Adopting the default security group with no rules removes the allow-all rules AWS creates.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: vpc.id,
      tags: { Name: `${name}-default-unused` },
    });

    const igw = new InternetGateway(this, "InternetGateway", { vpcId: vpc.id, tags: { Name: name } });

    const publicRouteTable = new RouteTable(this, "PublicRouteTable", {
      vpcId: vpc.id,
      tags: { Name: `${name}-public` },
    });
    new Route(this, "PublicDefaultRoute", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    const privateRouteTable = new RouteTable(this, "PrivateRouteTable", {
      vpcId: vpc.id,
      tags: { Name: `${name}-private` },
    });
    this.publicRouteTableId = publicRouteTable.id;
    this.privateRouteTableId = privateRouteTable.id;

    this.publicSubnetIds = props.availabilityZones.map((az, i) =>
      this.addSubnet("Public", az, i, props.publicSubnetCidrs[i], publicRouteTable.id),
    );
    this.privateSubnetIds = props.availabilityZones.map((az, i) =>
      this.addSubnet("Private", az, i, props.privateSubnetCidrs[i], privateRouteTable.id),
    );

    if (props.enableNatGateway ?? false) {
      const address = new Eip(this, "NatGatewayIp", {
        domain: "vpc",
        tags: { Name: `${name}-nat` },
        lifecycle: (props.preventNatAddressDestroy ?? true) ? { preventDestroy: true } : undefined,
      });
      const natGateway = new NatGateway(this, "NatGateway", {
        allocationId: address.allocationId,
        subnetId: this.publicSubnetIds[0],
        connectivityType: "public",
        tags: { Name: `${name}-nat` },
        dependsOn: [igw],
      });
      new Route(this, "PrivateDefaultRoute", {
        routeTableId: privateRouteTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGateway.id,
      });
    }

    if (props.enableFlowLogs ?? false) {
      this.addFlowLogs(name, vpc.id, props.flowLogRetentionDays ?? 30, props.preventFlowLogDestroy ?? true);
    }
  }

  /**
   * One subnet of `tier` in `az` and its route table association, keyed by the zone: removing a zone from
   * configuration never renames (and so replaces) the subnets of the others. They used to be keyed by the zone's
   * position (`PublicSubnet0`); `moved` blocks carry those addresses over, pairing position `index` with the zone
   * configured there now (CHANGELOG.md).
   */
  private addSubnet(tier: "Public" | "Private", az: string, index: number, cidr: string, routeTableId: string): string {
    const subnet = new Subnet(this, `${tier}Subnet-${az}`, {
      vpcId: this.vpcId,
      availabilityZone: az,
      cidrBlock: cidr,
      // Public addresses are given deliberately (an Elastic IP, a load balancer), never on launch.
      mapPublicIpOnLaunch: false,
      tags: { Name: `${this.namePrefix}-${tier.toLowerCase()}-${az}`, tier: tier.toLowerCase() },
    });
    const routes = new RouteTableAssociation(this, `${tier}Subnet-${az}-Routes`, {
      subnetId: subnet.id,
      routeTableId,
    });
    const path = pathInStack(this);
    movedFrom(subnet, [...path, `${tier}Subnet${index}`]);
    movedFrom(routes, [...path, `${tier}Subnet${index}Routes`]);
    return subnet.id;
  }

  private addFlowLogs(name: string, vpcId: string, retentionDays: number, preventDestroy: boolean): void {
    const logGroup = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: `/${name}/vpc-flow-logs`,
      retentionInDays: retentionDays,
      lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
    });
    const role = new IamRole(this, "FlowLogRole", {
      name: `${name}-vpc-flow-logs`,
      description: "Lets VPC Flow Logs write to this VPC's flow log group",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    new IamRolePolicy(this, "FlowLogPolicy", {
      role: role.id,
      name: "write-flow-logs",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: `${logGroup.arn}:*`,
          },
        ],
      }),
    });
    new FlowLog(this, "FlowLog", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
    });
  }
}
