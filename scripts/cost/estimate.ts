import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PriceFile, loadPrices } from "./prices";
import { Usage } from "./usage";

/** One synthesized resource, as the estimate reads it. */
export interface PricedBlock {
  readonly type: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** One line of the bill: unit price x quantity. */
export interface LineItem {
  /** Stack the resource is in, for example `production-compute`. */
  readonly stack: string;
  /** Terraform address, or `(usage)` for an environment-wide assumption. */
  readonly address: string;
  /** What is billed. */
  readonly description: string;
  /** Key of the unit price in the region's price file. */
  readonly priceKey: string;
  /** Units before any free allowance. */
  readonly quantity: number;
  /** Units billed after the free allowance. */
  readonly billedQuantity: number;
  /** The unit price, in USD. */
  readonly unitUsd: number;
  /** The price's unit. */
  readonly unit: string;
  /** USD per month: unit price x billed quantity. */
  readonly monthlyUsd: number;
  /** The free allowance that covered part of the quantity, when one did. */
  readonly free?: string;
  /** The usage assumption the quantity comes from, when it does. */
  readonly assumption?: string;
}

/** The estimate of one environment. */
export interface EnvironmentEstimate {
  readonly environment: string;
  readonly region: string;
  readonly items: readonly LineItem[];
  /** Totals per stack, every stack of the environment included (zero when nothing in it costs money). */
  readonly stackTotals: Readonly<Record<string, number>>;
  readonly totalUsd: number;
  /** Resource types that cost money in AWS but have no rule here: listed, never counted as zero. */
  readonly notPriced: readonly { stack: string; address: string; type: string }[];
  /** The free allowances applied, with what they covered. */
  readonly freeTier: readonly { allowance: string; covered: number; of: number; unit: string }[];
  readonly usage: Usage;
}

/** Options of {@link estimate}. */
export interface EstimateOptions {
  /**
   * Apply the 12-month free tier: only accounts created before 2025-07-15 have it (newer ones get credits).
   * @default false
   */
  readonly twelveMonthFreeTier?: boolean;
}

interface Quantity {
  readonly description: string;
  readonly priceKey: string;
  readonly quantity: number;
  readonly assumption?: string;
}

interface Context {
  readonly usage: Usage;
  readonly stack: { readonly name: string; readonly kind: string; readonly blocks: readonly PricedBlock[] };
  /** Every resource of the environment, for what one stack's resource shares with another's. */
  readonly environment: readonly PricedBlock[];
}

/**
 * Always-free allowances (AWS Free Tier, "always free"), per account; applied per environment, which assumes an
 * account per environment. Keys name the price keys they cover.
 */
export const ALWAYS_FREE: readonly { allowance: string; priceKeys: readonly string[]; quantity: number }[] = [
  { allowance: "CloudWatch: 10 alarms", priceKeys: ["cloudwatch.alarm"], quantity: 10 },
  { allowance: "CloudWatch: 10 custom metrics", priceKeys: ["cloudwatch.metric"], quantity: 10 },
  { allowance: "CloudWatch: 3 dashboards", priceKeys: ["cloudwatch.dashboard"], quantity: 3 },
  { allowance: "CloudWatch Logs: 5 GB ingested and stored", priceKeys: ["logs.ingest", "logs.storage"], quantity: 5 },
  { allowance: "Route 53: 50 health checks of AWS endpoints", priceKeys: ["route53.health-check"], quantity: 50 },
  { allowance: "Data transfer: 100 GB out to the internet", priceKeys: ["dataout.internet"], quantity: 100 },
  { allowance: "Cognito: 10,000 monthly active users", priceKeys: ["cognito.mau"], quantity: 10000 },
];

/** The 12-month free tier of accounts created before 2025-07-15, per month. */
export const TWELVE_MONTH_FREE: readonly { allowance: string; priceKeys: readonly string[]; quantity: number }[] = [
  {
    allowance: "12-month: 750 h of db.t4g.micro Single-AZ",
    priceKeys: ["rds.postgres.db.t4g.micro.single-az"],
    quantity: 750,
  },
  { allowance: "12-month: 20 GB of RDS storage", priceKeys: ["rds.gp3.single-az"], quantity: 20 },
  { allowance: "12-month: 30 GB of EBS", priceKeys: ["ebs.gp3"], quantity: 30 },
  { allowance: "12-month: 750 h of public IPv4", priceKeys: ["vpc.public-ipv4"], quantity: 750 },
  { allowance: "12-month: 5 GB of S3 Standard", priceKeys: ["s3.standard"], quantity: 5 },
];

/** Resource types with no charge of their own (their cost, if any, is counted on the resource named). */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_vpc: "no charge",
  aws_subnet: "no charge",
  aws_route_table: "no charge",
  aws_route_table_association: "no charge",
  aws_route: "no charge",
  aws_internet_gateway: "no charge",
  aws_default_security_group: "no charge",
  aws_security_group: "no charge",
  aws_vpc_security_group_ingress_rule: "no charge",
  aws_vpc_security_group_egress_rule: "no charge",
  aws_security_group_rule: "no charge",
  aws_network_interface: "its public address is priced on the Elastic IP",
  aws_launch_template: "priced on the instances that use it",
  aws_iam_role: "no charge",
  aws_iam_role_policy: "no charge",
  aws_iam_policy: "no charge",
  aws_iam_role_policy_attachment: "no charge",
  aws_iam_instance_profile: "no charge",
  aws_iam_openid_connect_provider: "no charge",
  aws_db_subnet_group: "no charge",
  aws_db_parameter_group: "no charge",
  aws_s3_bucket_versioning: "versions are stored objects: in the bucket's storage assumption",
  aws_s3_bucket_server_side_encryption_configuration: "bucket keys keep KMS requests negligible",
  aws_s3_bucket_public_access_block: "no charge",
  aws_s3_bucket_ownership_controls: "no charge",
  aws_s3_bucket_lifecycle_configuration: "transitions are not used",
  aws_s3_bucket_policy: "no charge",
  aws_s3_bucket_cors_configuration: "no charge",
  aws_ssm_parameter: "standard tier: no charge",
  aws_sns_topic: "the first million publishes and 1,000 e-mails a month are free",
  aws_sns_topic_policy: "no charge",
  aws_sns_topic_subscription: "e-mail notifications: the first 1,000 a month are free",
  aws_kms_alias: "no charge",
  aws_cloudwatch_query_definition: "no charge; queries are billed per GB scanned, inside the Logs allowance",
  aws_ecr_lifecycle_policy: "no charge",
  aws_route53_record: "queries to alias records of AWS resources are free; others a few cents",
  aws_acm_certificate: "public certificates: no charge",
  aws_acm_certificate_validation: "no charge",
  aws_lb_listener: "priced on the load balancer",
  aws_lb_listener_rule: "priced on the load balancer (rule evaluations are part of its LCU)",
  aws_lb_target_group: "priced on the load balancer",
  aws_lb_target_group_attachment: "no charge",
  aws_autoscaling_policy: "no charge",
  aws_autoscaling_attachment: "no charge",
  aws_eip_association: "priced on the Elastic IP",
  aws_flow_log: "ingestion priced in the Logs assumption",
  aws_dynamodb_table: "the lock table sees a few thousand on-demand writes a month: under USD 0.01",
};

