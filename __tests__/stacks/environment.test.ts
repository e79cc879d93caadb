import { App } from "cdktf";
import { Capabilities, EnvironmentInput } from "../../config";
import { EnvironmentStacks, STACK_KINDS, StackKind, buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { WITH_ADOPTED_ZONE, WITH_DOMAIN, buildSynthesized } from "./environment-fixtures";

const ENVIRONMENTS = ["development", "test", "production"];
const VARIANTS: [string, ((env: EnvironmentInput) => EnvironmentInput) | undefined][] = [
  ["without a domain", undefined],
  ["with a domain", WITH_DOMAIN],
  ["with an adopted zone", WITH_ADOPTED_ZONE],
];

describe("buildEnvironment", () => {
  test("the stack list is the growth design's, in deploy order", () => {
    // The growth design's table, plus delivery (docs/delivery.md): the GitHub Actions roles, deployed by hand.
    expect(STACK_KINDS).toEqual([
      "bootstrap",
      "delivery",
      "network",
      "dns",
      "storage",
      "registry",
      "identity",
      "database",
      "parameters",
      "ingress",
      "compute",
      "edge",
      "records",
      "monitoring",
    ]);
  });

  test.each(ENVIRONMENTS.flatMap((env) => VARIANTS.map(([label, change]) => [env, label, change] as const)))(
    "%s %s synthesizes every stack, named <environment>-<kind>",
    (name, _, change) => {
      const { app, stacks } = buildSynthesized(name, change);
      const expected = STACK_KINDS.map((kind) => `${name}-${kind}`);
      expect(app.node.children.map((c) => c.node.id)).toEqual(expected);
      expect(STACK_KINDS.map((kind) => stacks[kind].node.id)).toEqual(expected);
    },
  );

  // Only production configures delivery (and so the account it requires) in the shipped configuration.
  const emptyWithoutDomain = (name: string): StackKind[] => [
    ...(name === "production" ? [] : ["delivery" as const]),
    "dns",
    "identity",
    "ingress",
    "edge",
    "records",
  ];
  test.each(ENVIRONMENTS)(
    "%s without a domain: dns, identity, ingress, edge and records (and delivery outside production) are empty, with their provider and backend",
    (name) => {
      const { stacks, parsed } = buildSynthesized(name);
      for (const kind of STACK_KINDS) {
        const json = parsed(stacks[kind]);
        const empty = json.resource === undefined && json.data === undefined && json.output === undefined;
        expect([kind, empty]).toEqual([kind, emptyWithoutDomain(name).includes(kind)]);
        expect(json.provider?.aws).toHaveLength(1);
        expect(json.terraform?.backend).toBeDefined();
      }
      const backend = parsed(stacks.records).terraform?.backend as { s3: { key: string } };
      expect(backend.s3.key).toBe(`${name}/records.tfstate`);
    },
  );

  test.each(["identity", "ingress", "edge"] as const)("%s is empty in Phase 1 even with a domain", (kind) => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    expect(parsed(stacks[kind]).resource).toBeUndefined();
    expect(parsed(stacks[kind]).output).toBeUndefined();
  });

  // docs/growth.md, section 2: "Depends on".
  const DEPENDS_ON: [StackKind, StackKind[]][] = [
    ["bootstrap", []],
    ["delivery", []],
    ["network", []],
    ["dns", []],
    ["storage", []],
    ["registry", []],
    ["identity", ["dns"]],
    ["database", ["network"]],
    ["parameters", ["database", "identity", "registry", "storage"]],
    ["ingress", ["dns", "network"]],
    ["compute", ["database", "ingress", "network", "parameters", "registry", "storage"]],
    ["edge", ["dns", "ingress"]],
    ["records", ["compute", "dns", "edge", "ingress"]],
    ["monitoring", STACK_KINDS.filter((k) => !["bootstrap", "delivery", "monitoring"].includes(k)).sort()],
  ];
  test.each(
    VARIANTS.flatMap(([label, change]) => DEPENDS_ON.map(([kind, deps]) => [kind, label, deps, change] as const)),
  )("%s %s deploys after %j", (kind, _, deps, change) => {
    const { stacks } = buildSynthesized("development", change);
    const ids = (stacks as EnvironmentStacks)[kind].dependencies.map((s) => s.node.id.replace(/^development-/, ""));
    expect(ids.sort()).toEqual([...deps].sort());
  });

  const NOT_BUILT: [string, Partial<Capabilities>, RegExp][] = [
    ["compute ecs-fargate", { compute: { kind: "ecs-fargate" } }, /compute kind "ecs-fargate"/],
    ["vpcEndpoints tasks", { vpcEndpoints: { kind: "tasks" } }, /vpcEndpoints kind "tasks"/],
    [
      "database aurora",
      { database: { kind: "aurora-postgresql-serverless-v2" } },
      /database kind "aurora-postgresql-serverless-v2"/,
    ],
    ["frontEnd cloudfront", { frontEnd: { kind: "cloudfront" } }, /frontEnd kind "cloudfront"/],
    ["userPool cognito", { userPool: { kind: "cognito" } }, /userPool kind "cognito"/],
  ];
  test.each(NOT_BUILT)(
    "a stack refuses %s, which validation lets through only when skipped",
    (_, capabilities, message) => {
      const environment = environmentConfig("development");
      const unvalidated = { ...environment, capabilities: { ...environment.capabilities, ...capabilities } };
      expect(() => buildEnvironment(new App(), unvalidated)).toThrow(message);
      expect(() => buildEnvironment(new App(), unvalidated)).toThrow(/is not built by this version/);
    },
  );
});
