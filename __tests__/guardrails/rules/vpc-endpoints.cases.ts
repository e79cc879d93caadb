import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint, VpcEndpointConfig } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpointPrivateDns } from "@cdktf/provider-aws/lib/vpc-endpoint-private-dns";
import { VpcEndpointRouteTableAssociation } from "@cdktf/provider-aws/lib/vpc-endpoint-route-table-association";
import { VpcEndpointSecurityGroupAssociation } from "@cdktf/provider-aws/lib/vpc-endpoint-security-group-association";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { TerraformStack } from "cdktf";
import { capabilitiesForPhase } from "../../../config";
import { HOST_INTERFACE_SERVICES, VpcEndpoints } from "../../../modules/vpc-endpoints";
import { RuleCase } from "../../support/guardrails";

const PHASE_2 = { capabilities: capabilitiesForPhase(2) };

/** The project's own endpoints module, as Phase 2 configures it for private hosts. */
function endpointsModule(stack: TerraformStack): VpcEndpoints {
  return new VpcEndpoints(stack, "Endpoints", {
    namePrefix: "webapp-test",
    region: "ap-northeast-1",
    vpcId: "vpc-1",
    privateSubnetIds: ["subnet-a", "subnet-c"],
    privateSubnetCidrs: ["10.0.128.0/20", "10.0.144.0/20"],
    privateRouteTableIds: ["rtb-private"],
    interfaceServices: HOST_INTERFACE_SERVICES,
  });
}

function endpointGroup(stack: TerraformStack): SecurityGroup {
  return new SecurityGroup(stack, "Endpoints", { vpcId: "vpc-1", description: "HTTPS from the private subnets" });
}

/** An interface endpoint that meets every rule; cases change one setting. */
function interfaceEndpoint(stack: TerraformStack, change: Partial<VpcEndpointConfig> = {}): VpcEndpoint {
  return new VpcEndpoint(stack, "Ssm", {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.ap-northeast-1.ssm",
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: ["subnet-a", "subnet-c"],
    securityGroupIds: [endpointGroup(stack).id],
    ...change,
  });
}

function s3Gateway(stack: TerraformStack, change: Partial<VpcEndpointConfig> = {}): VpcEndpoint {
  return new VpcEndpoint(stack, "S3", {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.ap-northeast-1.s3",
    vpcEndpointType: "Gateway",
    routeTableIds: ["rtb-private"],
    ...change,
  });
}

function ecrDocker(stack: TerraformStack, vpcId = "vpc-1"): VpcEndpoint {
  return interfaceEndpoint(stack, { serviceName: "com.amazonaws.ap-northeast-1.ecr.dkr", vpcId });
}

