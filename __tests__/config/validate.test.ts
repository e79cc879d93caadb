import { EnvironmentInput, PROJECT, loadEnvironments } from "../../config";
import { problemsFor } from "../support/environment";

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
});
