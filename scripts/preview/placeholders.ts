import { createHash } from "node:crypto";
import { BLOCK, SchemaType, elementType, fieldType } from "../terraform/schema";

/** The account every placeholder ARN and owner names: AWS's documentation account, never a real one. */
export const PLACEHOLDER_ACCOUNT_ID = "123456789012";

/** What a placeholder is made for: one resource instance, its configured region and its known values. */
export interface PlaceholderContext {
  /** Resource address, for example `aws_s3_bucket.AppStorage_Bucket_0656083C`; seeds every generated value. */
  readonly address: string;
  /** Resource type, for example `aws_s3_bucket`. */
  readonly type: string;
  /** The region of the stack's provider. */
  readonly region: string;
  /** The instance's planned values, known ones filled; placeholders read names and ids from it. */
  readonly values: Record<string, unknown>;
}

function digest(seed: string, length: number, alphabet = "0123456789abcdef"): string {
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** EC2-style id prefixes, so that a placeholder reads like the id AWS would return. */
const ID_PREFIXES: Record<string, string> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_default_security_group: "sg-",
  aws_internet_gateway: "igw-",
  aws_nat_gateway: "nat-",
  aws_route_table: "rtb-",
  aws_route_table_association: "rtbassoc-",
  aws_route: "r-rtb-",
  aws_instance: "i-",
  aws_eip: "eipalloc-",
  aws_network_interface: "eni-",
  aws_launch_template: "lt-",
  aws_vpc_security_group_ingress_rule: "sgr-",
  aws_vpc_security_group_egress_rule: "sgr-",
  aws_vpc_endpoint: "vpce-",
  aws_flow_log: "fl-",
  aws_db_instance: "db-",
};

/** Resource types whose id AWS makes a UUID. */
const UUID_IDS = new Set(["aws_kms_key", "aws_route53_health_check"]);

/** Configured values that AWS uses as the id of a resource, in order of preference. */
const NAME_FIELDS = ["bucket", "name", "identifier", "alarm_name", "dashboard_name", "role", "repository"];