const RESOURCE_PRICES: Readonly<Record<string, (block: PricedBlock, context: Context) => Quantity[]>> = {
  aws_instance: (block, context) => {
    const template = launchTemplateOf(block, context);
    return [
      ...instanceHours(String(block.config.instance_type), 1, context),
      ...rootVolume(template ?? block.config, 1),
      ...(block.config.monitoring === true ? detailedMonitoring(1) : []),
      ...agentMetrics(1, context),
    ];
  },
  aws_autoscaling_group: (block, context) => {
    const template = launchTemplateOf(block, context);
    // The group runs desired_capacity instances when it is set, min_size otherwise (scaling out is not assumed).
    const count = Number(block.config.desired_capacity ?? block.config.min_size ?? 0);
    const type = template ? String(template.instance_type) : "unknown";
    const monitoring = (template?.monitoring as { enabled?: unknown } | undefined)?.enabled;
    return [
      ...instanceHours(type, count, context),
      ...rootVolume(template ?? {}, count),
      ...(template && hasPublicAddress(template)
        ? publicAddresses("Public IPv4 of each instance", count, context)
        : []),
      ...(monitoring === true || monitoring === "true" ? detailedMonitoring(count) : []),
      ...agentMetrics(count, context),
    ];
  },
  aws_eip: (_, { usage }) => [
    { description: "Public IPv4 address", priceKey: "vpc.public-ipv4", quantity: usage.hoursPerMonth },
  ],
  aws_db_instance: (block, { usage, environment }) => {
    // Multi-AZ bills the standby too: about twice the instance hour and twice the GB-month.
    const multiAz = block.config.multi_az === true;
    const az = multiAz ? "multi-az" : "single-az";
    const source = block.config.replicate_source_db ? replicaSource(block, environment) : undefined;
    // A replica is created with its source's allocated storage and bills it as its own.
    const storage = Number(block.config.allocated_storage ?? source?.config.allocated_storage ?? 0);
    return [
      {
        description: `RDS ${block.config.instance_class} ${multiAz ? "Multi-AZ" : "Single-AZ"}${block.config.replicate_source_db ? " (read replica)" : ""}`,
        priceKey: `rds.postgres.${block.config.instance_class}.${az}`,
        quantity: usage.hoursPerMonth,
      },
      { description: `RDS gp3 storage, ${storage} GB`, priceKey: `rds.gp3.${az}`, quantity: storage },
      ...(block.config.manage_master_user_password === true
        ? [{ description: "RDS-managed master password secret", priceKey: "secretsmanager.secret", quantity: 1 }]
        : []),
    ];
  },
  aws_kms_key: () => [{ description: "Customer-managed key", priceKey: "kms.key", quantity: 1 }],
  aws_cloudwatch_metric_alarm: () => [{ description: "Alarm", priceKey: "cloudwatch.alarm", quantity: 1 }],
  aws_cloudwatch_dashboard: () => [{ description: "Dashboard", priceKey: "cloudwatch.dashboard", quantity: 1 }],
  aws_cloudwatch_log_metric_filter: () => [
    { description: "Metric from a log filter", priceKey: "cloudwatch.metric", quantity: 1 },
  ],
  aws_s3_bucket_metric: (_, { usage }) => [
    {
      description: "S3 request metrics",
      priceKey: "cloudwatch.metric",
      quantity: usage.requestMetricsPerFilter,
      assumption: "requestMetricsPerFilter",
    },
  ],
  aws_cloudwatch_log_group: (block, { usage }) =>
    // The environment's log volume is counted on the application's log group; the others hold little.
    String(block.config.name ?? "").endsWith("/app")
      ? [
          {
            description: "Logs ingested",
            priceKey: "logs.ingest",
            quantity: usage.logIngestGiB,
            assumption: "logIngestGiB",
          },
          {
            description: "Logs stored",
            priceKey: "logs.storage",
            quantity: usage.logStoredGiB,
            assumption: "logStoredGiB",
          },
        ]
      : [],
  aws_s3_bucket: (_, { usage, stack }) =>
    // The application bucket carries the storage and request assumptions; state and log buckets hold little.
    stack.kind === "storage"
      ? [
          {
            description: "S3 Standard storage",
            priceKey: "s3.standard",
            quantity: usage.bucketStorageGiB,
            assumption: "bucketStorageGiB",
          },
          {
            description: "S3 PUT/LIST requests (thousands)",
            priceKey: "s3.put",
            quantity: usage.bucketPutThousands,
            assumption: "bucketPutThousands",
          },
          {
            description: "S3 GET requests (thousands)",
            priceKey: "s3.get",
            quantity: usage.bucketGetThousands,
            assumption: "bucketGetThousands",
          },
        ]
      : [],
  aws_ecr_repository: (_, { usage }) => [
    {
      description: "Image storage",
      priceKey: "ecr.storage",
      quantity: usage.imageStorageGiB,
      assumption: "imageStorageGiB",
    },
  ],
  aws_route53_zone: () => [{ description: "Hosted zone", priceKey: "route53.zone", quantity: 1 }],
  aws_route53_health_check: (block) => {
    const options =
      (String(block.config.type).startsWith("HTTPS") ? 1 : 0) + (Number(block.config.request_interval) === 10 ? 1 : 0);
    return [
      { description: "Health check", priceKey: "route53.health-check", quantity: 1 },
      ...(options > 0
        ? [
            {
              description: "Health check options (HTTPS, 10 s)",
              priceKey: "route53.health-check.option",
              quantity: options,
            },
          ]
        : []),
    ];
  },
  aws_lb: (block, context) => {
    if (block.config.load_balancer_type !== "application" && block.config.load_balancer_type !== undefined) return [];
    const { usage } = context;
    // An internet-facing load balancer holds a public IPv4 address in each of its zones (one node per zone at least).
    const zones = subnetCount(block.config.subnets, "public", context);
    return [
      { description: "Application Load Balancer", priceKey: "elb.alb.hour", quantity: usage.hoursPerMonth },
      {
        description: "Load balancer capacity units",
        priceKey: "elb.alb.lcu",
        quantity: usage.loadBalancerCapacityUnits * usage.hoursPerMonth,
        assumption: "loadBalancerCapacityUnits",
      },
      ...(block.config.internal === true ? [] : publicAddresses("Public IPv4 of each zone's node", zones, context)),
    ];
  },
  aws_vpc_endpoint: (block, context) => {
    if (block.config.vpc_endpoint_type !== "Interface") return [];
    const { usage, environment } = context;
    // An interface endpoint is billed per zone: one network interface in each of its subnets.
    const zones = subnetCount(block.config.subnet_ids, "private", context);
    // The environment's endpoint traffic (endpointGiB) is shared evenly by its interface endpoints.
    const interfaces = environment.filter(
      (b) => b.type === "aws_vpc_endpoint" && b.config.vpc_endpoint_type === "Interface",
    ).length;
    const service = String(block.config.service_name).split(".").slice(3).join(".");
    return [
      {
        description: `Interface endpoint ${service}, ${zones} zones`,
        priceKey: "vpce.interface.hour",
        quantity: zones * usage.hoursPerMonth,
      },
      {
        description: `Interface endpoint data, 1/${interfaces} of the endpoint traffic`,
        priceKey: "vpce.interface.gb",
        quantity: usage.endpointGiB / interfaces,
        assumption: "endpointGiB",
      },
    ];
  },
  aws_nat_gateway: (_, { usage }) => [
    { description: "NAT gateway", priceKey: "nat.hour", quantity: usage.hoursPerMonth },
    { description: "NAT gateway data", priceKey: "nat.gb", quantity: usage.natGatewayGiB, assumption: "natGatewayGiB" },
  ],
};

