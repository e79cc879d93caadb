import { EnvironmentInput, capabilitiesForPhase, describeCapabilities } from "../../config";
import { environmentConfig, problemsFor } from "../support/environment";

/** The lines of a ConfigError message that report a problem. */
function problemLines(message: string): string[] {
  return message.split("\n").filter((line) => line.startsWith("  - "));
}

describe("capabilities", () => {
  test("Phase 1 resolves to one host, no endpoints, single-AZ RDS, the app's front end, no user pool", () => {
    expect(environmentConfig("production").capabilities).toEqual({
      compute: { kind: "instance" },
      ingress: { kind: "host" },
      vpcEndpoints: { kind: "none" },
      database: { kind: "rds-postgresql", multiAz: false, readReplicas: 0 },
      frontEnd: { kind: "app" },
      userPool: { kind: "none" },
    });
  });

  test.each([
    [2, { compute: "auto-scaling-group", ingress: "load-balancer", vpcEndpoints: "hosts", frontEnd: "app" }],
    [3, { compute: "ecs-fargate", ingress: "load-balancer", vpcEndpoints: "tasks", frontEnd: "app" }],
    [4, { compute: "ecs-fargate", ingress: "load-balancer", vpcEndpoints: "tasks", frontEnd: "cloudfront" }],
  ] as const)("the Phase %i preset follows the design's table", (phase, kinds) => {
    const preset = capabilitiesForPhase(phase);
    expect({
      compute: preset.compute.kind,
      ingress: preset.ingress.kind,
      vpcEndpoints: preset.vpcEndpoints.kind,
      frontEnd: preset.frontEnd.kind,
    }).toEqual(kinds);
  });

  test("Phase 3 is refused with one message that names the field and says what this version builds", () => {
    const message = problemsFor("production", (env) => ({ ...env, phase: 3 }));
    const lines = problemLines(message);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/environments\.production\.phase: got 3; expected a phase this version builds \(1, 2\)/);
    expect(lines[0]).toMatch(/Phase 3 is not available in this version; set phase: 1 or 2/);
    expect(lines[0]).toMatch(
      /compute instance\/auto-scaling-group, ingress host\/load-balancer, vpcEndpoints none\/hosts/,
    );
  });

  test("Phase 2 with a domain resolves to the group, the load balancer, host endpoints, Multi-AZ and one replica", () => {
    const env = environmentConfig("production", (e) => ({ ...e, phase: 2, dns: { domainName: "example.com" } }));
    expect(env.capabilities).toEqual({
      compute: { kind: "auto-scaling-group" },
      ingress: { kind: "load-balancer" },
      vpcEndpoints: { kind: "hosts" },
      database: { kind: "rds-postgresql", multiAz: true, readReplicas: 1 },
      frontEnd: { kind: "app" },
      userPool: { kind: "none" },
    });
    expect(env.transition).toEqual({ keepInstance: false, keepAddress: false, recordTarget: "load-balancer" });
    expect(env.loadBalancer.enableDeletionProtection).toBe(true);
    expect(env.loadBalancer.accessLogBucketName).toBe("webapp-production-alb-logs");
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "a compute kind that a later phase builds",
      (env) => ({ ...env, capabilities: { compute: "ecs-fargate" } }),
      /capabilities\.compute: got "ecs-fargate"; expected a compute kind this version builds \(instance, auto-scaling-group\)\. Fix: ecs-fargate is not available in this version; use instance or auto-scaling-group/,
    ],
    [
      "a user pool",
      (env) => ({ ...env, capabilities: { userPool: "cognito" } }),
      /capabilities\.userPool: got "cognito".*cognito is not available in this version; use none/,
    ],
    [
      "Aurora",
      (env) => ({ ...env, capabilities: { database: { kind: "aurora-postgresql-serverless-v2" } } }),
      /capabilities\.database\.kind: got "aurora-postgresql-serverless-v2".*not available in this version/,
    ],
    [
      "six read replicas",
      (env) => ({ ...env, capabilities: { database: { readReplicas: 6 } } }),
      /capabilities\.database\.readReplicas: got 6/,
    ],
  ])("an override this version does not build is refused: %s", (_, change, message) => {
    expect(problemsFor("test", change)).toMatch(message);
  });

  const PHASE_2 = (env: EnvironmentInput): EnvironmentInput => ({
    ...env,
    phase: 2,
    dns: { domainName: "example.com" },
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "Phase 2 without a domain or a certificate",
      (env) => ({ ...env, phase: 2 }),
      /environments\.test\.dns\.domainName: got undefined; expected a domain \(or loadBalancer\.certificateArn\) with ingress load-balancer\. Fix: the load balancer serves HTTPS only: set dns\.domainName/,
    ],
    [
      "a certificate of another region",
      (env) => ({
        ...env,
        phase: 2,
        loadBalancer: {
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-0123456789ab",
        },
      }),
      /loadBalancer\.certificateArn: got "arn:aws:acm:us-east-1:.*"; expected a certificate in the environment's region, ap-northeast-1/,
    ],
    [
      "a malformed certificate ARN",
      (env) => ({ ...PHASE_2(env), loadBalancer: { certificateArn: "arn:aws:acm:cert" } }),
      /loadBalancer\.certificateArn: got "arn:aws:acm:cert"; expected an ACM certificate ARN/,
    ],
    [
      "min above max",
      (env) => ({ ...PHASE_2(env), compute: { autoScaling: { minSize: 5, maxSize: 4 } } }),
      /compute\.autoScaling\.minSize: got 5; expected at most maxSize \(4\)\. Fix: lower compute\.autoScaling\.minSize or raise compute\.autoScaling\.maxSize to at least 5/,
    ],
    [
      "a CPU target above 100",
      (env) => ({ ...PHASE_2(env), compute: { autoScaling: { targetCpuPercent: 120 } } }),
      /compute\.autoScaling\.targetCpuPercent: got 120; expected an integer from 1 to 100/,
    ],
    [
      "a CPU target of 0",
      (env) => ({ ...PHASE_2(env), compute: { autoScaling: { targetCpuPercent: 0 } } }),
      /compute\.autoScaling\.targetCpuPercent: got 0/,
    ],
    [
      "private hosts without endpoints or a NAT gateway",
      (env) => ({ ...PHASE_2(env), capabilities: { vpcEndpoints: "none" } }),
      /capabilities\.vpcEndpoints: got "none"; expected hosts \(or network\.enableNatGateway: true\) with compute auto-scaling-group/,
    ],
    [
      "an Auto Scaling group without the load balancer",
      (env) => ({ ...PHASE_2(env), capabilities: { ingress: "host" } }),
      /capabilities\.ingress: got "host"; expected load-balancer with compute auto-scaling-group/,
    ],
    [
      "a load balancer in front of the single instance",
      (env) => ({ ...PHASE_2(env), capabilities: { compute: "instance" } }),
      /capabilities\.compute: got "instance"; expected auto-scaling-group with ingress load-balancer.*transition\.keepInstance: true/,
    ],
    [
      "keepInstance in Phase 1",
      (env) => ({ ...env, transition: { keepInstance: true } }),
      /transition\.keepInstance: got true; expected keepInstance only while compute is auto-scaling-group/,
    ],
    [
      "the record on a host that is gone",
      (env) => ({ ...PHASE_2(env), transition: { recordTarget: "host" } }),
      /transition\.recordTarget: got "host"; expected an instance to point at.*transition\.keepInstance: true/,
    ],
    [
      "the record on a load balancer that is not built",
      (env) => ({ ...env, transition: { recordTarget: "load-balancer" } }),
      /transition\.recordTarget: got "load-balancer"; expected ingress load-balancer/,
    ],
    [
      "an unknown transition field",
      (env) => ({ ...PHASE_2(env), transition: { keepHost: true } as never }),
      /transition\.keepHost/,
    ],
  ])("bad Phase 2 input is refused with the field and the fix: %s", (_, change, message) => {
    expect(problemsFor("test", change)).toMatch(message);
  });

  test("a NAT gateway stands in for the endpoints", () => {
    const env = environmentConfig("test", (e) => ({
      ...PHASE_2(e),
      capabilities: { vpcEndpoints: "none" },
      network: { ...e.network, enableNatGateway: true },
    }));
    expect(env.capabilities.vpcEndpoints).toEqual({ kind: "none" });
    expect(env.network.enableNatGateway).toBe(true);
  });

  test("an override replaces only its own capability", () => {
    const env = environmentConfig("test", (e) => ({ ...e, capabilities: { database: { multiAz: true } } }));
    expect(env.capabilities.database).toEqual({ kind: "rds-postgresql", multiAz: true, readReplicas: 0 });
    expect(env.capabilities.compute).toEqual({ kind: "instance" });
  });

  test("the capability table names every capability once", () => {
    expect(describeCapabilities(environmentConfig("development").capabilities)).toEqual([
      { name: "compute", value: "instance" },
      { name: "ingress", value: "host" },
      { name: "vpcEndpoints", value: "none" },
      { name: "database", value: "rds-postgresql (single-AZ, 0 read replicas)" },
      { name: "frontEnd", value: "app" },
      { name: "userPool", value: "none" },
    ]);
  });
});
