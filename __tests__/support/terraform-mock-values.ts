import { SchemaAttribute, SchemaType } from "./terraform-schema";

/**
 * Realistic stand-ins for values AWS would return (IDs, ARNs, endpoints, policy JSON).
 *
 * A mock provider invents 8-character strings for computed attributes, and the AWS provider validates plan and
 * apply values: `alarm_actions = [aws_sns_topic.t.arn]` fails with `invalid ARN` and
 * `assume_role_policy = data.aws_iam_policy_document.d.json` with `invalid JSON`. The values below have AWS's
 * formats, so a stack passes only if its own wiring is right.
 */

/** Where the invented values live. */
export interface MockScope {
  /** Region of the provider that owns the resource. */
  readonly region: string;
  /** The account every ARN names. */
  readonly accountId: string;
  /** Returns a number not used before in this test file, to keep IDs distinct. */
  readonly next: () => number;
}

/** The account ID used in every invented ARN; AWS documentation's example account. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** A policy document that IAM, S3, SNS, SQS, KMS and Secrets Manager accept syntactically. */
export const MOCK_POLICY_JSON = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "Mock", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }],
});

/** A 17-hex-digit EC2 style suffix, distinct per `n`: `0a1b2c3d4e5f60001`. */
export function hexSuffix(n: number): string {
  return `0a1b2c3d4e5f6${n.toString(16).padStart(4, "0")}`;
}

function uuid(n: number): string {
  return `0a1b2c3d-4e5f-4a6b-8c7d-${n.toString(16).padStart(12, "0")}`;
}

function upper(n: number, length: number): string {
  return `A1B2C3D4E5F6G7H8J9K0L1M2N3P4${n.toString(36).toUpperCase()}`.slice(-length).padStart(length, "Z");
}

/** The EC2 ID prefix of resource (and data source) types whose `id` is an EC2 ID. */
const EC2_ID_PREFIX: Record<string, string> = {
  ami: "ami",
  default_network_acl: "acl",
  default_route_table: "rtb",
  default_security_group: "sg",
  default_vpc: "vpc",
  ebs_volume: "vol",
  ec2_transit_gateway: "tgw",
  egress_only_internet_gateway: "eigw",
  eip: "eipalloc",
  flow_log: "fl",
  instance: "i",
  internet_gateway: "igw",
  key_pair: "key",
  launch_template: "lt",
  nat_gateway: "nat",
  network_acl: "acl",
  network_interface: "eni",
  route_table: "rtb",
  route_table_association: "rtbassoc",
  security_group: "sg",
  security_group_rule: "sgr",
  subnet: "subnet",
  vpc: "vpc",
  vpc_dhcp_options: "dopt",
  vpc_endpoint: "vpce",
  vpc_peering_connection: "pcx",
  vpc_security_group_egress_rule: "sgr",
  vpc_security_group_ingress_rule: "sgr",
};

/** The EC2 ID prefix of attributes that hold an EC2 ID, such as `vpc_id`. */
const EC2_ATTRIBUTE_PREFIX: Record<string, string> = {
  allocation_id: "eipalloc",
  association_id: "eipassoc",
  default_network_acl_id: "acl",
  default_route_table_id: "rtb",
  default_security_group_id: "sg",
  dhcp_options_id: "dopt",
  egress_only_gateway_id: "eigw",
  gateway_id: "igw",
  image_id: "ami",
  instance_id: "i",
  internet_gateway_id: "igw",
  main_route_table_id: "rtb",
  nat_gateway_id: "nat",
  network_acl_id: "acl",
  network_interface_id: "eni",
  prefix_list_id: "pl",
  primary_network_interface_id: "eni",
  route_table_id: "rtb",
  security_group_id: "sg",
  security_group_rule_id: "sgr",
  source_security_group_id: "sg",
  subnet_id: "subnet",
  transit_gateway_id: "tgw",
  volume_id: "vol",
  vpc_endpoint_id: "vpce",
  vpc_id: "vpc",
};

/** Types whose `id` is their ARN. */
const ARN_IS_ID = new Set([
  "acm_certificate",
  "alb",
  "alb_listener",
  "alb_target_group",
  "ecs_cluster",
  "ecs_service",
  "iam_policy",
  "lb",
  "lb_listener",
  "lb_listener_rule",
  "lb_target_group",
  "secretsmanager_secret",
  "sns_topic",
  "sns_topic_subscription",
]);