/** Resource types the estimate prices. */
export const PRICED_TYPES: readonly string[] = Object.keys(RESOURCE_PRICES);

function instanceHours(type: string, count: number, { usage }: Context): Quantity[] {
  return [
    { description: `EC2 ${type} x ${count}`, priceKey: `ec2.instance.${type}`, quantity: count * usage.hoursPerMonth },
  ];
}

function rootVolume(config: Readonly<Record<string, unknown>>, count: number): Quantity[] {
  const mappings = Array.isArray(config.block_device_mappings) ? config.block_device_mappings : [];
  const ebs = (mappings[0] as { ebs?: Record<string, unknown> } | undefined)?.ebs;
  const root = (config.root_block_device as Record<string, unknown> | undefined) ?? ebs;
  const size = Number(root?.volume_size ?? 8);
  return [{ description: `EBS gp3 root volume, ${size} GB x ${count}`, priceKey: "ebs.gp3", quantity: size * count }];
}

function detailedMonitoring(count: number): Quantity[] {
  // Detailed monitoring bills the instance's 7 EC2 metrics as custom metrics.
  return [{ description: "EC2 detailed monitoring (7 metrics)", priceKey: "cloudwatch.metric", quantity: 7 * count }];
}

function agentMetrics(count: number, { usage }: Context): Quantity[] {
  return [
    {
      description: "CloudWatch agent metrics",
      priceKey: "cloudwatch.metric",
      quantity: usage.agentMetricsPerHost * count,
      assumption: "agentMetricsPerHost",
    },
  ];
}

