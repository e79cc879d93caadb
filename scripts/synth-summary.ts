import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentConfig, PROJECT, describeCapabilities, loadEnvironments } from "../config";

/** What `cdktf.out/manifest.json` says about one stack. */
interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
}

/** Counts of one synthesized stack. */
export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
  /** No resources, data sources or outputs: only the provider and the backend, because no capability uses it. */
  readonly empty: boolean;
}

/** What the summary prints after a stack's counts when it is empty. */
export const EMPTY_STACK_NOTE = "(empty: no capability uses it)";

/** Reads every stack in `outdir` and counts its resources, data sources and outputs. */
export function summarize(outdir = "cdktf.out"): StackSummary[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, ManifestStack>;
  };
  const count = (block: Record<string, Record<string, unknown>> | undefined) =>
    Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  return Object.values(manifest.stacks)
    .map((stack) => {
      const tf = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
      const resources = count(tf.resource);
      const dataSources = count(tf.data);
      const outputs = Object.keys(tf.output ?? {}).length;
      return { name: stack.name, resources, dataSources, outputs, empty: resources + dataSources + outputs === 0 };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The stack table: one line per stack with its counts, empty stacks marked with {@link EMPTY_STACK_NOTE}. */
export function formatStacks(stacks: readonly StackSummary[]): string[] {
  const width = Math.max(...stacks.map((s) => s.name.length));
  const lines = [`${"stack".padEnd(width)}  resources  data  outputs`];
  for (const s of stacks) {
    const counts = `${String(s.resources).padStart(9)}  ${String(s.dataSources).padStart(4)}  ${String(s.outputs).padStart(7)}`;
    lines.push(`${s.name.padEnd(width)}  ${counts}${s.empty ? `  ${EMPTY_STACK_NOTE}` : ""}`);
  }
  const total = stacks.reduce((n, s) => n + s.resources, 0);
  const empty = stacks.filter((s) => s.empty).length;
  lines.push(`${stacks.length} stacks (${empty} empty), ${total} resources in cdktf.out/`);
  return lines;
}

/** Each environment's resolved capabilities, one table per environment. */
export function formatCapabilities(environments: readonly EnvironmentConfig[]): string[] {
  const lines: string[] = [];
  for (const env of environments) {
    const rows = describeCapabilities(env.capabilities);
    const width = Math.max(...rows.map((r) => r.name.length));
    lines.push("", `${env.name} capabilities:`, ...rows.map((r) => `  ${r.name.padEnd(width)}  ${r.value}`));
  }
  return lines;
}

if (require.main === module) {
  // The same environments main.ts synthesized: CDKTF_ENVIRONMENTS=production (or a comma-separated list).
  const only = (process.env.CDKTF_ENVIRONMENTS ?? "").split(",").map((name) => name.trim());
  const lines = [
    ...formatStacks(summarize(process.argv[2])),
    ...formatCapabilities(loadEnvironments(PROJECT, { only })),
  ];
  console.log(lines.join("\n"));
}