function uuid(seed: string): string {
  const h = digest(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function knownName(values: Record<string, unknown>): string | undefined {
  for (const field of NAME_FIELDS) if (typeof values[field] === "string" && values[field]) return values[field];
  return undefined;
}

function idPlaceholder(ctx: PlaceholderContext): string {
  const seed = `${ctx.address}.id`;
  if (ctx.type === "aws_db_instance") return `db-${digest(seed, 26, UPPER)}`;
  if (ctx.type === "aws_route53_zone") return `Z${digest(seed, 20, UPPER)}`;
  const prefix = ID_PREFIXES[ctx.type];
  if (prefix) return `${prefix}${digest(seed, 17)}`;
  if (UUID_IDS.has(ctx.type)) return uuid(seed);
  if (ctx.type === "aws_sns_topic" || ctx.type === "aws_sns_topic_policy") return arnPlaceholder(ctx);
  return knownName(ctx.values) ?? `preview-${digest(seed, 12)}`;
}

/** `aws_cloudwatch_log_group` -> `logs`: the ARN service of a resource type, where it is not the type's prefix. */
const ARN_SERVICES: Record<string, string> = {
  cloudwatch_log: "logs",
  cloudwatch_metric: "cloudwatch",
  cloudwatch_dashboard: "cloudwatch",
  db: "rds",
  vpc: "ec2",
  subnet: "ec2",
  security: "ec2",
  internet: "ec2",
  route: "ec2",
  instance: "ec2",
  eip: "ec2",
  network: "ec2",
  launch: "ec2",
  default: "ec2",
};

function arnPlaceholder(ctx: PlaceholderContext): string {
  const { region, values } = ctx;
  const account = PLACEHOLDER_ACCOUNT_ID;
  const name = knownName(values) ?? String(values.id ?? digest(ctx.address, 12));
  switch (ctx.type) {
    case "aws_s3_bucket":
      return `arn:aws:s3:::${name}`;
    case "aws_iam_role":
      return `arn:aws:iam::${account}:role/${name}`;
    case "aws_iam_instance_profile":
      return `arn:aws:iam::${account}:instance-profile/${name}`;
    case "aws_sns_topic":
    case "aws_sns_topic_policy":
      return `arn:aws:sns:${region}:${account}:${name}`;
    case "aws_kms_key":
      return `arn:aws:kms:${region}:${account}:key/${values.id ?? uuid(ctx.address)}`;
    case "aws_kms_alias":
      return `arn:aws:kms:${region}:${account}:${name}`;
    case "aws_cloudwatch_log_group":
      return `arn:aws:logs:${region}:${account}:log-group:${name}`;
    case "aws_db_instance":
      return `arn:aws:rds:${region}:${account}:db:${name}`;
    case "aws_ecr_repository":
      return `arn:aws:ecr:${region}:${account}:repository/${name}`;
    case "aws_dynamodb_table":
      return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
    case "aws_ssm_parameter":
      return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith("/") ? "" : "/"}${name}`;
    case "aws_route53_zone":
      return `arn:aws:route53:::hostedzone/${values.id ?? idPlaceholder(ctx)}`;
    case "aws_route53_health_check":
      return `arn:aws:route53:::healthcheck/${values.id ?? uuid(ctx.address)}`;
    case "aws_cloudwatch_metric_alarm":
      return `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;
  }
  const words = ctx.type.replace(/^aws_/, "").split("_");
  const service = ARN_SERVICES[`${words[0]}_${words[1]}`] ?? ARN_SERVICES[words[0]] ?? words[0];
  return `arn:aws:${service}:${region}:${account}:${words.slice(1).join("-") || words[0]}/${name}`;
}

function stringPlaceholder(name: string, ctx: PlaceholderContext, seed: string): string {
  const { region, values } = ctx;
  const ip = `203.0.113.${10 + (parseInt(digest(seed, 2), 16) % 200)}`;
  if (name === "id") return idPlaceholder(ctx);
  if (ctx.type === "aws_acm_certificate") {
    // The DNS validation options: the records the zone must hold, which validation records iterate over.
    const domain = String(values.domain_name ?? "example.com");
    if (name === "domain_name") return domain;
    if (name === "resource_record_name") return `_${digest(seed, 32)}.${domain}.`;
    if (name === "resource_record_type") return "CNAME";
    if (name === "resource_record_value") return `_${digest(`${seed}.value`, 32)}.acm-validations.aws.`;
  }
  if (name === "arn") return arnPlaceholder(ctx);
  if (name === "secret_arn")
    return `arn:aws:secretsmanager:${region}:${PLACEHOLDER_ACCOUNT_ID}:secret:rds!${digest(seed, 8)}`;
  if (name === "kms_key_id" || name === "kms_key_arn" || name === "performance_insights_kms_key_id") {
    return `arn:aws:kms:${region}:${PLACEHOLDER_ACCOUNT_ID}:key/${uuid(seed)}`;
  }
  if (name.endsWith("_arn")) return `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:role/preview-${digest(seed, 8)}`;
  if (["owner_id", "account_id", "registry_id", "owner", "owner_account_id"].includes(name)) {
    return PLACEHOLDER_ACCOUNT_ID;
  }
  if (name === "hosted_zone_id" || name === "zone_id") return `Z${digest(seed, 13, UPPER)}`;
  if (name === "address" && ctx.type === "aws_db_instance") {
    return `${values.identifier ?? "db"}.c${digest(seed, 11)}.${region}.rds.amazonaws.com`;
  }
  if (name === "endpoint" && ctx.type === "aws_db_instance") {
    return `${values.identifier ?? "db"}.c${digest(seed, 11)}.${region}.rds.amazonaws.com:${values.port ?? 5432}`;
  }
  if (name === "engine_version_actual") return String(values.engine_version ?? "");
  if (name === "public_ip") return ip;
  // A load balancer's name in DNS, and the ARN suffixes its CloudWatch dimensions use.
  if (name === "dns_name") return `${values.name ?? "lb"}-${parseInt(digest(seed, 8), 16)}.${region}.elb.amazonaws.com`;
  if (name === "arn_suffix" && ctx.type === "aws_lb") return `app/${values.name ?? "lb"}/${digest(seed, 16)}`;
  if (name === "arn_suffix" && ctx.type === "aws_lb_target_group") {
    return `targetgroup/${values.name ?? "tg"}/${digest(seed, 16)}`;
  }
  if (name === "private_ip") return `10.255.${parseInt(digest(seed, 2), 16) % 250}.10`;
  if (name === "public_dns") return `ec2-${ip.replace(/\./g, "-")}.${region}.compute.amazonaws.com`;
  if (name === "private_dns") return `ip-10-255-0-10.${region}.compute.internal`;
  if (name === "repository_url") {
    return `${PLACEHOLDER_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${values.name ?? "repository"}`;
  }
  if (name === "bucket_domain_name") return `${values.bucket}.s3.amazonaws.com`;
  if (name === "bucket_regional_domain_name") return `${values.bucket}.s3.${region}.amazonaws.com`;
  if (name === "resource_id" || name === "dbi_resource_id") return `db-${digest(seed, 26, UPPER)}`;
  if (name === "unique_id") return `AROA${digest(seed, 17, UPPER)}`;
  if (name === "key_id") return uuid(seed);
  if (name.endsWith("_id")) return `${name.replace(/_id$/, "").replace(/_/g, "-")}-${digest(seed, 17)}`;
  // Anything else AWS computes is mostly a setting left at its default, which the API returns empty (an SNS
  // topic's `fifo_throughput_scope`): a made-up value there would fail the provider's own checks.
  return "";
}

/**
 * A value of `type` in AWS's format for the computed attribute `name`, deterministic per resource address.
 *
 * Strings follow the attribute's meaning (ids with their service prefix, ARNs in the configured region and the
 * placeholder account, hosted zone ids `Z...`, database endpoints), others are empty; list attributes of objects
 * get one element (a database's `master_user_secret[0].secret_arn` is read by other stacks); nested blocks and
 * other collections are empty.
 */
export function placeholder(type: SchemaType, name: string, ctx: PlaceholderContext, seed: string): unknown {
  if (type === "string") return stringPlaceholder(name, ctx, seed);
  if (type === "number") {
    if (name === "port") return ctx.values.engine === "mysql" ? 3306 : 5432;
    return name.includes("version") ? 1 : 0;
  }
  if (type === "bool") return false;
  if (!Array.isArray(type)) return null;
  const [kind] = type;
  if (kind === "object") {
    const fields = type[1] as Record<string, SchemaType>;
    return Object.fromEntries(
      Object.entries(fields).map(([field, t]) => [field, placeholder(t, field, ctx, `${seed}.${field}`)]),
    );
  }
  if (kind === "list" || kind === "set") {
    // A nested block the configuration leaves out is one AWS leaves empty (a bucket's legacy `cors_rule`).
    if (type[2] === BLOCK) return [];
    const element = elementType(type);
    if (Array.isArray(element) && element[0] === "object") return [placeholder(element, name, ctx, `${seed}[0]`)];
    if (name === "name_servers")
      return [1, 2, 3, 4].map((n) => `ns-${n}${digest(seed, 2, "0123456789")}.awsdns-00.net`);
    return [];
  }
  if (kind === "map") return {};
  return null;
}

/**
 * Fills every unknown of a planned value: `unknown` is the plan's `after_unknown` for it (`true`, or the same
 * shape as the value with `true` at the unknown places); `prior` is the value already in state, kept where it has
 * one so ids stay stable from one round to the next.
 */
export function fillUnknowns(
  value: unknown,
  unknown: unknown,
  prior: unknown,
  type: SchemaType,
  name: string,
  ctx: PlaceholderContext,
  seed: string,
): unknown {
  if (unknown === true) {
    return prior !== undefined && prior !== null ? prior : placeholder(type, name, ctx, seed);
  }
  if (Array.isArray(unknown) && Array.isArray(value)) {
    return value.map((item, i) =>
      fillUnknowns(
        item,
        unknown[i],
        Array.isArray(prior) ? prior[i] : undefined,
        elementType(type, i),
        name,
        ctx,
        `${seed}[${i}]`,
      ),
    );
  }
  if (unknown && typeof unknown === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const priorObject = (prior && typeof prior === "object" ? prior : {}) as Record<string, unknown>;
    // `id` first: ARNs and other placeholders of the same object read it.
    const keys = Object.keys(unknown).sort((a, b) => Number(b === "id") - Number(a === "id"));
    for (const key of keys) {
      result[key] = fillUnknowns(
        result[key],
        (unknown as Record<string, unknown>)[key],
        priorObject[key],
        fieldType(type, key),
        key,
        seed === ctx.address ? { ...ctx, values: result } : ctx,
        `${seed}.${key}`,
      );
    }
    return result;
  }
  return value;
}

/**
 * A placeholder for a stack output that only apply knows, in the format of the attribute it is written from
 * (`${aws_acm_certificate_validation.X.certificate_arn}` gives an ARN): a reader that validates the value (a
 * listener's `certificate_arn`) then plans as it would against the real one.
 *
 * @returns `undefined` when the output is not a plain reference to one attribute.
 */
export function outputPlaceholder(expression: unknown, region: string): string | undefined {
  const match = typeof expression === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/.exec(expression) : null;
  if (!match) return undefined;
  const [, type, name, attribute] = match;
  const address = `${type}.${name}`;
  return stringPlaceholder(attribute, { address, type, region, values: {} }, `${address}.${attribute}`) || undefined;
}
