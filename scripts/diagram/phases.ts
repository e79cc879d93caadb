import { estimate } from "../cost/estimate";
import { PhaseSide } from "../cost/phases";
import { defaultUsage } from "../cost/usage";
import { inventory } from "./diagram";

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
