import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Alb } from "@cdktf/provider-aws/lib/alb";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack, TerraformVariable } from "cdktf";
import { capabilitiesForPhase } from "../../../config";
import { LoadBalancer } from "../../../modules/load-balancer";
import { Network } from "../../../modules/network";
import { RuleCase } from "../../support/guardrails";

/** The project's own network module, as production-shaped as configuration allows. */
function network(stack: TerraformStack, enableFlowLogs = true): Network {
  return new Network(stack, "Network", {
    namePrefix: "webapp-test",
    vpcCidr: "10.0.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
    publicSubnetCidrs: ["10.0.0.0/20", "10.0.16.0/20"],
    privateSubnetCidrs: ["10.0.128.0/20", "10.0.144.0/20"],
    enableFlowLogs,
  });
}

function webSecurityGroup(stack: TerraformStack, port = 443): SecurityGroup {
  return new SecurityGroup(stack, "Web", {
    description: "HTTPS from the internet",
    ingress: [{ description: "HTTPS", protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: ["0.0.0.0/0"] }],
  });
}

/** A described, empty security group for separate rules to target. */
function bareGroup(stack: TerraformStack): SecurityGroup {
  return new SecurityGroup(stack, "Group", { description: "Rules added separately", vpcId: "vpc-1" });
}

