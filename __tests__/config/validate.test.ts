import { EnvironmentInput, PROJECT, loadEnvironments } from "../../config";
import { environmentConfig, problemsFor, problemsForProject, projectWith } from "../support/environment";

describe("loadEnvironments", () => {
  test("the shipped configuration is valid and builds all three environments", () => {
    const envs = loadEnvironments(PROJECT);
    expect(envs.map((e) => e.name)).toEqual(["development", "test", "production"]);
    for (const env of envs) {
      expect(env.region).toBe("ap-northeast-1");
      expect(env.tags).toMatchObject({ project: "webapp", environment: env.name, "managed-by": "cdktf" });
      expect(env.stateBackend.locking).toBe("dynamodb");
      expect(env.network.enableFlowLogs).toBe(false);
    }
  });

  test("subnets are derived from the VPC CIDR when not given", () => {
    const [dev] = loadEnvironments(PROJECT, { only: ["development"] });
    expect(dev.network.publicSubnetCidrs).toEqual(["10.10.0.0/20", "10.10.16.0/20"]);
    expect(dev.network.privateSubnetCidrs).toEqual(["10.10.128.0/20", "10.10.144.0/20"]);
  });

  test("one environment can be selected", () => {
    expect(loadEnvironments(PROJECT, { only: ["production"] }).map((e) => e.name)).toEqual(["production"]);
  });

  test("an unknown selected environment names the variable and the choices", () => {
    expect(() => loadEnvironments(PROJECT, { only: ["staging"] })).toThrow(
      /CDKTF_ENVIRONMENTS: got "staging"; expected one of the configured environments \(development, test, production\)/,
    );
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "malformed VPC CIDR",
      (e) => ({ ...e, network: { ...e.network, vpcCidr: "10.0.0.0/33" } }),
      /environments\.development\.network\.vpcCidr: got "10\.0\.0\.0\/33"; expected an IPv4 CIDR .* Fix: /,
    ],
    [
      "VPC CIDR with host bits",
      (e) => ({ ...e, network: { ...e.network, vpcCidr: "10.0.0.1/16" } }),
      /network\.vpcCidr: got "10\.0\.0\.1\/16"; expected an IPv4 CIDR with no host bits set/,
    ],
    [
      "VPC too small for the subnets",
      (e) => ({ ...e, network: { ...e.network, vpcCidr: "10.0.0.0/26" } }),
      /network\.vpcCidr: got "10\.0\.0\.0\/26"; expected a prefix length from \/16 to \/24/,
    ],
    [
      "one availability zone",
      (e) => ({ ...e, network: { ...e.network, availabilityZones: ["ap-northeast-1a"] } }),
      /network\.availabilityZones: got \["ap-northeast-1a"\]; expected 2 to 8 availability zones\. Fix: .*RDS subnet group/,
    ],
    [
      "a zone outside the region",
      (e) => ({ ...e, network: { ...e.network, availabilityZones: ["ap-northeast-1a", "us-east-1a"] } }),
      /network\.availabilityZones\[1\]: got "us-east-1a"; expected a zone of region ap-northeast-1/,
    ],
    [
      "a repeated zone",
      (e) => ({ ...e, network: { ...e.network, availabilityZones: ["ap-northeast-1a", "ap-northeast-1a"] } }),
      /network\.availabilityZones: got .*; expected distinct zones/,
    ],
    [
      "a subnet outside the VPC",
      (e) => ({ ...e, network: { ...e.network, publicSubnetCidrs: ["10.10.0.0/24", "10.99.1.0/24"] } }),
      /network\.publicSubnetCidrs\[1\]: got "10\.99\.1\.0\/24"; expected a block inside the VPC 10\.10\.0\.0\/16/,
    ],
    [
      "overlapping subnets",
      (e) => ({
        ...e,
        network: {
          ...e.network,
          publicSubnetCidrs: ["10.10.0.0/24", "10.10.1.0/24"],
          privateSubnetCidrs: ["10.10.0.0/23", "10.10.8.0/24"],
        },
      }),
      /privateSubnetCidrs\[0\]: got "10\.10\.0\.0\/23"; expected no overlap with .*publicSubnetCidrs\[0\]/,
    ],
    [
      "wrong number of subnets",
      (e) => ({ ...e, network: { ...e.network, privateSubnetCidrs: ["10.10.200.0/24"] } }),
      /privateSubnetCidrs: got \["10\.10\.200\.0\/24"\]; expected one CIDR per availability zone \(2\)/,
    ],
    [
      "unknown environment",
      (e) => ({ ...e, name: "staging" }),
      /environments\[0\]\.name: got "staging"; expected one of development, test, production/,
    ],
    ["phase 5", (e) => ({ ...e, phase: 5 }), /\.phase: got 5; expected an integer from 1 to 4/],
    ["bad region", (e) => ({ ...e, region: "Tokyo" }), /\.region: got "Tokyo"; expected an AWS region code/],
    [
      "bad account id",
      (e) => ({ ...e, allowedAccountId: "12345" }),
      /allowedAccountId: got "12345"; expected a 12-digit AWS account id/,
    ],
    [
      "uppercase bucket name",
      (e) => ({ ...e, stateBackend: { ...e.stateBackend, bucket: "Webapp_State" } }),
      /stateBackend\.bucket: got "Webapp_State"; expected a valid S3 bucket name \(only lowercase letters, digits, dots and hyphens\)/,
    ],
    [
      "IP-shaped bucket name",
      (e) => ({ ...e, stateBackend: { ...e.stateBackend, bucket: "192.168.1.1" } }),
      /stateBackend\.bucket: got "192\.168\.1\.1"; expected a valid S3 bucket name \(must not look like an IP address\)/,
    ],
    [
      "bad lock table name",
      (e) => ({ ...e, stateBackend: { ...e.stateBackend, lockTable: "a" } }),
      /stateBackend\.lockTable: got "a"; expected a DynamoDB table name/,
    ],
    [
      "unknown locking mode",
      (e) => ({ ...e, stateBackend: { ...e.stateBackend, locking: "consul" as never } }),
      /stateBackend\.locking: got "consul"; expected "dynamodb" or "lockfile"/,
    ],
    [
      "a reserved tag",
      (e) => ({ ...e, tags: { environment: "prod" } }),
      /tags\.environment: got "prod"; expected a key other than project, environment, managed-by/,
    ],
    [
      "a flow log retention CloudWatch refuses",
      (e) => ({ ...e, network: { ...e.network, flowLogRetentionDays: 10 } }),
      /flowLogRetentionDays: got 10; expected one of the values CloudWatch Logs accepts/,
    ],
  ])("rejects %s, naming the field, the value and the fix", (_case, change, message) => {
    expect(problemsFor("development", change)).toMatch(message);
  });

  test("a bad project name is reported", () => {
    expect(() => loadEnvironments({ ...PROJECT, projectName: "Web App" })).toThrow(
      /projectName: got "Web App"; expected 2-16 characters/,
    );
  });

  test("every problem is reported in one pass", () => {
    const message = problemsFor("production", (e) => ({
      ...e,
      phase: 0,
      region: "eu-west-9x",
      network: { ...e.network, vpcCidr: "bad" },
      stateBackend: { ...e.stateBackend, bucket: "x" },
    }));
    expect(message).toMatch(/^Invalid configuration \(4 problems\):/);
    for (const field of ["phase", "region", "network.vpcCidr", "stateBackend.bucket"]) {
      expect(message).toContain(`environments.production.${field}`);
    }
  });

  test("duplicate environments are rejected", () => {
    expect(() =>
      loadEnvironments({ ...PROJECT, environments: [PROJECT.environments[0], PROJECT.environments[0]] }),
    ).toThrow(/environments\.development\.name: got "development"; expected each environment once/);
  });

  test("a repeated environment is one problem, not one more per resource it repeats", () => {
    const message = problemsForProject({
      ...PROJECT,
      environments: [PROJECT.environments[0], PROJECT.environments[0]],
    });
    expect(message).toMatch(/^Invalid configuration \(1 problem\):/);
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "a missing network section",
      (e) => ({ ...e, network: undefined as unknown as EnvironmentInput["network"] }),
      /environments\.development\.network: got undefined; expected the network section: an object with the fields vpcCidr, availabilityZones.* Fix: add network: /,
    ],
    [
      "availability zones written as one string",
      (e) => ({ ...e, network: { ...e.network, availabilityZones: "ap-northeast-1a" as unknown as string[] } }),
      /network\.availabilityZones: got "ap-northeast-1a"; expected 2 to 8 availability zones\. Fix: list at least two zones/,
    ],
    [
      "a missing state backend",
      (e) => ({ ...e, stateBackend: undefined as unknown as EnvironmentInput["stateBackend"] }),
      /environments\.development\.stateBackend: got undefined; expected the stateBackend section.* Fix: add stateBackend: \{ bucket, lockTable \}/,
    ],
  ])("%s is a configuration problem, not a crash", (_, change, message) => {
    const lines = problemsFor("development", change).split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(message);
  });

  test("subnet CIDRs are checked for format while the VPC CIDR is invalid, and not for containment", () => {
    const message = problemsFor("development", (e) => ({
      ...e,
      network: { ...e.network, vpcCidr: "10.10.0.0/33", publicSubnetCidrs: ["10.10.0.0/24", "10.10.1/24"] },
    }));
    expect(message).toMatch(/^Invalid configuration \(2 problems\)/);
    expect(message).toMatch(/network\.vpcCidr: got "10\.10\.0\.0\/33"/);
    expect(message).toMatch(/network\.publicSubnetCidrs\[1\]: got "10\.10\.1\/24"; expected an IPv4 CIDR/);
    expect(message).not.toMatch(/inside the VPC/);
  });

  test.each([
    [
      "state bucket",
      "stateBackend.bucket",
      { stateBackend: { bucket: "webapp-development-tfstate", lockTable: "t-lock" } },
    ],
    [
      "lock table",
      "stateBackend.lockTable",
      { stateBackend: { bucket: "webapp-test-tfstate", lockTable: "webapp-development-tfstate-lock" } },
    ],
    ["an application bucket", "storage.bucketName", { storage: { bucketName: "webapp-development-app-files" } }],
  ])("%s shared with another environment is refused on the second, naming the first", (_, field, change) => {
    const lines = problemsFor("test", (e) => ({ ...e, ...change })).split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(`^  - environments\\.test\\.${field.replace(".", "\\.")}: got "webapp-development-`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`no other environment uses \\(environments\\.development\\.${field.replace(".", "\\.")}`),
    );
    expect(lines[1]).toMatch(/Fix: give each environment its own/);
  });

  test.each(["ap-northeast-9", "eu-moon-1"])("the unknown region %s is one problem, on the region", (region) => {
    const lines = problemsFor("development", (e) => ({ ...e, region })).split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `environments\\.development\\.region: got "${region}"; expected a commercial AWS region \\(.*ap-southeast-7.*\\)`,
      ),
    );
    expect(lines[1]).not.toMatch(/availabilityZones/);
  });

  test.each([
    ["ap-east-2", ["ap-east-2a", "ap-east-2b"]],
    ["ap-southeast-5", ["ap-southeast-5a", "ap-southeast-5b"]],
    ["mx-central-1", ["mx-central-1a", "mx-central-1b"]],
    ["ca-west-1", ["ca-west-1a", "ca-west-1b"]],
  ])("the recent region %s is accepted, its state backend with it", (region, availabilityZones) => {
    const env = environmentConfig("development", (e) => ({
      ...e,
      region,
      network: { ...e.network, availabilityZones },
    }));
    expect([env.region, env.stateBackend.region]).toEqual([region, region]);
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "a misspelled section",
      (e) => ({ ...e, netwrk: {} }) as EnvironmentInput,
      /environments\.development\.netwrk: got \{\}; expected a field of the environment\. Fix: remove netwrk, or use one of the fields it knows: name, region, .*network/,
    ],
    [
      "a misspelled field",
      (e) => ({ ...e, compute: { instancetype: "t4g.small" } }) as EnvironmentInput,
      /compute\.instancetype: got "t4g\.small"; expected a field of the compute section\. Fix: remove instancetype, or use one of the fields it knows: instanceType, /,
    ],
    [
      "the removed database.enableMultiAz",
      (e) => ({ ...e, database: { enableMultiAz: true } }) as EnvironmentInput,
      /database\.enableMultiAz: got true; expected a field of the database section\. Fix: .*moved to capabilities\.database\.multiAz/,
    ],
  ])("an unknown key is refused: %s", (_, change, message) => {
    expect(problemsFor("development", change)).toMatch(message);
  });

  test("checks across fields run while unrelated fields fail, and one environment's problems do not hide another's", () => {
    const project = projectWith("development", (e) => ({
      ...e,
      network: 5 as unknown as EnvironmentInput["network"],
      database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 105, backupRetentionDays: 0 },
      dns: { domainName: "example.com", recordName: "app.example.org", recordTtlSec: -1 },
    }));
    const message = problemsForProject({
      ...project,
      environments: project.environments.map((e) => (e.name === "test" ? { ...e, phase: 3 } : e)),
    });
    expect(message).toMatch(/^Invalid configuration \(6 problems\)/);
    for (const expected of [
      /environments\.development\.network: got 5/,
      /development\.database\.backupRetentionDays: got 0/,
      /development\.database\.maxAllocatedStorageGiB: got 105; expected at least 110/,
      /development\.dns\.recordTtlSec: got -1/,
      /development\.dns\.recordName: got "app\.example\.org"; expected example\.com or a lowercase name under it/,
      /environments\.test\.phase: got 3; expected a phase this version builds/,
    ]) {
      expect(message).toMatch(expected);
    }
  });
});
