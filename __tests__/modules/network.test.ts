import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Route } from "@cdktf/provider-aws/lib/route";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App } from "cdktf";
import { NetworkStack } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { movedBlocks, resourcesOf, synth } from "../support/synth";

function networkJson(flowLogs = false, availabilityZones?: string[]) {
  const environment = environmentConfig("development", (e) => ({
    ...e,
    network: { ...e.network, enableFlowLogs: flowLogs, ...(availabilityZones && { availabilityZones }) },
  }));
  return synth(new NetworkStack(new App(), { environment }));
}

describe("Network", () => {
  test("VPC has DNS support and hostnames", () => {
    expect(networkJson().json).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.10.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test("one public and one private subnet per zone, none assigning public IPs on launch", () => {
    const { parsed } = networkJson();
    const subnets = resourcesOf(parsed, Subnet.tfResourceType).map(([, s]) => s);
    expect(subnets).toHaveLength(4);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(subnets.map((s) => s.availability_zone).sort()).toEqual([
      "ap-northeast-1a",
      "ap-northeast-1a",
      "ap-northeast-1c",
      "ap-northeast-1c",
    ]);
  });

  test("only the public route table has a route out, through the Internet Gateway", () => {
    const { parsed } = networkJson();
    const routes = resourcesOf(parsed, Route.tfResourceType).map(([, r]) => r);
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ destination_cidr_block: "0.0.0.0/0" });
    expect(String(routes[0].gateway_id)).toMatch(/aws_internet_gateway\./);
    expect(String(routes[0].route_table_id)).toMatch(/PublicRouteTable/);
    expect(parsed.resource?.aws_nat_gateway).toBeUndefined();
  });

  test("the default security group is managed with no rules", () => {
    const { json, parsed } = networkJson();
    expect(json).toHaveResource(DefaultSecurityGroup);
    const [[, sg]] = resourcesOf(parsed, DefaultSecurityGroup.tfResourceType);
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test("flow logs are off by default and record all traffic when enabled", () => {
    expect(networkJson(false).json).not.toHaveResource(FlowLog);
    const { json, parsed } = networkJson(true);
    expect(json).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    const [[, group]] = resourcesOf(parsed, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(30);
  });

  test("the flow log group refuses terraform destroy in production only", () => {
    const flowLogGroup = (name: string) => {
      const environment = environmentConfig(name, (e) => ({ ...e, network: { ...e.network, enableFlowLogs: true } }));
      const { parsed } = synth(new NetworkStack(new App(), { environment }));
      return resourcesOf(parsed, "aws_cloudwatch_log_group").map(([, group]) => group.lifecycle);
    };
    expect(flowLogGroup("production")).toEqual([{ prevent_destroy: true }]);
    expect(flowLogGroup("development")).toEqual([undefined]);
  });

  test("subnets are keyed by zone: dropping the first zone keeps the other zones' subnets at their addresses", () => {
    const inZone = (parsed: ReturnType<typeof networkJson>["parsed"], az: string) =>
      resourcesOf(parsed, Subnet.tfResourceType)
        .filter(([, s]) => s.availability_zone === az)
        .map(([name]) => name)
        .sort();
    const three = networkJson(false, ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]).parsed;
    const two = networkJson(false, ["ap-northeast-1c", "ap-northeast-1d"]).parsed;
    for (const az of ["ap-northeast-1c", "ap-northeast-1d"]) {
      expect(inZone(two, az)).toHaveLength(2);
      expect(inZone(two, az)).toEqual(inZone(three, az));
    }
  });

  // The addresses the positional IDs had, as synthesized before subnets were keyed by zone.
  test.each([
    ["aws_subnet.Network_PublicSubnet0_B2FC5C28", "ap-northeast-1a", "public"],
    ["aws_subnet.Network_PublicSubnet1_3B56D098", "ap-northeast-1c", "public"],
    ["aws_subnet.Network_PrivateSubnet0_A7C21DEC", "ap-northeast-1a", "private"],
    ["aws_subnet.Network_PrivateSubnet1_E8491189", "ap-northeast-1c", "private"],
  ])("a moved block carries %s over to the %s %s subnet", (from, az, tier) => {
    const { parsed } = networkJson();
    const to = movedBlocks(parsed)[from];
    const [type, name] = to.split(".");
    expect(type).toBe("aws_subnet");
    expect(parsed.resource?.aws_subnet?.[name]).toMatchObject({ availability_zone: az, tags: { tier } });
  });

  test.each([
    ["aws_route_table_association.Network_PublicSubnet0Routes_603DC49A", "PublicRouteTable", "ap-northeast-1a"],
    ["aws_route_table_association.Network_PublicSubnet1Routes_363FFDE1", "PublicRouteTable", "ap-northeast-1c"],
    ["aws_route_table_association.Network_PrivateSubnet0Routes_C129D1BD", "PrivateRouteTable", "ap-northeast-1a"],
    ["aws_route_table_association.Network_PrivateSubnet1Routes_385E977A", "PrivateRouteTable", "ap-northeast-1c"],
  ])("a moved block carries %s over to the association of %s with the %s subnet", (from, table, az) => {
    const { parsed } = networkJson();
    const to = movedBlocks(parsed)[from];
    const association = parsed.resource?.aws_route_table_association?.[to.split(".")[1]];
    expect(String(association?.route_table_id)).toContain(table);
    const subnetName = /aws_subnet\.([^.]+)\.id/.exec(String(association?.subnet_id))![1];
    expect(parsed.resource?.aws_subnet?.[subnetName].availability_zone).toBe(az);
  });

  test("every moved block points at a resource the stack declares", () => {
    const { parsed } = networkJson();
    const moved = parsed.moved ?? [];
    expect(moved).toHaveLength(8);
    for (const { to } of moved) {
      const [type, name] = to.split(".");
      expect(parsed.resource?.[type]?.[name]).toBeDefined();
    }
  });
});
