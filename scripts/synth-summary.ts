import { readFileSync } from "node:fs";
import { join } from "node:path";

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
}

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
      return {
        name: stack.name,
        resources: count(tf.resource),
        dataSources: count(tf.data),
        outputs: Object.keys(tf.output ?? {}).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

if (require.main === module) {
  const stacks = summarize(process.argv[2]);
  const width = Math.max(...stacks.map((s) => s.name.length));
  console.log(`${"stack".padEnd(width)}  resources  data  outputs`);
  for (const s of stacks) {
    console.log(
      `${s.name.padEnd(width)}  ${String(s.resources).padStart(9)}  ${String(s.dataSources).padStart(4)}  ${String(s.outputs).padStart(7)}`,
    );
  }
  const total = stacks.reduce((n, s) => n + s.resources, 0);
  console.log(`${stacks.length} stacks, ${total} resources in cdktf.out/`);
}
