import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AVAILABLE_PHASES } from "../../config";
import { estimate } from "../cost/estimate";
import { defaultUsage } from "../cost/usage";
import { synthesize } from "../preview/synth";
import { inventory } from "./diagram";

/** One column of the phase comparison: an environment as one configuration synthesizes it. */
export interface PhaseSide {
  /** Title of the column, for example `Phase 1`. */
  readonly label: string;
  /** Synthesized output directory holding the environment. */
  readonly outdir: string;
  readonly environment: string;
}

/** The environment the comparison draws: the one a phase change matters for. */
export const COMPARED_ENVIRONMENT = "production";

/**
 * The configurations the comparison draws, as merge patches of {@link COMPARED_ENVIRONMENT}: one per phase this
 * version builds (config/capabilities.ts), so a phase appears here when the stacks can build it.
 */
export function comparedConfigurations(): readonly { label: string; patch: Record<string, unknown> }[] {
  return AVAILABLE_PHASES.map((phase) => ({ label: `Phase ${phase}`, patch: { phase } }));
}

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/**
 * Synthesizes {@link COMPARED_ENVIRONMENT} once per {@link comparedConfigurations} (the app with
 * `CDKTF_CONFIG_PATCH`, as `npm run preview` does) under `workDir`, and returns the sides to draw.
 *
 * @throws SynthError (scripts/preview/synth.ts) with the app's output when a configuration does not synthesize.
 */
