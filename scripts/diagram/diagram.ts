import { PricedBlock, readStacks } from "../cost/estimate";

/** The blocks of one environment's stacks, by type. */
type Inventory = Readonly<Record<string, readonly (PricedBlock & { stack: string })[]>>;

/** Reads every resource of `environment` in a synthesized output directory, by type. */
export function inventory(outdir: string, environment: string): Inventory {
  const byType: Record<string, (PricedBlock & { stack: string })[]> = {};
  for (const stack of readStacks(outdir, environment)) {
    for (const block of stack.blocks) (byType[block.type] ??= []).push({ ...block, stack: stack.name });
  }
  return byType;
}

const label = (...lines: (string | undefined)[]) =>
  `"${lines
    .filter((l): l is string => Boolean(l))
    .map((l) => l.replace(/"/g, "'"))
    .join("<br/>")}"`;
const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");

/**
 * The architecture of one environment as a Mermaid flowchart, drawn from what its stacks synthesize (not from
 * configuration): the VPC with its public and private subnets per zone, the entry point, compute, the database
 * and its replicas, VPC endpoints, buckets, registry, parameters, DNS, monitoring and the edges between them.
 */
export function environmentDiagram(outdir: string, environment: string): string {
  const all = inventory(outdir, environment);
  const of = (type: string) => all[type] ?? [];
  const region = readStacks(outdir, environment).find((s) => s.region)?.region ?? "";
  const lines = ["graph TB", '  User["Users"]'];
  const edges: string[] = [];
  const zone = of("aws_route53_zone")[0];
  const healthCheck = of("aws_route53_health_check")[0];
  const record = of("aws_route53_record").find((r) => !String(r.config.for_each ?? "").includes("domain_validation"));
  lines.push(`  subgraph AWS[${label(`AWS Cloud (${region})`)}]`);
  if (zone || record) {
    lines.push(
      `    DNS[${label("Route 53", zone ? `zone ${zone.config.name}` : undefined, healthCheck ? "health check" : undefined)}]`,
    );
  }

  const vpc = of("aws_vpc")[0];
  const loadBalancer = of("aws_lb")[0];
  const instance = of("aws_instance")[0];
  const group = of("aws_autoscaling_group")[0];
  const databases = of("aws_db_instance");
  const primary = databases.find((d) => !d.config.replicate_source_db);
  const replicas = databases.filter((d) => d.config.replicate_source_db);
  const endpoints = of("aws_vpc_endpoint");
  const nat = of("aws_nat_gateway")[0];
  const subnets = of("aws_subnet");
  const zones = [...new Set(subnets.map((s) => String(s.config.availability_zone)))].sort();
  const hostSubnet = instance && subnets.find((s) => JSON.stringify(all.aws_network_interface ?? []).includes(s.name));
  if (vpc) {
    lines.push(`    subgraph VPC[${label(`VPC ${vpc.config.cidr_block}`)}]`);
    if (of("aws_internet_gateway").length > 0) lines.push(`      IGW[${label("Internet Gateway")}]`);
    for (const az of zones) {
      lines.push(`      subgraph ${id(az)}[${label(az)}]`);
      for (const tier of ["public", "private"]) {
        const subnet = subnets.find(
          (s) => s.config.availability_zone === az && (s.config.tags as Record<string, string>)?.tier === tier,
        );
        if (!subnet) continue;
        const subnetId = id(`${tier}_${az}`);
        lines.push(`        subgraph ${subnetId}[${label(`${tier} ${subnet.config.cidr_block}`)}]`);
        if (tier === "public" && instance && hostSubnet === subnet) {
          lines.push(
            `          Host[${label(`EC2 ${instance.config.instance_type}`, "Docker + pm2-runtime", of("aws_eip").length ? "Elastic IP" : undefined)}]`,
          );
        }
        if (tier === "public" && nat && az === zones[0]) lines.push(`          NAT[${label("NAT gateway")}]`);
        if (tier === "private" && primary && az === zones[0]) {
          lines.push(
            `          DB[(${label(`RDS PostgreSQL ${primary.config.instance_class}`, primary.config.multi_az === true ? "Multi-AZ" : "single-AZ")})]`,
          );
        }
        if (tier === "private" && group) lines.push(`          ASG_${id(az)}[${label("EC2 (Auto Scaling)")}]`);
        lines.push("        end");
      }
      lines.push("      end");
    }
    if (loadBalancer) lines.push(`      ALB[${label("Application Load Balancer", "HTTPS")}]`);
    replicas.forEach((replica, i) => {
      lines.push(`      Replica${i}[(${label(`Read replica ${replica.config.instance_class}`)})]`);
      edges.push(`  DB -.->|replication| Replica${i}`);
    });
    const interfaces = endpoints.filter((e) => e.config.vpc_endpoint_type === "Interface");
    if (endpoints.length > 0) {
      const services = interfaces.map((e) => String(e.config.service_name).split(".").slice(3).join("."));
      lines.push(
        `      Endpoints[${label("VPC endpoints", "S3 gateway", services.length ? services.join(", ") : undefined)}]`,
      );
    }
    lines.push("    end");
  }

  const buckets = of("aws_s3_bucket").filter((b) => b.stack.endsWith("-storage"));
  if (buckets.length > 0) lines.push(`    S3[(${label("S3", ...buckets.map((b) => String(b.config.bucket)))})]`);
  const repository = of("aws_ecr_repository")[0];
  if (repository) lines.push(`    ECR[${label("ECR", String(repository.config.name))}]`);
  const parameters = of("aws_ssm_parameter");
  if (parameters.length > 0) lines.push(`    SSM[${label("Parameter Store", `${parameters.length} parameters`)}]`);
  const alarms = of("aws_cloudwatch_metric_alarm").length;
  const logGroups = of("aws_cloudwatch_log_group").length;
  if (alarms + logGroups > 0) {
    lines.push(
      `    CW[${label("CloudWatch", `${alarms} alarms`, `${logGroups} log groups`, of("aws_cloudwatch_dashboard").length ? "dashboard" : undefined)}]`,
    );
  }
  const topic = of("aws_sns_topic")[0];
  if (topic) lines.push(`    SNS[${label("SNS alarm topic", "KMS-encrypted")}]`);
  const state =
    of("aws_dynamodb_table").length + of("aws_s3_bucket").filter((b) => b.stack.endsWith("-bootstrap")).length;
  if (state > 0) lines.push(`    State[(${label("Terraform state", "S3 + DynamoDB lock")})]`);
  const roles =
    of("aws_iam_openid_connect_provider").length +
    of("aws_iam_role").filter((r) => r.stack.endsWith("-delivery")).length;
  if (roles > 0) lines.push(`    Delivery[${label("GitHub Actions roles", "OIDC")}]`);
  lines.push("  end");

  const entry = loadBalancer ? "ALB" : instance ? "Host" : undefined;
  if (zone || record) edges.push("  User -->|DNS| DNS", ...(entry ? [`  DNS -.-> ${entry}`] : []));
  if (loadBalancer) {
    edges.push("  User -->|HTTPS| IGW", "  IGW --> ALB");
    if (group) for (const az of zones) edges.push(`  ALB --> ASG_${id(az)}`);
    if (instance) edges.push("  ALB --> Host");
  } else if (instance) {
    edges.push(`  User -->|HTTP/HTTPS| IGW`, "  IGW --> Host");
  }
  const computeNodes = [...(instance ? ["Host"] : []), ...(group ? zones.map((az) => `ASG_${id(az)}`) : [])];
  for (const node of computeNodes) {
    if (primary) edges.push(`  ${node} -->|PostgreSQL, TLS| DB`);
    // Hosts in private subnets reach the internet through the NAT gateway when there is one; the host in a public
    // subnet goes straight to the Internet Gateway.
    const igw = vpc && of("aws_internet_gateway").length ? "IGW" : undefined;
    const path = endpoints.length > 0 ? "Endpoints" : nat && node !== "Host" ? "NAT" : igw;
    if (path) edges.push(`  ${node} --> ${path}`);
    if (path === "NAT" && igw) edges.push(`  NAT --> ${igw}`);
  }
  const viaEndpoints = endpoints.length > 0 ? "Endpoints" : "IGW";
  for (const service of ["S3", "ECR", "SSM", "CW"]) {
    const present =
      (service === "S3" && buckets.length) ||
      (service === "ECR" && repository) ||
      (service === "SSM" && parameters.length) ||
      (service === "CW" && alarms + logGroups);
    if (present && computeNodes.length > 0) edges.push(`  ${viaEndpoints} -.-> ${service}`);
  }
  if (topic && alarms > 0) edges.push("  CW -->|alarms| SNS");
  return [...lines, ...[...new Set(edges)]].join("\n");
}
