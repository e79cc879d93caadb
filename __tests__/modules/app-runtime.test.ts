import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { CLOUDWATCH_AGENT_NAMESPACE } from "../../modules/app-host";
import { appIngressRuleId } from "../../modules/app-runtime";
import { policyOf } from "../support/module-stack";
import { onlyResource, resourcesOf } from "../support/synth";
import * as REVIEWED from "./app-runtime-actions.json";
import { synthRuntime } from "./app-runtime-fixtures";

const { default: _, ...REVIEWED_ACTIONS } = REVIEWED as Record<string, string[]> & { default?: unknown };

function policies(parsed: ReturnType<typeof synthRuntime>["parsed"]) {
  return Object.fromEntries(
    resourcesOf(parsed, IamRolePolicy.tfResourceType).map(([, p]) => [String(p.name), policyOf(p).Statement]),
  );
}

describe("AppRuntime", () => {
  test("inbound only 80 and 443, from the configured CIDRs; no SSH", () => {
    const { parsed } = synthRuntime({ ingressCidrs: ["203.0.113.0/24"], enableHttpsIngress: true });
    const rules = resourcesOf(parsed, VpcSecurityGroupIngressRule.tfResourceType).map(([, r]) => r);
    const world = rules.filter((r) => r.cidr_ipv4 !== undefined);
    expect(world.map((r) => [r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      [80, 80, "203.0.113.0/24"],
      [443, 443, "203.0.113.0/24"],
    ]);
    expect(rules.some((r) => r.from_port === 22 || r.to_port === 22)).toBe(false);
    expect(rules.every((r) => String(r.description).length > 0)).toBe(true);
  });

  test("443 stays closed unless the compute terminates TLS: nothing would answer there", () => {
    const rules = resourcesOf(synthRuntime().parsed, VpcSecurityGroupIngressRule.tfResourceType).map(([, r]) => r);
    expect(rules.filter((r) => r.cidr_ipv4 !== undefined).map((r) => [r.from_port, r.cidr_ipv4])).toEqual([
      [80, "0.0.0.0/0"],
    ]);
  });

  test("turning HTTPS on adds the 443 rules and keeps the port 80 rules at their addresses", () => {
    const ids = (enableHttpsIngress: boolean) =>
      resourcesOf(synthRuntime({ enableHttpsIngress }).parsed, VpcSecurityGroupIngressRule.tfResourceType)
        .filter(([, r]) => r.cidr_ipv4 !== undefined)
        .map(([name, r]) => [r.from_port, name]);
    const plain = ids(false);
    const https = ids(true);
    expect(https.filter(([port]) => port === 80)).toEqual(plain);
    expect(https.filter(([port]) => port === 443)).toHaveLength(1);
    expect(String(plain[0][1])).toMatch(/^AppRuntime_Ingress-http-0000-0_/);
  });

  test("the application connects to the database as its own user with IAM authentication, and only as that", () => {
    expect(policies(synthRuntime().parsed)["database-connect"]).toEqual([
      {
        Effect: "Allow",
        Action: "rds-db:connect",
        Resource: "arn:aws:rds-db:ap-northeast-1:123456789012:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY0/app_user",
      },
    ]);
  });

  test("the database accepts 5432 from this host's security group only", () => {
    const { parsed } = synthRuntime();
    const ingress = resourcesOf(parsed, VpcSecurityGroupIngressRule.tfResourceType)
      .map(([, r]) => r)
      .filter((r) => r.security_group_id === "sg-database");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: "tcp" });
    expect(String(ingress[0].referenced_security_group_id)).toMatch(/aws_security_group\.AppRuntime_SecurityGroup/);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
  });

  test("outbound only HTTPS and PostgreSQL to the database", () => {
    const rules = resourcesOf(synthRuntime().parsed, VpcSecurityGroupEgressRule.tfResourceType).map(([, r]) => r);
    const destinations = rules.map((r) => [r.from_port, r.cidr_ipv4 ?? r.referenced_security_group_id]);
    expect(destinations.sort()).toEqual([
      [443, "0.0.0.0/0"],
      [5432, "sg-database"],
    ]);
  });

  test("the role trusts EC2 only and has no AWS-managed policies", () => {
    const { parsed } = synthRuntime();
    const role = onlyResource(parsed, IamRole.tfResourceType);
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(parsed.resource?.aws_iam_role_policy_attachment).toBeUndefined();
  });

  test("least privilege: each grant is scoped to this environment's resources", () => {
    const p = policies(synthRuntime().parsed);
    expect(p["ecr-pull"][1]).toMatchObject({
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: "arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/test/app",
    });
    expect(p["database-secret"]).toEqual([
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1",
      },
    ]);
    expect(p["app-bucket"].map((s) => s.Resource)).toEqual([
      "arn:aws:s3:::webapp-test-app-files",
      "arn:aws:s3:::webapp-test-app-files/*",
    ]);
    const parameterResources = p.parameters[0].Resource as string[];
    expect(parameterResources).toHaveLength(2);
    expect(parameterResources[0]).toBe("arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/test");
    expect(parameterResources[1]).toMatch(/:parameter\/webapp\/test\/\*$/);
    expect(p["cloudwatch-agent"][0].Condition).toEqual({
      StringEquals: { "cloudwatch:namespace": CLOUDWATCH_AGENT_NAMESPACE },
    });
    // The SSM Agent's writes that accept an instance ARN name this account's instances in this region.
    expect(p["session-manager"][1].Resource).toBe("arn:aws:ec2:ap-northeast-1:123456789012:instance/*");
    expect(p["session-manager"][2].Resource).toEqual([
      "arn:aws:ssm:ap-northeast-1:123456789012:association/*",
      "arn:aws:ssm:ap-northeast-1:*:document/*",
      "arn:aws:ec2:ap-northeast-1:123456789012:instance/*",
    ]);
  });

  test("the host role's actions, statement by statement, are exactly the reviewed list", () => {
    // __tests__/modules/app-runtime-actions.json is the reviewed list: an added action fails here until it is
    // reviewed and added there.
    const actual = Object.fromEntries(
      Object.entries(policies(synthRuntime().parsed)).flatMap(([name, statements]) =>
        statements.map((s, i) => [`${name}/${i}`, ([] as string[]).concat(s.Action).sort()]),
      ),
    );
    expect(actual).toEqual({ ...REVIEWED_ACTIONS });
  });

  test("no statement grants a service wildcard or reads parameters outside the environment's path", () => {
    const statements = Object.values(policies(synthRuntime().parsed)).flat();
    for (const statement of statements) {
      const actions = ([] as string[]).concat(statement.Action);
      expect(actions.filter((a) => a === "*" || a.endsWith(":*"))).toEqual([]);
      const readsParameters = actions.some((a) => a.startsWith("ssm:GetParameter"));
      if (readsParameters) expect(statement.Resource).not.toContain("*");
    }
    // Only actions that take no resource ARN may use "*": Session Manager's, metrics, tags and the ECR token.
    const wildcardResources = statements.filter((s) => s.Resource === "*").flatMap((s) => s.Action);
    const resourceless =
      /^(ssm:(DescribeAssociation|DescribeDocument|ListAssociations|PutInventory|PutConfigurePackageResult|GetDocument|GetManifest|GetDeployable)|ssmmessages:|ec2messages:)/;
    const others = wildcardResources.filter((a) => !resourceless.test(a));
    expect(others.sort()).toEqual(["cloudwatch:PutMetricData", "ec2:DescribeTags", "ecr:GetAuthorizationToken"]);
  });

  test("the application log group keeps 30 days by default", () => {
    expect(synthRuntime().json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/webapp/test/app",
      retention_in_days: 30,
    });
  });

  test("the application log group refuses terraform destroy by default; off on request", () => {
    const group = (props: Parameters<typeof synthRuntime>[0] = {}) =>
      onlyResource(synthRuntime(props).parsed, CloudwatchLogGroup.tfResourceType);
    expect(group().lifecycle).toEqual({ prevent_destroy: true });
    expect(group({ preventLogGroupDestroy: false }).lifecycle).toBeUndefined();
  });

  test("holds what every kind of compute shares and nothing that runs: no instance, template or address", () => {
    const types = Object.keys(synthRuntime().parsed.resource ?? {}).sort();
    expect(types).toEqual([
      "aws_cloudwatch_log_group",
      "aws_iam_instance_profile",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_security_group",
      "aws_vpc_security_group_egress_rule",
      "aws_vpc_security_group_ingress_rule",
    ]);
  });

  test("the instance profile hands the role on, under the role's deterministic name", () => {
    const { json } = synthRuntime();
    expect(json).toHaveResourceWithProperties(IamInstanceProfile, {
      name: "webapp-test-app-host",
      role: expect.stringMatching(/aws_iam_role\.AppRuntime_Role_[0-9A-F]{8}\.name/),
    });
  });

  test("ingress rules are keyed by CIDR: removing one CIDR keeps the other CIDRs' rules at their addresses", () => {
    const both = synthRuntime({ ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"], enableHttpsIngress: true }).parsed;
    const second = synthRuntime({ ingressCidrs: ["198.51.100.0/24"], enableHttpsIngress: true }).parsed;
    const addresses = (parsed: typeof both) =>
      resourcesOf(parsed, VpcSecurityGroupIngressRule.tfResourceType)
        .filter(([, r]) => r.cidr_ipv4 === "198.51.100.0/24")
        .map(([name]) => name);
    expect(addresses(second)).toHaveLength(2);
    expect(addresses(second)).toEqual(addresses(both));
    expect(appIngressRuleId("https", "198.51.100.0/24")).toBe("Ingress-https-198.51.100.0-24");
  });
});