/** One aws_vpc_security_group_ingress_rule per CIDR on `port` of `group`. */
function ingressFrom(stack: TerraformStack, group: SecurityGroup, port: number, cidrs: readonly string[]): void {
  cidrs.forEach((cidr) => {
    const family = cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
    new VpcSecurityGroupIngressRule(stack, `From-${cidr.replace(/[^0-9a-f]/g, "-")}`, {
      securityGroupId: group.id,
      description: `port ${port} from ${cidr}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      ...family,
    });
  });
}

const PHASE_2 = { capabilities: capabilitiesForPhase(2) };

/** The project's load balancer module, whose security group takes 80 and 443 from the internet. */
function loadBalancerModule(stack: TerraformStack): LoadBalancer {
  return new LoadBalancer(stack, "Ingress", {
    namePrefix: "webapp-test",
    region: "ap-northeast-1",
    accountId: "123456789012",
    vpcId: "vpc-1",
    vpcCidr: "10.0.0.0/16",
    publicSubnetIds: ["subnet-a", "subnet-c"],
    certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
    targetPort: 8080,
    healthCheckPath: "/health",
  });
}

/** A Phase 2 host's security group, worn by the launch template its Auto Scaling group uses. */
function hostGroup(stack: TerraformStack): SecurityGroup {
  const group = new SecurityGroup(stack, "Hosts", { vpcId: "vpc-1", description: "Application hosts" });
  new LaunchTemplate(stack, "Template", {
    imageId: "ami-1",
    networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0, securityGroups: [group.id] }],
  });
  return group;
}

/** The application port on `group` from another security group: how Phase 2 hosts take the load balancer's traffic. */
function fromGroup(stack: TerraformStack, group: SecurityGroup, source: string): void {
  new VpcSecurityGroupIngressRule(stack, "FromLoadBalancer", {
    securityGroupId: group.id,
    description: "the application port from the load balancer",
    ipProtocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
    referencedSecurityGroupId: source,
  });
}

const PRODUCTION = { name: "production" } as const;

/** An Application Load Balancer listener on port 80 whose default action is `action`. */
function httpListener(stack: TerraformStack, action: LbListenerDefaultAction) {
  return new LbListener(stack, "Http", {
    loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/web/1",
    port: 80,
    protocol: "HTTP",
    defaultAction: [action],
  });
}

export const NETWORK_CASES: readonly RuleCase[] = [
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "the production host with a domain: 80 (redirecting) and 443 open to the same clients",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => {
      const group = bareGroup(s);
      for (const port of [80, 443]) {
        new VpcSecurityGroupIngressRule(s, `Port-${port}`, {
          securityGroupId: group.id,
          description: `port ${port} from everyone`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
        });
      }
    },
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "80 from one office network, 443 from everyone (which covers it)",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => {
      const group = bareGroup(s);
      ingressFrom(s, group, 80, ["203.0.113.0/24"]);
      ingressFrom(s, group, 443, ["0.0.0.0/0"]);
    },
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "the production host without a domain: 80 alone serves plain HTTP",
    expect: "non-compliant",
    environment: PRODUCTION,
    message:
      /production serves plain HTTP: TCP 80 is open to 0\.0\.0\.0\/0 and TCP 443 is not.*set dns\.domainName.*acknowledge HTTPS-IN-PRODUCTION/,
    build: (s) => ingressFrom(s, bareGroup(s), 80, ["0.0.0.0/0"]),
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "bypass: 443 opened on another security group than the one serving 80",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /TCP 80 is open to 0\.0\.0\.0\/0 and TCP 443 is not/,
    build: (s) => {
      ingressFrom(s, bareGroup(s), 80, ["0.0.0.0/0"]);
      const other = new SecurityGroup(s, "Other", { description: "Another group", vpcId: "vpc-1" });
      new VpcSecurityGroupIngressRule(s, "OtherHttps", {
        securityGroupId: other.id,
        description: "HTTPS elsewhere",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      });
    },
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "bypass: 443 opened to one address while 80 serves everyone",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /TCP 80 is open to 0\.0\.0\.0\/0 and TCP 443 is not/,
    build: (s) => {
      const group = bareGroup(s);
      ingressFrom(s, group, 80, ["0.0.0.0/0"]);
      ingressFrom(s, group, 443, ["198.51.100.7/32"]);
    },
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "bypass: plain HTTP on a port range that contains 80, in an inline rule",
    expect: "non-compliant",
    environment: PRODUCTION,
    build: (s) =>
      new SecurityGroup(s, "Web", {
        description: "Web range",
        ingress: [{ description: "80-90", protocol: "tcp", fromPort: 80, toPort: 90, cidrBlocks: ["0.0.0.0/0"] }],
      }),
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "outside production plain HTTP needs no acknowledgement",
    expect: "not-applicable",
    build: (s) => ingressFrom(s, bareGroup(s), 80, ["0.0.0.0/0"]),
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "a load balancer's HTTP listener that redirects to HTTPS",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) =>
      httpListener(s, { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }),
  },
  {
    ruleId: "HTTPS-IN-PRODUCTION",
    name: "a load balancer's HTTP listener that forwards plain HTTP",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /answers with plain HTTP instead of redirecting to HTTPS/,
    build: (s) => httpListener(s, { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg/app/1" }),
  },
  {
    ruleId: "VPC-FLOW-LOGS",
    name: "the network module with flow logs on",
    expect: "compliant",
    build: (stack) => network(stack, true),
  },
  {
    ruleId: "VPC-FLOW-LOGS",
    name: "a VPC without a flow log",
    expect: "non-compliant",
    message: /no flow log.*enableFlowLogs/,
    build: (stack) => network(stack, false),
  },
  {
    ruleId: "VPC-FLOW-LOGS",
    name: "a VPC whose only flow log records rejected traffic",
    expect: "non-compliant",
    message: /only accepted or only rejected/,
    build: (stack) => {
      const vpc = new Vpc(stack, "Vpc", { cidrBlock: "10.0.0.0/16" });
      new FlowLog(stack, "FlowLog", {
        vpcId: vpc.id,
        trafficType: "REJECT",
        logDestinationType: "s3",
        logDestination: "arn:aws:s3:::flow-logs",
      });
    },
  },
  {
    ruleId: "DEFAULT-SG-CLOSED",
    name: "the network module (default security group adopted, no rules)",
    expect: "compliant",
    build: (stack) => network(stack),
  },
  {
    ruleId: "DEFAULT-SG-CLOSED",
    name: "a VPC that leaves its default security group unmanaged",
    expect: "non-compliant",
    message: /not managed/,
    build: (stack) => new Vpc(stack, "Vpc", { cidrBlock: "10.0.0.0/16" }),
  },
  {
    ruleId: "DEFAULT-SG-CLOSED",
    name: "a default security group with a rule",
    expect: "non-compliant",
    message: /1 ingress and 0 egress rules/,
    build: (stack) => {
      const vpc = new Vpc(stack, "Vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(stack, "DefaultGroup", {
        vpcId: vpc.id,
        ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, selfAttribute: true }],
      });
    },
  },
  {
    ruleId: "SUBNET-NO-AUTO-PUBLIC-IP",
    name: "the network module's subnets",
    expect: "compliant",
    build: (stack) => network(stack),
  },
  {
    ruleId: "SUBNET-NO-AUTO-PUBLIC-IP",
    name: "a subnet that maps public IPs on launch",
    expect: "non-compliant",
    message: /map_public_ip_on_launch = true/,
    build: (stack) =>
      new Subnet(stack, "Subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true }),
  },
  {
    ruleId: "SUBNET-PUBLIC-BY-DESIGN",
    name: "the network module (public subnets tagged, private ones without a route out)",
    expect: "compliant",
    build: (stack) => network(stack),
  },
  {
    ruleId: "SUBNET-PUBLIC-BY-DESIGN",
    name: "a private subnet associated with a route table that routes to the internet gateway",
    expect: "non-compliant",
    message: /routes to an internet gateway but is not tagged/,
    build: (stack) => {
      const vpc = new Vpc(stack, "Vpc", { cidrBlock: "10.0.0.0/16" });
      const igw = new InternetGateway(stack, "Igw", { vpcId: vpc.id });
      const table = new RouteTable(stack, "Routes", { vpcId: vpc.id });
      new Route(stack, "DefaultRoute", {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        gatewayId: igw.id,
      });
      const subnet = new Subnet(stack, "Subnet", {
        vpcId: vpc.id,
        cidrBlock: "10.0.128.0/20",
        tags: { tier: "private" },
      });
      new RouteTableAssociation(stack, "Association", { subnetId: subnet.id, routeTableId: table.id });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "HTTPS from the internet on the Phase 1 host's security group",
    expect: "compliant",
    build: (stack) => {
      const web = webSecurityGroup(stack);
      new Instance(stack, "Host", { ami: "ami-1", instanceType: "t4g.micro", vpcSecurityGroupIds: [web.id] });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "HTTPS from the internet on the Phase 2 load balancer's security group",
    expect: "compliant",
    environment: { capabilities: { ingress: { kind: "load-balancer" } } },
    build: (stack) => {
      const web = webSecurityGroup(stack);
      new Lb(stack, "Alb", { securityGroups: [web.id], subnets: ["subnet-1", "subnet-2"] });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "SSH from the internet",
    expect: "non-compliant",
    message: /open on TCP port 22.*Session Manager/,
    build: (stack) =>
      new VpcSecurityGroupIngressRule(stack, "Ssh", {
        securityGroupId: "sg-1",
        description: "SSH",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: "0.0.0.0/0",
      }),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "every port from the IPv6 internet",
    expect: "non-compliant",
    message: /all ports and protocols/,
    build: (stack) =>
      new SecurityGroupRule(stack, "All", {
        type: "ingress",
        securityGroupId: "sg-1",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        ipv6CidrBlocks: ["::/0"],
      }),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "HTTPS from the internet straight to a Phase 2 host instead of the load balancer",
    expect: "non-compliant",
    environment: { capabilities: { ingress: { kind: "load-balancer" } } },
    message: /used by aws_instance\.Host.*not the entry point/,
    build: (stack) => {
      const web = webSecurityGroup(stack);
      new Instance(stack, "Host", { ami: "ami-1", instanceType: "t4g.micro", vpcSecurityGroupIds: [web.id] });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "Phase 2: the load balancer module's security group",
    expect: "compliant",
    environment: PHASE_2,
    build: (stack) => loadBalancerModule(stack),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "Phase 2: HTTPS from the internet on an aws_alb's security group",
    expect: "compliant",
    environment: PHASE_2,
    build: (stack) => new Alb(stack, "Alb", { securityGroups: [webSecurityGroup(stack).id], subnets: ["a", "b"] }),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "Phase 2: HTTPS from the internet on the security group of the hosts' launch template",
    expect: "non-compliant",
    environment: PHASE_2,
    message: /used by aws_launch_template\.Template, which is not the entry point.*load balancer's security group/,
    build: (stack) => ingressFrom(stack, hostGroup(stack), 443, ["0.0.0.0/0"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "Phase 2: bypass attempt: one security group worn by the load balancer and by the hosts",
    expect: "non-compliant",
    environment: PHASE_2,
    message: /used by aws_launch_template\.Template/,
    build: (stack) => {
      const shared = hostGroup(stack);
      ingressFrom(stack, shared, 443, ["0.0.0.0/0"]);
      new Alb(stack, "Alb", { securityGroups: [shared.id], subnets: ["a", "b"] });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "Phase 2: bypass attempt: HTTPS from the internet on a security group created in another stack",
    expect: "non-compliant",
    environment: PHASE_2,
    message:
      /TCP port 443 is open to the internet on "sg-0123456789abcdef0", a security group not created in this stack/,
    build: (stack) =>
      new VpcSecurityGroupIngressRule(stack, "Https", {
        securityGroupId: "sg-0123456789abcdef0",
        description: "HTTPS",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      }),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: HTTPS from the internet on a security group nothing in the stack wears",
    expect: "non-compliant",
    message: /no EC2 host in this stack uses it/,
    build: (stack) => webSecurityGroup(stack),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "SSH from one office /16",
    expect: "compliant",
    build: (stack) => ingressFrom(stack, bareGroup(stack), 22, ["203.0.0.0/16"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "PostgreSQL from all three private ranges together (10/8, 172.16/12, 192.168/16 are not the internet)",
    expect: "compliant",
    build: (stack) => ingressFrom(stack, bareGroup(stack), 5432, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "a port Terraform computes, from a security group rather than a CIDR",
    expect: "compliant",
    build: (stack) => {
      const port = new TerraformVariable(stack, "port", { type: "number" });
      new VpcSecurityGroupIngressRule(stack, "FromApp", {
        securityGroupId: bareGroup(stack).id,
        description: "PostgreSQL from the app",
        ipProtocol: "tcp",
        fromPort: port.numberValue,
        toPort: port.numberValue,
        referencedSecurityGroupId: "sg-app",
      });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "HTTPS from the internet in two halves on the Phase 1 host's security group",
    expect: "compliant",
    build: (stack) => {
      const group = bareGroup(stack);
      ingressFrom(stack, group, 443, ["0.0.0.0/1", "128.0.0.0/1"]);
      new Instance(stack, "Host", { ami: "ami-1", instanceType: "t4g.micro", vpcSecurityGroupIds: [group.id] });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: SSH from the internet split into two halves (0.0.0.0/1 + 128.0.0.0/1)",
    expect: "non-compliant",
    message: /open on TCP port 22 \(together: 0\.0\.0\.0\/1, 128\.0\.0\.0\/1, from .*\)/,
    build: (stack) => ingressFrom(stack, bareGroup(stack), 22, ["0.0.0.0/1", "128.0.0.0/1"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: SSH from sixteen /4s",
    expect: "non-compliant",
    message: /open on TCP port 22/,
    build: (stack) =>
      ingressFrom(
        stack,
        bareGroup(stack),
        22,
        Array.from({ length: 16 }, (_, i) => `${i * 16}.0.0.0/4`),
      ),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: SSH from 256 /8s, none wider than a /8 on its own",
    expect: "non-compliant",
    message: /open on TCP port 22/,
    build: (stack) =>
      new SecurityGroup(stack, "Group", {
        description: "Everything, one /8 at a time",
        ingress: [
          {
            description: "SSH",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`),
          },
        ],
      }),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: RDP from a single /7",
    expect: "non-compliant",
    message: /open on TCP port 3389/,
    build: (stack) => ingressFrom(stack, bareGroup(stack), 3389, ["2.0.0.0/7"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: SSH from the IPv6 internet in halves (::/1 + 8000::/1)",
    expect: "non-compliant",
    message: /open on TCP port 22 \(together: ::\/1, 8000::\/1/,
    build: (stack) => ingressFrom(stack, bareGroup(stack), 22, ["::/1", "8000::/1"]),
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: 256 /8s spread over an inline block (every port) and an aws_security_group_rule (20-30)",
    expect: "non-compliant",
    message:
      /open on TCP ports 20-30 \(together: .*from aws_security_group\.Group, aws_security_group_rule\.HighHalf\)/,
    build: (stack) => {
      const eights = (first: number) => Array.from({ length: 128 }, (_, i) => `${first + i}.0.0.0/8`);
      const group = new SecurityGroup(stack, "Group", {
        description: "Split across resource types",
        ingress: [
          { description: "low half, every port", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: eights(0) },
        ],
      });
      new SecurityGroupRule(stack, "HighHalf", {
        type: "ingress",
        securityGroupId: group.id,
        description: "high half, SSH and more",
        protocol: "tcp",
        fromPort: 20,
        toPort: 30,
        cidrBlocks: eights(128),
      });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: the port open to the internet is a Terraform expression",
    expect: "non-compliant",
    message: /cannot verify from_port: .*write a literal/,
    build: (stack) => {
      const port = new TerraformVariable(stack, "port", { type: "number" });
      new VpcSecurityGroupIngressRule(stack, "Web", {
        securityGroupId: "sg-1",
        description: "HTTPS, supposedly",
        ipProtocol: "tcp",
        fromPort: port.numberValue,
        toPort: port.numberValue,
        cidrIpv4: "0.0.0.0/0",
      });
    },
  },
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "bypass attempt: the CIDR is a Terraform expression",
    expect: "non-compliant",
    message: /cannot verify cidr_ipv4: .*write a literal/,
    build: (stack) => {
      const cidr = new TerraformVariable(stack, "cidr", { type: "string" });
      new VpcSecurityGroupIngressRule(stack, "Ssh", {
        securityGroupId: "sg-1",
        description: "SSH",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: cidr.stringValue,
      });
    },
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 2: hosts take the application port from the load balancer's security group",
    expect: "compliant",
    environment: PHASE_2,
    build: (stack) => fromGroup(stack, hostGroup(stack), loadBalancerModule(stack).securityGroup.id),
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 1: the host itself is the entry point",
    expect: "not-applicable",
    build: (stack) => ingressFrom(stack, hostGroup(stack), 8080, ["10.0.0.0/16"]),
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 2: a security group no host wears (the database's, from the VPC)",
    expect: "not-applicable",
    environment: PHASE_2,
    build: (stack) => ingressFrom(stack, bareGroup(stack), 5432, ["10.0.0.0/16"]),
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 2: bypass attempt: hosts take the application port from the whole VPC instead of the load balancer",
    expect: "non-compliant",
    environment: PHASE_2,
    message: /lets 10\.0\.0\.0\/16 reach TCP 8080 on the security group of aws_launch_template\.Template/,
    build: (stack) => ingressFrom(stack, hostGroup(stack), 8080, ["10.0.0.0/16"]),
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 2: bypass attempt: SSH from an office in an inline rule of an instance's security group",
    expect: "non-compliant",
    environment: PHASE_2,
    message: /ingress\[0\] lets 203\.0\.113\.0\/24 reach TCP 22 on the security group of aws_instance\.Host/,
    build: (stack) => {
      const group = new SecurityGroup(stack, "Hosts", {
        description: "Hosts",
        ingress: [{ description: "SSH", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.0/24"] }],
      });
      new Instance(stack, "Host", { ami: "ami-1", instanceType: "t4g.micro", vpcSecurityGroupIds: [group.id] });
    },
  },
  {
    ruleId: "SG-HOSTS-FROM-GROUPS-ONLY",
    name: "Phase 2: bypass attempt: a source CIDR Terraform computes is still an address range",
    expect: "non-compliant",
    environment: PHASE_2,
    message: /lets \$\{var\.cidr\} reach/,
    build: (stack) => {
      const cidr = new TerraformVariable(stack, "cidr", { type: "string" });
      ingressFrom(stack, hostGroup(stack), 8080, [cidr.stringValue]);
    },
  },
  {
    ruleId: "SG-DESCRIBED",
    name: "a described security group with described rules",
    expect: "compliant",
    build: (stack) => {
      const web = webSecurityGroup(stack);
      new VpcSecurityGroupEgressRule(stack, "Out", {
        securityGroupId: web.id,
        description: "HTTPS to AWS APIs",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      });
    },
  },
  {
    ruleId: "SG-DESCRIBED",
    name: "a security group without a description",
    expect: "non-compliant",
    message: /no description on the resource/,
    build: (stack) => new SecurityGroup(stack, "Bare", { vpcId: "vpc-1" }),
  },
  {
    ruleId: "SG-DESCRIBED",
    name: "an inline ingress rule without a description",
    expect: "non-compliant",
    message: /no description on ingress\[0\]/,
    build: (stack) =>
      new SecurityGroup(stack, "Web", {
        description: "Web",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
      }),
  },
  {
    ruleId: "SG-DESCRIBED",
    name: "a separate egress rule without a description",
    expect: "non-compliant",
    build: (stack) =>
      new VpcSecurityGroupEgressRule(stack, "Out", {
        securityGroupId: "sg-1",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      }),
  },
];