/** Types whose `id` is their name. */
const NAME_IS_ID = new Set([
  "cloudwatch_log_group",
  "db_parameter_group",
  "db_subnet_group",
  "dynamodb_table",
  "ecr_repository",
  "iam_instance_profile",
  "iam_role",
  "iam_user",
  "rds_cluster",
  "s3_bucket",
]);

/** Builds the ARN of one resource of `kind` (type without `aws_`) named `name`. */
type ArnShape = (name: string, n: number, region: string, account: string) => string;

const regional =
  (service: string, resource: (name: string, n: number) => string): ArnShape =>
  (name, n, region, account) =>
    `arn:aws:${service}:${region}:${account}:${resource(name, n)}`;
const global =
  (service: string, resource: (name: string, n: number) => string): ArnShape =>
  (name, n, _region, account) =>
    `arn:aws:${service}::${account}:${resource(name, n)}`;
const ec2 = (kind: string, prefix: string) => regional("ec2", (_name, n) => `${kind}/${prefix}-${hexSuffix(n)}`);

const ARN_SHAPES: Record<string, ArnShape> = {
  acm_certificate: regional("acm", (_name, n) => `certificate/${uuid(n)}`),
  autoscaling_group: regional("autoscaling", (name, n) => `autoScalingGroup:${uuid(n)}:autoScalingGroupName/${name}`),
  backup_plan: regional("backup", (_name, n) => `backup-plan:${uuid(n)}`),
  backup_vault: regional("backup", (name) => `backup-vault:${name}`),
  caller_identity: global("iam", () => "user/terraform"),
  cloudfront_distribution: global("cloudfront", (_name, n) => `distribution/E${upper(n, 13)}`),
  cloudwatch_dashboard: global("cloudwatch", (name) => `dashboard/${name}`),
  cloudwatch_event_rule: regional("events", (name) => `rule/${name}`),
  cloudwatch_log_group: regional("logs", (name) => `log-group:${name}`),
  cloudwatch_metric_alarm: regional("cloudwatch", (name) => `alarm:${name}`),
  cognito_user_pool: regional("cognito-idp", (_name, n) => `userpool/ap-northeast-1_${upper(n, 9)}`),
  db_instance: regional("rds", (name) => `db:${name}`),
  db_parameter_group: regional("rds", (name) => `pg:${name}`),
  db_subnet_group: regional("rds", (name) => `subgrp:${name}`),
  dynamodb_table: regional("dynamodb", (name) => `table/${name}`),
  ecr_repository: regional("ecr", (name) => `repository/${name}`),
  ecs_cluster: regional("ecs", (name) => `cluster/${name}`),
  ecs_service: regional("ecs", (name) => `service/mock-cluster/${name}`),
  ecs_task_definition: regional("ecs", (name) => `task-definition/${name}:1`),
  efs_file_system: regional("elasticfilesystem", (_name, n) => `file-system/fs-${hexSuffix(n)}`),
  eip: ec2("elastic-ip", "eipalloc"),
  flow_log: ec2("vpc-flow-log", "fl"),
  iam_instance_profile: global("iam", (name) => `instance-profile/${name}`),
  iam_policy: global("iam", (name) => `policy/${name}`),
  iam_role: global("iam", (name) => `role/${name}`),
  iam_user: global("iam", (name) => `user/${name}`),
  instance: ec2("instance", "i"),
  internet_gateway: ec2("internet-gateway", "igw"),
  kms_alias: regional("kms", (name) => (name.startsWith("alias/") ? name : `alias/${name}`)),
  kms_key: regional("kms", (_name, n) => `key/${uuid(n)}`),
  lambda_function: regional("lambda", (name) => `function:${name}`),
  launch_template: ec2("launch-template", "lt"),
  lb: regional("elasticloadbalancing", (name, n) => `loadbalancer/app/${name}/${hexSuffix(n).slice(1)}`),
  lb_listener: regional(
    "elasticloadbalancing",
    (name, n) => `listener/app/${name}/${hexSuffix(n).slice(1)}/${hexSuffix(n + 1).slice(1)}`,
  ),
  lb_target_group: regional("elasticloadbalancing", (name, n) => `targetgroup/${name}/${hexSuffix(n).slice(1)}`),
  nat_gateway: ec2("natgateway", "nat"),
  network_acl: ec2("network-acl", "acl"),
  network_interface: ec2("network-interface", "eni"),
  rds_cluster: regional("rds", (name) => `cluster:${name}`),
  rds_cluster_instance: regional("rds", (name) => `db:${name}`),
  route53_zone: (_name, n) => `arn:aws:route53:::hostedzone/Z${upper(n, 20)}`,
  route_table: ec2("route-table", "rtb"),
  s3_bucket: (name) => `arn:aws:s3:::${name}`,
  secretsmanager_secret: regional("secretsmanager", (name) => `secret:${name}-AbCdEf`),
  security_group: ec2("security-group", "sg"),
  sns_topic: regional("sns", (name) => name),
  sqs_queue: regional("sqs", (name) => name),
  ssm_parameter: regional("ssm", (name) => `parameter/${name.replace(/^\//, "")}`),
  subnet: ec2("subnet", "subnet"),
  vpc: ec2("vpc", "vpc"),
  vpc_endpoint: ec2("vpc-endpoint", "vpce"),
  vpc_security_group_egress_rule: ec2("security-group-rule", "sgr"),
  vpc_security_group_ingress_rule: ec2("security-group-rule", "sgr"),
  wafv2_web_acl: regional("wafv2", (name, n) => `regional/webacl/${name}/${uuid(n)}`),
};
ARN_SHAPES.alb = ARN_SHAPES.lb;
ARN_SHAPES.alb_listener = ARN_SHAPES.lb_listener;
ARN_SHAPES.alb_target_group = ARN_SHAPES.lb_target_group;
ARN_SHAPES.default_security_group = ARN_SHAPES.security_group;
ARN_SHAPES.default_vpc = ARN_SHAPES.vpc;