export const VPC_ENDPOINT_CASES: readonly RuleCase[] = [
  // VPC-ENDPOINT-ECR-S3-GATEWAY
  {
    ruleId: "VPC-ENDPOINT-ECR-S3-GATEWAY",
    name: "the endpoints module (ecr.dkr and the S3 gateway)",
    expect: "compliant",
    build: (s) => endpointsModule(s),
  },
  {
    ruleId: "VPC-ENDPOINT-ECR-S3-GATEWAY",
    name: "an SSM endpoint",
    expect: "not-applicable",
    build: (s) => interfaceEndpoint(s),
  },
  {
    ruleId: "VPC-ENDPOINT-ECR-S3-GATEWAY",
    name: "an ecr.dkr endpoint without an S3 gateway",
    expect: "non-compliant",
    message: /image layers, which ECR serves from S3, cannot be pulled/,
    build: (s) => ecrDocker(s),
  },
  {
    ruleId: "VPC-ENDPOINT-ECR-S3-GATEWAY",
    name: "bypass attempt: an S3 gateway in another VPC",
    expect: "non-compliant",
    message: /no S3 gateway endpoint in its VPC/,
    build: (s) => {
      ecrDocker(s, "vpc-1");
      s3Gateway(s, { vpcId: "vpc-2" });
    },
  },
  // VPC-ENDPOINT-PRIVATE-DNS
  {
    ruleId: "VPC-ENDPOINT-PRIVATE-DNS",
    name: "the endpoints module",
    expect: "compliant",
    environment: PHASE_2,
    build: (s) => endpointsModule(s),
  },
  {
    ruleId: "VPC-ENDPOINT-PRIVATE-DNS",
    name: "private DNS switched on by an aws_vpc_endpoint_private_dns",
    expect: "compliant",
    build: (s) => {
      const endpoint = interfaceEndpoint(s, { privateDnsEnabled: undefined });
      new VpcEndpointPrivateDns(s, "PrivateDns", { vpcEndpointId: endpoint.id, privateDnsEnabled: true });
    },
  },
  {
    ruleId: "VPC-ENDPOINT-PRIVATE-DNS",
    name: "a gateway endpoint",
    expect: "not-applicable",
    build: (s) => s3Gateway(s),
  },
  {
    ruleId: "VPC-ENDPOINT-PRIVATE-DNS",
    name: "an interface endpoint that leaves private DNS off (the default)",
    expect: "non-compliant",
    message: /private DNS is off.*private_dns_enabled = true/,
    build: (s) => interfaceEndpoint(s, { privateDnsEnabled: undefined }),
  },
  {
    ruleId: "VPC-ENDPOINT-PRIVATE-DNS",
    name: "bypass attempt: the endpoint type is a Terraform expression",
    expect: "non-compliant",
    message: /cannot verify vpc_endpoint_type/,
    build: (s) => interfaceEndpoint(s, { vpcEndpointType: "${var.endpoint_type}", privateDnsEnabled: false }),
  },
  // VPC-ENDPOINT-SECURITY-GROUP
  {
    ruleId: "VPC-ENDPOINT-SECURITY-GROUP",
    name: "the endpoints module (one security group for all its interface endpoints)",
    expect: "compliant",
    build: (s) => endpointsModule(s),
  },
  {
    ruleId: "VPC-ENDPOINT-SECURITY-GROUP",
    name: "a security group attached by an aws_vpc_endpoint_security_group_association",
    expect: "compliant",
    build: (s) => {
      const endpoint = interfaceEndpoint(s, { securityGroupIds: undefined });
      new VpcEndpointSecurityGroupAssociation(s, "Association", {
        vpcEndpointId: endpoint.id,
        securityGroupId: new SecurityGroup(s, "Other", { description: "HTTPS from the hosts" }).id,
      });
    },
  },
  {
    ruleId: "VPC-ENDPOINT-SECURITY-GROUP",
    name: "an interface endpoint with no security group",
    expect: "non-compliant",
    message: /names no security group, so AWS attaches the VPC's default security group/,
    build: (s) => interfaceEndpoint(s, { securityGroupIds: undefined }),
  },
  {
    ruleId: "VPC-ENDPOINT-SECURITY-GROUP",
    name: "bypass attempt: the VPC's default security group by reference",
    expect: "non-compliant",
    message: /aws_default_security_group\.DefaultGroup, not an aws_security_group of its own/,
    build: (s) =>
      interfaceEndpoint(s, { securityGroupIds: [new DefaultSecurityGroup(s, "DefaultGroup", { vpcId: "vpc-1" }).id] }),
  },
  {
    ruleId: "VPC-ENDPOINT-SECURITY-GROUP",
    name: "bypass attempt: the security group is a Terraform expression",
    expect: "non-compliant",
    message: /cannot verify security_group_ids/,
    build: (s) => interfaceEndpoint(s, { securityGroupIds: ['${var.production ? "sg-1" : ""}'] }),
  },
  // VPC-ENDPOINT-GATEWAY-ROUTED
  {
    ruleId: "VPC-ENDPOINT-GATEWAY-ROUTED",
    name: "the endpoints module's S3 gateway on the private route tables",
    expect: "compliant",
    build: (s) => endpointsModule(s),
  },
  {
    ruleId: "VPC-ENDPOINT-GATEWAY-ROUTED",
    name: "a gateway on a route table through an aws_vpc_endpoint_route_table_association",
    expect: "compliant",
    build: (s) => {
      const gateway = s3Gateway(s, { routeTableIds: undefined });
      new VpcEndpointRouteTableAssociation(s, "Private", { vpcEndpointId: gateway.id, routeTableId: "rtb-private" });
    },
  },
  {
    ruleId: "VPC-ENDPOINT-GATEWAY-ROUTED",
    name: "an interface endpoint",
    expect: "not-applicable",
    build: (s) => interfaceEndpoint(s),
  },
  {
    ruleId: "VPC-ENDPOINT-GATEWAY-ROUTED",
    name: "bypass attempt: a gateway endpoint with no type (Gateway is the default) and no route table",
    expect: "non-compliant",
    message: /on no route table/,
    build: (s) => s3Gateway(s, { vpcEndpointType: undefined, routeTableIds: undefined }),
  },
  {
    ruleId: "VPC-ENDPOINT-GATEWAY-ROUTED",
    name: "bypass attempt: the route tables are a Terraform expression",
    expect: "non-compliant",
    message: /cannot verify route_table_ids/,
    build: (s) => s3Gateway(s, { routeTableIds: ["${var.route_table}"] }),
  },
];
