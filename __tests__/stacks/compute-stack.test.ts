import { createHash } from "node:crypto";
import { buildSynthesized } from "./environment-fixtures";
import { movedBlocks } from "../support/synth";

/**
 * The compute stack's addresses as synthesized before the app host split in two (every resource under the
 * AppHost construct, ingress rules keyed by the CIDR's position).
 */
const MOVED_TO_RUNTIME: [string, RegExp][] = [
  ["aws_cloudwatch_log_group.AppHost_AppLogGroup_1C806B55", /^aws_cloudwatch_log_group\.AppRuntime_AppLogGroup_/],
  ["aws_security_group.AppHost_SecurityGroup_79044BC8", /^aws_security_group\.AppRuntime_SecurityGroup_/],
  [
    "aws_vpc_security_group_ingress_rule.AppHost_Ingress-http-0_1CCB5952",
    /^aws_vpc_security_group_ingress_rule\.AppRuntime_Ingress-http-0000-0_/,
  ],
  [
    "aws_vpc_security_group_egress_rule.AppHost_Egress-https_34431F14",
    /^aws_vpc_security_group_egress_rule\.AppRuntime_Egress-https_/,
  ],
  [
    "aws_vpc_security_group_egress_rule.AppHost_Egress-database_6A67DD46",
    /^aws_vpc_security_group_egress_rule\.AppRuntime_Egress-database_/,
  ],
  [
    "aws_vpc_security_group_ingress_rule.AppHost_DatabaseIngress_E240447A",
    /^aws_vpc_security_group_ingress_rule\.AppRuntime_DatabaseIngress_/,
  ],
  ["aws_iam_role.AppHost_Role_38B8DA2B", /^aws_iam_role\.AppRuntime_Role_/],
  [
    "aws_iam_role_policy.AppHost_Policy-session-manager_BCA94E6E",
    /^aws_iam_role_policy\.AppRuntime_Policy-session-manager_/,
  ],
  [
    "aws_iam_role_policy.AppHost_Policy-cloudwatch-agent_018771E4",
    /^aws_iam_role_policy\.AppRuntime_Policy-cloudwatch-agent_/,
  ],
  ["aws_iam_role_policy.AppHost_Policy-ecr-pull_888E5A52", /^aws_iam_role_policy\.AppRuntime_Policy-ecr-pull_/],
  ["aws_iam_role_policy.AppHost_Policy-parameters_5523B3C4", /^aws_iam_role_policy\.AppRuntime_Policy-parameters_/],
  [
    "aws_iam_role_policy.AppHost_Policy-database-secret_9D5EFAE7",
    /^aws_iam_role_policy\.AppRuntime_Policy-database-secret_/,
  ],
  ["aws_iam_role_policy.AppHost_Policy-app-bucket_B854965E", /^aws_iam_role_policy\.AppRuntime_Policy-app-bucket_/],
  [
    "aws_iam_instance_profile.AppHost_InstanceProfile_7F9E0BE0",
    /^aws_iam_instance_profile\.AppRuntime_InstanceProfile_/,
  ],
];

/** With a domain the host serves HTTPS: its 443 rule, from before the split, moves too. */
const HTTPS_MOVED_TO_RUNTIME: [string, RegExp] = [
  "aws_vpc_security_group_ingress_rule.AppHost_Ingress-https-0_6CE4BFAC",
  /^aws_vpc_security_group_ingress_rule\.AppRuntime_Ingress-https-0000-0_/,
];

/** Created after the split: no address to move from. */
const ADDED = [/^aws_iam_role_policy\.AppRuntime_Policy-database-connect_[0-9A-F]{8}$/];

/** The host's own resources, which kept their construct paths and so their addresses. */
const KEPT = [
  "aws_instance.AppHost_Instance_B223859A",
  "aws_launch_template.AppHost_LaunchTemplate_B76C95E3",
  "aws_network_interface.AppHost_NetworkInterface_5AA9ED02",
  "aws_eip.AppHost_ElasticIp_DDD9FD39",
];

function compute(name = "development") {
  const { stacks, parsed } = buildSynthesized(name);
  return parsed(stacks.compute);
}

