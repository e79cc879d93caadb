import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Diagnostic,
  GroupTimings,
  StackCheck,
  balancedGroups,
  checkGroup,
  formatDiagnostics,
  installProviders,
  providerSchemas,
  requireTerraform,
  synthesizeAllEnvironments,
  terraformProcessEnv,
} from "../support/terraform";
import { ProviderServers, startProviderServers } from "../support/terraform-provider-server";
import { projectWith } from "../support/environment";
import { EnvironmentInput, PROJECT, ProjectInput } from "../../config";
import { STACK_KINDS } from "../../stacks";

/**
 * The Terraform tier: every stack of every environment, as `main.ts` synthesizes it, goes through the real
 * Terraform CLI: `init`, `validate`, then plan and apply against `mock_provider "aws"` with upstream stacks'
 * outputs supplied through `override_data`, so a downstream stack is proven to plan before anything is deployed
 * (which `cdktf diff` cannot do: hashicorp/terraform-cdk#2235). Stacks added to `buildEnvironment` are covered
 * without editing this file.
 */

// Two groups of stacks in parallel, one Terraform process per group at a time: CI machines have two cores.
const PARALLEL_GROUPS = 2;
// The tier takes ~2 minutes for 42 stacks on two shared cores, and much longer if the provider cannot be shared
// (every Terraform step then starts its own); a hung Terraform still fails the test.
const TIMEOUT_MS = 30 * 60_000;

const workRoot = mkdtempSync(join(tmpdir(), "terraform-tier-"));
const stacks = synthesizeAllEnvironments(join(workRoot, "synth"));
const stackJson = new Map(stacks.map((s) => [s.name, s.json]));
// No shipped environment configures a domain or runs Phase 2, so the stacks they change are checked again on
// variants: development with a domain (the dns and records stacks hold the zone, the record and the health check),
// every environment at Phase 2, production at Phase 2 with a NAT gateway instead of endpoints, and production in
// the middle of the switch (the Phase 1 host beside the Auto Scaling group, docs/phase2.md).
const DOMAIN = { domainName: "example.com" };
const everyEnvironment = (change: (env: EnvironmentInput) => EnvironmentInput): ProjectInput => ({
  ...PROJECT,
  environments: PROJECT.environments.map(change),
});
const VARIANTS: { suffix: string; project: ProjectInput }[] = [
  { suffix: " (with a domain)", project: projectWith("development", (env) => ({ ...env, dns: DOMAIN })) },
  { suffix: " (phase 2)", project: everyEnvironment((env) => ({ ...env, phase: 2, dns: DOMAIN })) },
  {
    suffix: " (phase 2, NAT gateway)",
    project: projectWith("production", (env) => ({
      ...env,
      phase: 2,
      dns: DOMAIN,
      capabilities: { vpcEndpoints: "none" },
      network: { ...env.network, enableNatGateway: true },
    })),
  },
  {
    suffix: " (switching to phase 2)",
    project: projectWith("production", (env) => ({
      ...env,
      phase: 2,
      dns: DOMAIN,
      transition: { keepInstance: true, recordTarget: "host" },
    })),
  },
];
/** Each variant's stacks that differ from the shipped ones, under the name its checks are reported with. */
const variants = VARIANTS.map(({ suffix, project }, i) => {
  const synthesized = synthesizeAllEnvironments(join(workRoot, `synth-variant-${i + 1}`), project);
  return {
    suffix,
    changed: synthesized.filter((s) => JSON.stringify(s.json) !== JSON.stringify(stackJson.get(s.name))),
    json: new Map(synthesized.map((s) => [s.name, s.json])),
  };
});
const variantJson = new Map(variants.flatMap((v) => v.changed.map((s) => [`${s.name}${v.suffix}`, s.json] as const)));
const checks = new Map<string, Promise<StackCheck>>();
const timings: Promise<GroupTimings>[] = [];
let servers: ProviderServers | undefined;
let setupError: Error | undefined;
let failures = 0;
const startedAt = Date.now();

beforeAll(async () => {
  try {
    const base = terraformProcessEnv();
    const version = requireTerraform(base);
    const providersDir = await installProviders(stacks, workRoot, base);
    servers = await startProviderServers(providersDir, base, workRoot);
    const env = servers.env;
    const schemas = await providerSchemas(providersDir, env, version);
    const groups: Promise<{ checks: Map<string, StackCheck>; timings: GroupTimings }>[] = [];
    for (const [i, group] of balancedGroups(stacks, PARALLEL_GROUPS).entries()) {
      groups.push(checkGroup(group, stackJson, schemas, join(workRoot, `group-${i + 1}`), env));
      for (const stack of group)
        checks.set(
          stack.name,
          groups[i].then((r) => r.checks.get(stack.name)!),
        );
    }
    // A variant's stacks read their upstream outputs from the variant's own producers. Variants take turns on the
    // two lanes, each after the one before it there.
    const lanes = [...groups];
    variants.forEach((variant, i) => {
      const lane = i % PARALLEL_GROUPS;
      const dir = join(workRoot, `group-variant-${i + 1}`);
      const group = lanes[lane].then(() => checkGroup(variant.changed, variant.json, schemas, dir, env));
      lanes[lane] = group;
      groups.push(group);
      for (const stack of variant.changed)
        checks.set(
          `${stack.name}${variant.suffix}`,
          group.then((r) => r.checks.get(stack.name)!),
        );
    });
    timings.push(...groups.map((g) => g.then((r) => r.timings)));
  } catch (error) {
    // Reported by every stack's test below, so a missing Terraform fails the tier instead of skipping it.
    setupError = error as Error;
  }
}, TIMEOUT_MS);

