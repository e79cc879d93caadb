import { TerraformStack, Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentInput } from "../../config";
import { buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { SynthesizedStack } from "../support/synth";

const built = new Map<string, ReturnType<typeof synthesize>>();

/** A change that gives an environment a domain, with a zone the dns stack creates. */
export const WITH_DOMAIN = (env: EnvironmentInput): EnvironmentInput => ({
  ...env,
  dns: { domainName: "example.com" },
});

/** A change that gives an environment a domain whose zone already exists (adopted by id). */
export const WITH_ADOPTED_ZONE = (env: EnvironmentInput): EnvironmentInput => ({
  ...env,
  dns: { domainName: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
});

/**
 * Builds and synthesizes a whole environment, as `cdktf synth` does (cross-stack references resolved); one
 * synth per environment and change, shared by the tests that only read it.
 */
export function buildSynthesized(name = "development", change?: (env: EnvironmentInput) => EnvironmentInput) {
  const key = `${name}:${change?.toString() ?? ""}`;
  if (!built.has(key)) built.set(key, synthesize(name, change));
  return built.get(key)!;
}

function synthesize(name: string, change: (env: EnvironmentInput) => EnvironmentInput = (e) => e) {
  const app = Testing.app();
  const stacks = buildEnvironment(app, environmentConfig(name, change));
  app.synth();
  const parsed = (stack: TerraformStack): SynthesizedStack =>
    JSON.parse(readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  return { app, stacks, parsed };
}
