import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { HOST_INTERFACE_SERVICES, VpcEndpoints, VpcEndpointsProps } from "../../modules/vpc-endpoints";
import { synthModule } from "../support/module-stack";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const props: VpcEndpointsProps = {
  namePrefix: "webapp-production",
  region: "ap-northeast-1",
  vpcId: "vpc-1",
  privateSubnetIds: ["subnet-a", "subnet-c"],
  privateSubnetCidrs: ["10.30.128.0/20", "10.30.144.0/20"],
  privateRouteTableIds: ["rtb-private"],
  interfaceServices: HOST_INTERFACE_SERVICES,
};

function build(overrides: Partial<VpcEndpointsProps> = {}) {
  const result = synthModule((scope) => new VpcEndpoints(scope, "Endpoints", { ...props, ...overrides }));
  return { ...result, resources: (result.parsed as unknown as { resource: Resources }).resource };
}

describe("VpcEndpoints", () => {
  test("an S3 gateway on the private route tables, with the literal service name", () => {
    const endpoints = Object.values(build().resources[VpcEndpoint.tfResourceType]);
    expect(endpoints.filter((e) => e.vpc_endpoint_type === "Gateway")).toEqual([
      expect.objectContaining({ service_name: "com.amazonaws.ap-northeast-1.s3", route_table_ids: ["rtb-private"] }),
    ]);
  });

  test("one interface endpoint per service a private host needs, private DNS on, in every private subnet", () => {
    const endpoints = Object.values(build().resources[VpcEndpoint.tfResourceType]).filter(
      (e) => e.vpc_endpoint_type === "Interface",
    );
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ["ec2", "ec2messages", "ecr.api", "ecr.dkr", "logs", "monitoring", "secretsmanager", "ssm", "ssmmessages"].map(
        (s) => `com.amazonaws.ap-northeast-1.${s}`,
      ),
    );
    for (const endpoint of endpoints) {
      expect(endpoint).toMatchObject({ private_dns_enabled: true, subnet_ids: ["subnet-a", "subnet-c"] });
      expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\./)]);
    }
  });

  test("the endpoints accept HTTPS from the private subnets only, with rule IDs from the CIDRs", () => {
    const { resources } = build();
    expect(Object.values(resources[SecurityGroup.tfResourceType])[0]).not.toHaveProperty("ingress");
    const rules = resources[VpcSecurityGroupIngressRule.tfResourceType];
    expect(Object.values(rules).map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      ["tcp", 443, 443, "10.30.128.0/20"],
      ["tcp", 443, 443, "10.30.144.0/20"],
    ]);
    expect(Object.keys(rules).every((name) => /Https-10-30-1(28|44)-0-20/.test(name) || /Https/.test(name))).toBe(true);
  });

  test("a service listed twice is refused", () => {
    expect(() => build({ interfaceServices: ["ssm", "ssm"] })).toThrow(/interface service ssm is listed twice/);
  });
});