/** The ARN service of type prefixes whose first word is not the service's own name. */
const SERVICE_OF_PREFIX: [RegExp, string][] = [
  [/^(vpc|default|network|route|eip|ec2|ebs|launch|security|subnet|internet|nat|ami|instance)(_|$)/, "ec2"],
  [/^cloudwatch_log_/, "logs"],
  [/^cloudwatch_event_/, "events"],
  [/^(db|rds)_/, "rds"],
  [/^(lb|alb)(_|$)/, "elasticloadbalancing"],
  [/^cognito_/, "cognito-idp"],
  [/^efs_/, "elasticfilesystem"],
];

/** What `<what>_arn` attributes point at, for example `execution_role_arn` points at an IAM role. */
const ARN_TARGETS: [RegExp, string][] = [
  [/(^|_)role$/, "iam_role"],
  [/(^|_)secret$/, "secretsmanager_secret"],
  [/(^|_)kms_key$/, "kms_key"],
  [/(^|_)target_group$/, "lb_target_group"],
  [/(^|_)certificate$/, "acm_certificate"],
  [/(^|_)topic$/, "sns_topic"],
  [/(^|_)log_group$/, "cloudwatch_log_group"],
  [/(^|_)policy$/, "iam_policy"],
  [/(^|_)instance_profile$/, "iam_instance_profile"],
  [/(^|_)load_balancer$/, "lb"],
  [/(^|_)listener$/, "lb_listener"],
  [/(^|_)bucket$/, "s3_bucket"],
  [/(^|_)repository$/, "ecr_repository"],
  [/(^|_)cluster$/, "ecs_cluster"],
  [/(^|_)web_acl$/, "wafv2_web_acl"],
  [/(^|_)user_pool$/, "cognito_user_pool"],
];

/** The type without its provider prefix: `aws_iam_role` → `iam_role`. */
function kindOf(type: string): string {
  return type.replace(/^aws_/, "");
}

