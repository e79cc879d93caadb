import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Construct } from "constructs";
import { addressAt, movedFrom, pathInStack } from "../../modules/addresses";
import { synthModule } from "../support/module-stack";

describe("addresses", () => {
  // Addresses cdktf synthesized for these construct paths before they moved.
  test.each([
    ["aws_subnet", ["Network", "PublicSubnet0"], "aws_subnet.Network_PublicSubnet0_B2FC5C28"],
    ["aws_cloudwatch_log_group", ["AppHost", "AppLogGroup"], "aws_cloudwatch_log_group.AppHost_AppLogGroup_1C806B55"],
    [
      "aws_vpc_security_group_ingress_rule",
      ["AppHost", "Ingress-http-0"],
      "aws_vpc_security_group_ingress_rule.AppHost_Ingress-http-0_1CCB5952",
    ],
  ])("addressAt(%s, %j) is the address cdktf gave that path", (type, path, address) => {
    expect(addressAt(type, path)).toBe(address);
  });

  test("pathInStack names the construct IDs below the stack, and matches the address cdktf allocates", () => {
    const { parsed, construct } = synthModule((scope) => {
      const network = new Construct(scope, "Network");
      return { network, subnet: new Subnet(network, "PublicSubnet-a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" }) };
    });
    expect(pathInStack(construct.network)).toEqual(["Network"]);
    const [name] = Object.keys(parsed.resource?.aws_subnet ?? {});
    expect(addressAt("aws_subnet", ["Network", "PublicSubnet-a"])).toBe(`aws_subnet.${name}`);
  });

  test("movedFrom emits a moved block from the legacy address to the resource, which stays declared", () => {
    const { parsed } = synthModule((scope) => {
      const subnet = new Subnet(scope, "PublicSubnet-a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" });
      movedFrom(subnet, ["Network", "PublicSubnet0"]);
      return subnet;
    });
    const [name] = Object.keys(parsed.resource?.aws_subnet ?? {});
    expect(parsed.moved).toEqual([{ from: "aws_subnet.Network_PublicSubnet0_B2FC5C28", to: `aws_subnet.${name}` }]);
  });
});
