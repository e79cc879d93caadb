import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Route } from "@cdktf/provider-aws/lib/route";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App } from "cdktf";
import { NetworkStack } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { resourcesOf, synth } from "../support/synth";

function networkJson(flowLogs = false) {
  const environment = environmentConfig("development", (e) => ({
    ...e,
    network: { ...e.network, enableFlowLogs: flowLogs },
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
});
