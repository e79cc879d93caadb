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

  test("Phase 2 is refused with one message that names the field and says what this version builds", () => {
    const message = problemsFor("production", (env) => ({ ...env, phase: 2 }));
    const lines = problemLines(message);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/environments\.production\.phase: got 2; expected a phase this version builds \(1\)/);
    expect(lines[0]).toMatch(/Phase 2 is not available in this version; set phase: 1/);
    expect(lines[0]).toMatch(/compute instance, ingress host, vpcEndpoints none/);
    expect(message).not.toMatch(/load balancer/);
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "a compute kind that a later phase builds",
      (env) => ({ ...env, capabilities: { compute: "auto-scaling-group" } }),
      /capabilities\.compute: got "auto-scaling-group"; expected a compute kind this version builds \(instance\)\. Fix: auto-scaling-group is not available in this version; use instance/,
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
      "a read replica",
      (env) => ({ ...env, capabilities: { database: { readReplicas: 1 } } }),
      /capabilities\.database\.readReplicas: got 1.*read replicas are not available in this version/,
    ],
  ])("an override this version does not build is refused: %s", (_, change, message) => {
    expect(problemsFor("test", change)).toMatch(message);
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