/**
 * The number of subnets of a `subnets` / `subnet_ids` attribute: its length when it is a list, else (a list token
 * read from another stack) the environment's subnets of `tier`.
 */
function subnetCount(subnets: unknown, tier: "public" | "private", { environment }: Context): number {
  if (Array.isArray(subnets)) return subnets.length;
  return environment.filter(
    (b) => b.type === "aws_subnet" && (b.config.tags as Record<string, unknown> | undefined)?.tier === tier,
  ).length;
}

function publicAddresses(description: string, count: number, { usage }: Context): Quantity[] {
  return [
    { description: `${description} x ${count}`, priceKey: "vpc.public-ipv4", quantity: count * usage.hoursPerMonth },
  ];
}

/** Whether a launch template gives its instances a public IPv4 address (the provider writes the flag as a string). */
function hasPublicAddress(template: Readonly<Record<string, unknown>>): boolean {
  const interfaces = Array.isArray(template.network_interfaces) ? template.network_interfaces : [];
  const flag = (interfaces[0] as { associate_public_ip_address?: unknown } | undefined)?.associate_public_ip_address;
  return flag === true || flag === "true";
}

/**
 * The source of a read replica: the instance whose identifier `replicate_source_db` references, in any stack of
 * the environment; the environment's only primary when the reference crosses stacks (a remote state output).
 */
function replicaSource(block: PricedBlock, environment: readonly PricedBlock[]): PricedBlock | undefined {
  const reference = String(block.config.replicate_source_db);
  const primaries = environment.filter((b) => b.type === "aws_db_instance" && !b.config.replicate_source_db);
  return (
    primaries.find((b) => reference.includes(`aws_db_instance.${b.name}.`) || reference === b.config.identifier) ??
    (primaries.length === 1 ? primaries[0] : undefined)
  );
}