function literal(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/** The name AWS would show for a resource: its configured name when literal, otherwise `mock-<n>`. */
export function resourceName(config: Record<string, unknown>, n: number): string {
  for (const key of [
    "name",
    "bucket",
    "identifier",
    "cluster_identifier",
    "function_name",
    "family",
    "alarm_name",
    "dashboard_name",
    "repository_name",
  ]) {
    const value = literal(config[key]);
    if (value) return value;
  }
  const prefix = literal(config.name_prefix) ?? literal(config.bucket_prefix) ?? literal(config.identifier_prefix);
  return prefix ? `${prefix}${hexSuffix(n).slice(-8)}` : `mock-${n}`;
}

/** A well-formed ARN for a resource of `type` named `name`; unknown types get `arn:aws:<service>:…:<kind>/<name>`. */
export function arnFor(type: string, name: string, n: number, scope: MockScope): string {
  const kind = kindOf(type);
  const shape = ARN_SHAPES[kind];
  if (shape) return shape(name, n, scope.region, scope.accountId);
  if (EC2_ID_PREFIX[kind]) {
    return `arn:aws:ec2:${scope.region}:${scope.accountId}:${kind.replace(/_/g, "-")}/${EC2_ID_PREFIX[kind]}-${hexSuffix(n)}`;
  }
  const [first, ...rest] = kind.split("_");
  const service = SERVICE_OF_PREFIX.find(([pattern]) => pattern.test(kind))?.[1] ?? first;
  return `arn:aws:${service}:${scope.region}:${scope.accountId}:${rest.join("-") || first}/${name}`;
}

function defaultPort(config: Record<string, unknown>): number {
  const engine = literal(config.engine) ?? "";
  if (/mysql|maria/.test(engine)) return 3306;
  if (/redis|valkey/.test(engine)) return 6379;
  if (/postgres/.test(engine)) return 5432;
  return 443;
}

function hostFor(type: string, attribute: string, name: string, n: number, scope: MockScope): string {
  const kind = kindOf(type);
  const host = name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const octet = 10 + (n % 200);
  if (attribute.startsWith("private_dns")) return `ip-10-0-0-${octet}.${scope.region}.compute.internal`;
  if (attribute.startsWith("public_dns")) return `ec2-203-0-113-${octet}.${scope.region}.compute.amazonaws.com`;
  if (/^(db_instance|rds_cluster|rds_cluster_instance|db_proxy)$/.test(kind)) {
    const reader = attribute.startsWith("reader") ? "cluster-ro-" : "";
    return `${host}.${reader}c${hexSuffix(n).slice(-11)}.${scope.region}.rds.amazonaws.com`;
  }
  if (/^(lb|alb)$/.test(kind)) return `${host}-${100000000 + n}.${scope.region}.elb.amazonaws.com`;
  if (kind === "cloudfront_distribution") return `d${hexSuffix(n).slice(-13)}.cloudfront.net`;
  if (kind === "s3_bucket") {
    return attribute.includes("regional") ? `${host}.s3.${scope.region}.amazonaws.com` : `${host}.s3.amazonaws.com`;
  }
  if (/^elasticache/.test(kind)) return `${host}.${hexSuffix(n).slice(-6)}.cache.amazonaws.com`;
  return `${host}.${scope.region}.amazonaws.com`;
}

/** Attributes that hold a DNS name (RDS's `endpoint` adds the port, see below). */
const HOST_ATTRIBUTES =
  /^(endpoint|reader_endpoint|address|dns_name|domain_name|hostname|fqdn|public_dns|private_dns|private_dns_name|bucket_domain_name|bucket_regional_domain_name|website_endpoint)$/;

/**
 * A realistic value for string attribute `attribute` of a `type` resource configured as `config`, or undefined
 * when nothing better than the mock provider's random string is known.
 */
export function stringFor(
  type: string,
  attribute: string,
  config: Record<string, unknown>,
  n: number,
  scope: MockScope,
): string | undefined {
  const kind = kindOf(type);
  const name = resourceName(config, n);
  if (attribute === "arn") return arnFor(type, name, n, scope);
  if (attribute === "id") {
    if (ARN_IS_ID.has(kind)) return arnFor(type, name, n, scope);
    if (NAME_IS_ID.has(kind)) return name;
    if (EC2_ID_PREFIX[kind]) return `${EC2_ID_PREFIX[kind]}-${hexSuffix(n)}`;
    if (kind === "route53_zone") return `Z${upper(n, 20)}`;
    if (kind === "kms_key") return uuid(n);
    if (kind === "db_instance") return `db-${upper(n, 26)}`;
    if (kind === "cloudfront_distribution") return `E${upper(n, 13)}`;
    if (kind === "sqs_queue") return `https://sqs.${scope.region}.amazonaws.com/${scope.accountId}/${name}`;
    if (kind === "caller_identity") return scope.accountId;
    if (kind === "region") return scope.region;
    if (kind === "partition") return "aws";
    if (kind === "iam_policy_document") return String(n);
    return undefined;
  }
  if (attribute === "arn_suffix") {
    if (/^(lb|alb)$/.test(kind)) return `app/${name}/${hexSuffix(n).slice(1)}`;
    if (/target_group$/.test(kind)) return `targetgroup/${name}/${hexSuffix(n).slice(1)}`;
  }
  if (attribute.endsWith("_arn")) {
    // Unknown targets (an instance's `outpost_arn`) stay with the mock: AWS leaves most of them empty.
    const what = attribute.slice(0, -"_arn".length);
    const target = ARN_TARGETS.find(([pattern]) => pattern.test(what));
    return target && arnFor(`aws_${target[1]}`, `${name}-${what.replace(/_/g, "-")}`, n, scope);
  }
  if (EC2_ATTRIBUTE_PREFIX[attribute]) return `${EC2_ATTRIBUTE_PREFIX[attribute]}-${hexSuffix(n)}`;
  if (/^(account_id|owner_id|owner|registry_id)$/.test(attribute)) return scope.accountId;
  if (attribute === "user_id" && kind === "caller_identity") return `AIDA${upper(n, 17)}`;
  if (attribute === "kms_key_id") return arnFor("aws_kms_key", name, n, scope);
  if (attribute === "key_id") return uuid(n);
  if (/^(hosted_zone_id|zone_id)$/.test(attribute)) {
    // Alias records need the service's own hosted zone: ALBs in ap-northeast-1 and CloudFront everywhere.
    if (/^(lb|alb)$/.test(kind)) return "Z14GRHDCWA56QT";
    if (kind === "cloudfront_distribution") return "Z2FDTNDATAQYW2";
    return `Z${upper(n, 20)}`;
  }
  if (attribute === "resource_id" && kind === "db_instance") return `db-${upper(n, 26)}`;
  if (attribute === "cluster_resource_id") return `cluster-${upper(n, 26)}`;
  if (attribute === "endpoint" && /^(db_instance|rds_cluster_instance)$/.test(kind)) {
    return `${hostFor(type, attribute, name, n, scope)}:${defaultPort(config)}`;
  }
  if (HOST_ATTRIBUTES.test(attribute)) return hostFor(type, attribute, name, n, scope);
  if (attribute === "mac_address") return `0a:1b:2c:3d:4e:${(n % 256).toString(16).padStart(2, "0")}`;
  if (/^(url|invoke_url|repository_url)$/.test(attribute)) {
    if (kind === "ecr_repository") return `${scope.accountId}.dkr.ecr.${scope.region}.amazonaws.com/${name}`;
    if (kind === "sqs_queue") return `https://sqs.${scope.region}.amazonaws.com/${scope.accountId}/${name}`;
    return `https://${hostFor(type, attribute, name, n, scope)}/`;
  }
  if (/^(json|minified_json|policy|assume_role_policy)$/.test(attribute)) return MOCK_POLICY_JSON;
  if (attribute === "private_ip") return `10.0.0.${10 + (n % 200)}`;
  if (attribute === "public_ip") return `203.0.113.${10 + (n % 200)}`;
  if (attribute === "cidr_block") return "10.0.0.0/16";
  if (attribute === "partition") return "aws";
  if (attribute === "dns_suffix") return "amazonaws.com";
  if (attribute === "region" || (attribute === "name" && kind === "region")) return scope.region;
  if (kind === "ssm_parameter" && attribute === "value" && /ami/.test(literal(config.name) ?? "")) {
    return `ami-${hexSuffix(n)}`;
  }
  return undefined;
}

/** An attribute that holds several IDs, named in the plural (`subnet_ids`), read as its singular. */
function singular(attribute: string): string {
  if (attribute === "security_groups" || attribute === "vpc_security_group_ids") return "security_group_id";
  if (attribute === "names" || attribute === "zone_ids") return attribute.slice(0, -1);
  return attribute.replace(/_ids$/, "_id").replace(/_arns$/, "_arn");
}

/**
 * A value of `schemaType` for `attribute` of resource number `n`. With `fill`, always returns a value (objects
 * need every field; outputs read by other stacks must exist); otherwise undefined leaves the mock provider's own.
 * `nested` marks a field inside an invented object, where collections stay empty.
 */
export function valueFor(
  type: string,
  attribute: string,
  schemaType: SchemaType | undefined,
  config: Record<string, unknown>,
  n: number,
  scope: MockScope,
  fill: boolean,
  nested = false,
): unknown {
  const kind = schemaType === undefined ? "string" : typeof schemaType === "string" ? schemaType : schemaType[0];
  if (kind === "string" || kind === "dynamic") {
    return (
      stringFor(type, attribute, config, n, scope) ?? (fill ? `mock-${attribute.replace(/_/g, "-")}-${n}` : undefined)
    );
  }
  if (kind === "number") return attribute === "port" ? defaultPort(config) : fill ? 1 : undefined;
  if (kind === "bool") return fill ? false : undefined;
  const inner = (schemaType as unknown[])[1] as SchemaType;
  if (kind === "list" || kind === "set") {
    if (attribute === "names" && kindOf(type) === "availability_zones") {
      return [`${scope.region}a`, `${scope.region}c`, `${scope.region}d`];
    }
    if (nested) return [];
    const innerKind = typeof inner === "string" ? inner : inner[0];
    // One element, so that `block[0].attr` resolves; computed blocks are empty lists in a plain mock.
    if (innerKind === "object") return [valueFor(type, attribute, inner, config, n, scope, true)];
    if (!fill) return undefined;
    // Two distinct elements: one ID per availability zone is the common shape.
    return [n, scope.next()].map((i) => valueFor(type, singular(attribute), inner, config, i, scope, true));
  }
  if (kind === "object") {
    const fields = (schemaType as [string, Record<string, SchemaType>])[1];
    return Object.fromEntries(
      Object.entries(fields).map(([field, t]) => [field, valueFor(type, field, t, config, n, scope, true, true)]),
    );
  }
  return fill ? {} : undefined;
}

/**
 * Optional-and-computed attributes that describe the resource itself, so AWS always fills them in. Others (a
 * route's `instance_id`, a default security group's `ingress`) stay empty in AWS when left unset, and inventing
 * them would describe infrastructure the stack does not ask for.
 */
const SELF_DESCRIBING =
  /^(arn|id|arn_suffix|owner_id|account_id|kms_key_id|endpoint|address|dns_name|zone_id|hosted_zone_id|port|region)$/;

/**
 * Realistic values for the computed attributes of one resource or data source that the configuration leaves
 * unset, for an `override_resource` / `override_data` block. Attributes with nothing better to offer are left to
 * the mock provider.
 */
export function computedValues(
  type: string,
  attributes: Record<string, SchemaAttribute>,
  config: Record<string, unknown>,
  scope: MockScope,
): Record<string, unknown> {
  const n = scope.next();
  const values: Record<string, unknown> = {};
  if (type === "aws_acm_certificate" && typeof config.domain_name === "string") {
    // The real provider knows the validation options' names at plan (validation records iterate over them).
    const names = [config.domain_name, ...((config.subject_alternative_names as string[] | undefined) ?? [])];
    values.domain_validation_options = names.map((domain, i) => ({
      domain_name: domain,
      resource_record_name: `_0a1b2c3d${n}${i}.${domain}.`,
      resource_record_type: "CNAME",
      resource_record_value: `_4e5f${n}${i}.acm-validations.aws.`,
    }));
  }
  const atPlan = type === "aws_acm_certificate";
  for (const [attribute, spec] of Object.entries(attributes)) {
    if (!spec.computed || config[attribute] !== undefined || attribute === "tags_all") continue;
    if (values[attribute] !== undefined) continue;
    if (atPlan) {
      // Overridden at plan, every computed value must be: the mock would invent another at apply.
      const value = valueFor(type, attribute, spec.type, config, n, scope, false);
      values[attribute] =
        value !== undefined
          ? value
          : spec.type === "string"
            ? `mock-${attribute}`
            : spec.type === "number"
              ? 0
              : spec.type === "bool"
                ? false
                : Array.isArray(spec.type) && (spec.type[0] === "list" || spec.type[0] === "set")
                  ? []
                  : Array.isArray(spec.type) && spec.type[0] === "map"
                    ? {}
                    : null;
      if (values[attribute] === null) delete values[attribute];
      continue;
    }
    if (spec.optional && !SELF_DESCRIBING.test(attribute)) continue;
    const value = valueFor(type, attribute, spec.type, config, n, scope, false);
    if (value !== undefined) values[attribute] = value;
  }
  return values;
}