afterAll(async () => {
  const groups = await Promise.all(timings);
  servers?.stop();
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (failures === 0) rmSync(workRoot, { recursive: true, force: true });
  const kept = failures === 0 ? "" : `; ${failures} failed, working folders kept in ${workRoot}`;
  const lines = groups.map(
    (g, i) =>
      `  group ${i + 1}: ${g.stacks} stacks, ` +
      Object.entries(g.seconds)
        .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
        .join(", "),
  );
  const attached = servers?.served.length ? `, attached to ${servers.served.join(", ")}` : "";
  const notAttached = (servers?.skipped ?? []).map((s) => `  started per command: ${s}`);
  console.log(
    [`Terraform tier: ${stacks.length} stacks in ${seconds} s${kept}${attached}`, ...lines, ...notAttached].join("\n"),
  );
}, TIMEOUT_MS);

function isEmpty(forEach: unknown): boolean {
  return forEach !== null && typeof forEach === "object" && Object.keys(forEach).length === 0;
}

// One broken module can repeat the same error on dozens of resources; the first ones name the problem.
const MAX_DIAGNOSTICS = 10;

function firstDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const more = errors.length > MAX_DIAGNOSTICS ? `\n... and ${errors.length - MAX_DIAGNOSTICS} more errors` : "";
  return formatDiagnostics(errors.slice(0, MAX_DIAGNOSTICS)) + more;
}

function explain(check: StackCheck): string {
  const lines = [`${check.stack} (working folder ${check.workDir}):`];
  if (check.error) lines.push(check.error);
  if (check.validate?.errors) lines.push("terraform validate:", firstDiagnostics(check.validate.diagnostics));
  if (check.test) {
    lines.push(`terraform test: run ${check.test.run}, file ${check.test.file} (${check.testFile})`);
    lines.push(firstDiagnostics(check.test.diagnostics));
  }
  return lines.join("\n");
}

describe("Terraform tier", () => {
  test("every environment synthesizes the same stacks, empty ones included", () => {
    const names = stacks.map((s) => s.name);
    const environments = [...new Set(names.map((n) => n.replace(/-[^-]+$/, "")))];
    expect(environments.length).toBeGreaterThan(0);
    expect(names.sort()).toEqual(environments.flatMap((env) => STACK_KINDS.map((kind) => `${env}-${kind}`)).sort());
  });

  test("the tier covers an empty stack and a stack with moved blocks", () => {
    const empty = stacks.filter((s) => s.json.resource === undefined && s.json.output === undefined);
    expect(empty.map((s) => s.name)).toEqual(expect.arrayContaining(["development-records", "development-ingress"]));
    const withMoves = stacks.filter((s) => ((s.json as { moved?: unknown[] }).moved ?? []).length > 0);
    expect(withMoves.map((s) => s.name)).toEqual(
      expect.arrayContaining(["development-compute", "development-network"]),
    );
  });

  test("the domain variant changes dns, records, and compute (which then outputs its Elastic IP) only", () => {
    expect(variants[0].changed.map((s) => s.name).sort()).toEqual([
      "development-compute",
      "development-dns",
      "development-records",
    ]);
  });

  test("the Phase 2 variant covers every stack Phase 2 changes, in every environment", () => {
    const changed = variants[1].changed.map((s) => s.name);
    for (const env of ["development", "test", "production"]) {
      for (const kind of ["network", "dns", "database", "parameters", "ingress", "compute", "records", "monitoring"]) {
        expect(changed).toContain(`${env}-${kind}`);
      }
    }
  });

  test.each([...stacks.map((s) => s.name), ...variantJson.keys()])(
    "%s: init, validate, plan and apply against the mocked AWS provider",
    async (name) => {
      try {
        if (setupError) throw setupError;
        const check = await checks.get(name)!;
        if (check.error || check.validate?.errors !== 0) throw new Error(explain(check));
        // The run planned, applied and held every assertion; the file's teardown destroyed it all again.
        if (check.test?.run !== "pass" || check.test.file !== "pass") throw new Error(explain(check));
        // Every resource the stack declares is asserted in the applied state, except features switched off.
        const json = variantJson.get(name) ?? stackJson.get(name);
        const declared = Object.entries(json!.resource ?? {}).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([, config]) => config.count !== 0 && !isEmpty(config.for_each))
            .map(([resource]) => `${type}.${resource}`),
        );
        expect(check.assertedResources).toEqual(declared.sort((a, b) => a.localeCompare(b)));
      } catch (error) {
        failures++;
        throw error;
      }
    },
    TIMEOUT_MS,
  );
});