function launchTemplateOf(block: PricedBlock, { stack }: Context): Readonly<Record<string, unknown>> | undefined {
  const reference = JSON.stringify(block.config.launch_template ?? "");
  return stack.blocks.find(
    (b) => b.type === "aws_launch_template" && reference.includes(`aws_launch_template.${b.name}.`),
  )?.config;
}

/** The stacks of `environment` in a synthesized output directory, with their resources. */
export function readStacks(outdir: string, environment: string) {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks)
    .filter(([name]) => name.startsWith(`${environment}-`))
    .map(([name, stack]) => {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")) as {
        resource?: Record<string, Record<string, Record<string, unknown>>>;
        provider?: { aws?: { region?: string; alias?: string }[] };
      };
      const blocks = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).map(([blockName, config]) => ({ type, name: blockName, config })),
      );
      const region = json.provider?.aws?.find((p) => p.alias === undefined)?.region;
      return { name, kind: name.slice(environment.length + 1), blocks, region };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The environments of a synthesized output directory. */
export function environmentsIn(outdir: string, known: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, unknown>;
  };
  return known.filter((env) => Object.keys(manifest.stacks).some((name) => name.startsWith(`${env}-`)));
}

/** Prices every resource of `environment` in `outdir`: line items, totals, what is not priced, free tier. */
export function estimate(
  outdir: string,
  environment: string,
  usage: Usage,
  options: EstimateOptions = {},
): EnvironmentEstimate {
  const stacks = readStacks(outdir, environment);
  const region = stacks.find((s) => s.region)?.region ?? "ap-northeast-1";
  const prices: PriceFile = loadPrices(region);
  const pools = [...ALWAYS_FREE, ...(options.twelveMonthFreeTier ? TWELVE_MONTH_FREE : [])].map((p) => ({
    ...p,
    remaining: p.quantity,
    covered: 0,
    of: 0,
  }));
  const items: LineItem[] = [];
  const notPriced: { stack: string; address: string; type: string }[] = [];
  const bill = (stack: string, address: string, q: Quantity) => {
    const price = prices.prices[q.priceKey];
    if (!price) {
      throw new Error(
        `no price ${q.priceKey} in scripts/cost/prices/${region}.json for ${stack} ${address}: add the entry with its Price List source`,
      );
    }
    let billed = q.quantity;
    let free: string | undefined;
    for (const pool of pools.filter((p) => p.priceKeys.includes(q.priceKey))) {
      const used = Math.min(pool.remaining, billed);
      pool.of += billed;
      if (used > 0) {
        pool.remaining -= used;
        pool.covered += used;
        billed -= used;
        free = pool.allowance;
      }
    }
    items.push({
      stack,
      address,
      description: q.description,
      priceKey: q.priceKey,
      quantity: q.quantity,
      billedQuantity: billed,
      unitUsd: price.usd,
      unit: price.unit,
      monthlyUsd: round(price.usd * billed),
      free,
      assumption: q.assumption,
    });
  };
  const environmentBlocks = stacks.flatMap((s) => s.blocks);
  for (const stack of stacks) {
    for (const block of stack.blocks) {
      const address = `${block.type}.${block.name}`;
      const rule = RESOURCE_PRICES[block.type];
      if (rule) {
        for (const q of rule(block, { usage, stack, environment: environmentBlocks })) {
          if (q.quantity > 0) bill(stack.name, address, q);
        }
      } else if (!(block.type in FREE_TYPES)) {
        notPriced.push({ stack: stack.name, address, type: block.type });
      }
    }
  }
  // Traffic to the internet is the environment's, not one resource's.
  bill("(environment)", "(usage)", {
    description: "Data transfer out to the internet",
    priceKey: "dataout.internet",
    quantity: usage.dataOutGiB,
    assumption: "dataOutGiB",
  });
  const stackTotals: Record<string, number> = Object.fromEntries(stacks.map((s) => [s.name, 0]));
  for (const item of items) {
    if (item.stack in stackTotals) stackTotals[item.stack] = round(stackTotals[item.stack] + item.monthlyUsd);
  }
  return {
    environment,
    region,
    items,
    stackTotals,
    totalUsd: round(items.reduce((sum, item) => sum + item.monthlyUsd, 0)),
    notPriced,
    freeTier: pools
      .filter((p) => p.of > 0)
      .map((p) => ({
        allowance: p.allowance,
        covered: round(p.covered),
        of: round(p.of),
        unit: prices.prices[p.priceKeys[0]]?.unit ?? "",
      })),
    usage,
  };
}

function round(usd: number): number {
  return Math.round(usd * 10000) / 10000;
}