describe("ComputeStack", () => {
  test.each(MOVED_TO_RUNTIME)("a moved block carries %s into the AppRuntime", (from, to) => {
    const json = compute();
    const target = movedBlocks(json)[from];
    expect(target).toMatch(to);
    const [type, name] = target.split(".");
    expect(json.resource?.[type]?.[name]).toBeDefined();
  });

  test("the moved blocks are exactly the runtime's resources: nothing else moves, nothing is left behind", () => {
    const json = compute();
    expect(Object.keys(movedBlocks(json)).sort()).toEqual(MOVED_TO_RUNTIME.map(([from]) => from).sort());
    const declared = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    const moved = new Set(Object.values(movedBlocks(json)));
    const added = declared.filter((a) => ADDED.some((pattern) => pattern.test(a)));
    expect(added).toHaveLength(ADDED.length);
    expect(declared.filter((a) => !moved.has(a) && !added.includes(a)).sort()).toEqual([...KEPT].sort());
  });

  test("with a domain the 443 rule moves from its address before the split as well", () => {
    const { stacks, parsed } = buildSynthesized("test", (env) => ({ ...env, dns: { domainName: "example.com" } }));
    const json = parsed(stacks.compute);
    const [from, to] = HTTPS_MOVED_TO_RUNTIME;
    expect(movedBlocks(json)[from]).toMatch(to);
  });

  test("every configured ingress CIDR's rules move from their positional addresses", () => {
    const { stacks, parsed } = buildSynthesized("test", (env) => ({
      ...env,
      compute: { ...env.compute, ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"] },
      dns: { domainName: "example.com" },
    }));
    const moved = movedBlocks(parsed(stacks.compute));
    const rules = parsed(stacks.compute).resource?.aws_vpc_security_group_ingress_rule ?? {};
    const cidrOf = (from: string) => rules[moved[from].split(".")[1]].cidr_ipv4;
    const ruleAt = (protocol: string, index: number) =>
      Object.keys(moved).find((from) => from.includes(`AppHost_Ingress-${protocol}-${index}_`))!;
    expect(cidrOf(ruleAt("http", 0))).toBe("203.0.113.0/24");
    expect(cidrOf(ruleAt("https", 0))).toBe("203.0.113.0/24");
    expect(cidrOf(ruleAt("http", 1))).toBe("198.51.100.0/24");
    expect(cidrOf(ruleAt("https", 1))).toBe("198.51.100.0/24");
  });

  test("outputs keep their names", () => {
    const outputs = Object.keys(compute().output ?? {}).filter((name) => !name.startsWith("cross-stack-output-"));
    expect(outputs.sort()).toEqual(["AppLogGroupName", "InstanceId", "PublicIp", "RoleArn", "SecurityGroupId"]);
  });

  test("exposes what monitoring and records need as plain values, not constructs", () => {
    const { stacks } = buildSynthesized();
    expect(stacks.compute.alarmTarget).toEqual({ kind: "instance", instanceId: expect.any(String) });
    expect(stacks.compute.appLogGroupName).toEqual(expect.any(String));
    expect(stacks.compute.hostEntryPoint).toEqual({ publicIp: expect.any(String), protocol: "HTTP" });
  });

  test("without a domain the host serves plain HTTP on 80 alone: 443 stays closed", () => {
    const json = compute();
    const rules = Object.values(json.resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules.filter((r) => r.cidr_ipv4 !== undefined).map((r) => r.from_port)).toEqual([80]);
    expect(String(json.resource?.aws_instance?.AppHost_Instance_B223859A?.user_data)).toContain(
      'readonly TLS_DOMAIN=""',
    );
  });

  test("with a domain the host serves HTTPS for the record name and opens 443 to the same clients", () => {
    const { stacks, parsed } = buildSynthesized("test", (env) => ({
      ...env,
      dns: { domainName: "example.com", recordName: "app.example.com" },
    }));
    const json = parsed(stacks.compute);
    const rules = Object.values(json.resource?.aws_vpc_security_group_ingress_rule ?? {});
    expect(rules.filter((r) => r.cidr_ipv4 === "0.0.0.0/0").map((r) => r.from_port)).toEqual([80, 443]);
    expect(String(json.resource?.aws_instance?.AppHost_Instance_B223859A?.user_data)).toContain(
      'readonly TLS_DOMAIN="app.example.com"',
    );
    expect(stacks.compute.hostEntryPoint?.protocol).toBe("HTTPS");
  });

  test("the host may connect as the configured application user of this database instance only", () => {
    const { stacks, parsed } = buildSynthesized("test", (env) => ({ ...env, database: { appUsername: "orders" } }));
    const policies = Object.values(parsed(stacks.compute).resource?.aws_iam_role_policy ?? {});
    const connect = policies.find((p) => p.name === "database-connect");
    const [statement] = JSON.parse(String(connect?.policy)).Statement;
    expect(statement.Action).toBe("rds-db:connect");
    // The resource id comes from the database stack's output; the user from configuration.
    expect(statement.Resource).toMatch(
      /^arn:aws:rds-db:ap-northeast-1:\$\{[^}]+\}:dbuser:\$\{data\.terraform_remote_state\.cross-stack-reference-input-test-database\.outputs\.[^}]*resource_id\}\/orders$/,
    );
  });

  // The host replaces itself when its user data changes (user_data_replace_on_change): a new agent setting, a
  // reworded comment in user-data.sh or a changed escape would replace every Phase 1 production host. These are
  // the SHA-256 of each shipped environment's user data; change one only together with a CHANGELOG.md
  // entry that says the host is replaced.
  test.each([
    ["development", "535453df18315700a8ec3a118a458692b7c6b0a0961c4f1dd4ba6cebc6375e37"],
    ["test", "67aaa3e3acb908a2307dc196ace8ba1a03b2d724d618f897bf2b0190ced9fcf8"],
    ["production", "11e728d2d975e416f577980f101c676e0dee680b295f0998c821cf44ade9b1b1"],
  ])("the %s host's user data is unchanged, byte for byte (a change replaces the host)", (name, sha256) => {
    const instance = compute(name).resource?.aws_instance?.AppHost_Instance_B223859A;
    expect(instance?.user_data_replace_on_change).toBe(true);
    expect(createHash("sha256").update(String(instance?.user_data)).digest("hex")).toBe(sha256);
  });
});