export async function synthesizePhases(workDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PhaseSide[]> {
  const sides: PhaseSide[] = [];
  mkdirSync(workDir, { recursive: true });
  // One at a time: each synth takes a core of the two this runs on.
  for (const [i, { label, patch }] of comparedConfigurations().entries()) {
    const outdir = join(workDir, `side-${i}`);
    await synthesize(label, PROJECT_ROOT, outdir, COMPARED_ENVIRONMENT, patch, env);
    sides.push({ label, outdir, environment: COMPARED_ENVIRONMENT });
  }
  return sides;
}

/** {@link synthesizePhases} into a temporary folder that is removed afterwards; `use` reads the sides. */
export async function withPhases<T>(use: (sides: readonly PhaseSide[]) => T): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), "diagram-phases-"));
  try {
    return use(await synthesizePhases(work));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const label = (...lines: (string | undefined)[]) =>
  `"${lines
    .filter((l): l is string => Boolean(l))
    .map((l) => l.replace(/"/g, "'"))
    .join("<br/>")}"`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The lines of one side's column: entry point, compute, database and replicas, the way to AWS APIs. */
function column(side: PhaseSide, index: number): { nodes: string[]; edges: string[] } {
  const all = inventory(side.outdir, side.environment);
  const of = (type: string) => all[type] ?? [];
  const p = `P${index}_`;
  const nodes: string[] = [];
  const edges: string[] = [];
  const count = (list: unknown) => (Array.isArray(list) ? list.length : undefined);

  const loadBalancer = of("aws_lb")[0];
  const instance = of("aws_instance")[0];
  const group = of("aws_autoscaling_group")[0];
  nodes.push(`${p}Users["Users"]`);
  if (loadBalancer) {
    const zones = count(loadBalancer.config.subnets);
    nodes.push(
      `${p}Entry[${label("Application Load Balancer", "HTTPS", zones ? `${plural(zones, "zone")}, public subnets` : undefined)}]`,
    );
  } else if (instance) {
    nodes.push(`${p}Entry[${label("Elastic IP on the host", "HTTP/HTTPS")}]`);
  }
  if (group) {
    const reference = JSON.stringify(group.config.launch_template ?? "");
    const template = of("aws_launch_template").find((t) => reference.includes(`aws_launch_template.${t.name}.`));
    const instances = Number(group.config.desired_capacity ?? group.config.min_size ?? 0);
    const type = template ? String(template.config.instance_type) : "?";
    nodes.push(
      `${p}Compute[${label("Auto Scaling group", `${instances} x EC2 ${type}`, `min ${group.config.min_size}, max ${group.config.max_size}`, "private subnets")}]`,
    );
  } else if (instance) {
    nodes.push(`${p}Compute[${label(`EC2 ${instance.config.instance_type}`, "1 host, public subnet")}]`);
  }
  const databases = of("aws_db_instance");
  const primary = databases.find((d) => !d.config.replicate_source_db);
  const replicas = databases.filter((d) => d.config.replicate_source_db);
  if (primary) {
    nodes.push(
      `${p}DB[(${label(`RDS PostgreSQL ${primary.config.instance_class}`, primary.config.multi_az === true ? "Multi-AZ standby" : "single-AZ")})]`,
    );
  }
  if (replicas.length > 0) {
    nodes.push(
      `${p}Replica[(${label(plural(replicas.length, "read replica"), String(replicas[0].config.instance_class))})]`,
    );
  }
  const endpoints = of("aws_vpc_endpoint");
  const interfaces = endpoints.filter((e) => e.config.vpc_endpoint_type === "Interface");
  const nat = of("aws_nat_gateway");
  if (endpoints.length > 0) {
    const zones = count(interfaces[0]?.config.subnet_ids);
    nodes.push(
      `${p}Egress[${label("VPC endpoints", endpoints.length > interfaces.length ? "S3 gateway" : undefined, interfaces.length ? `${plural(interfaces.length, "interface endpoint")}${zones ? ` x ${plural(zones, "zone")}` : ""}` : undefined)}]`,
    );
  } else if (nat.length > 0) {
    nodes.push(`${p}Egress[${label(plural(nat.length, "NAT gateway"), "with its Elastic IP")}]`);
  } else if (of("aws_internet_gateway").length > 0) {
    nodes.push(`${p}Egress[${label("Internet Gateway")}]`);
  }
  nodes.push(`${p}AWS[${label("AWS APIs", "S3, ECR, SSM, CloudWatch")}]`);

  const has = (name: string) => nodes.some((n) => n.startsWith(`${p}${name}[`));
  if (has("Entry")) edges.push(`${p}Users --> ${p}Entry`);
  if (has("Entry") && has("Compute")) edges.push(`${p}Entry --> ${p}Compute`);
  if (has("Compute") && has("DB")) edges.push(`${p}Compute -->|PostgreSQL, TLS| ${p}DB`);
  if (has("DB") && has("Replica")) edges.push(`${p}DB -.->|replication| ${p}Replica`);
  if (has("Compute") && has("Egress")) edges.push(`${p}Compute --> ${p}Egress`);
  if (has("Egress")) edges.push(`${p}Egress -.-> ${p}AWS`);
  return { nodes, edges };
}

/**
 * The phases side by side as one Mermaid flowchart, a column per side, each drawn from what that configuration
 * synthesizes: entry point, compute, database and replicas, and how private hosts reach AWS, titled with its
 * monthly estimate (the default usage assumptions of docs/cost.md).
 */
export function phaseComparisonDiagram(sides: readonly PhaseSide[]): string {
  const columns = sides.map((side, i) => {
    const total = estimate(side.outdir, side.environment, defaultUsage(side.environment)).totalUsd;
    const { nodes, edges } = column(side, i + 1);
    const subgraph = [
      `  subgraph P${i + 1}[${label(`${side.label}: USD ${total.toFixed(2)} a month`)}]`,
      "    direction TB",
      ...nodes.map((node) => `    ${node}`),
      "  end",
    ];
    return { subgraph, edges: edges.map((e) => `  ${e}`) };
  });
  // Mermaid places side-by-side subgraphs right to left in the order they are declared: declared last, the first
  // side reads first.
  return ["graph TB", ...[...columns].reverse().flatMap((c) => c.subgraph), ...columns.flatMap((c) => c.edges)].join(
    "\n",
  );
}
