/** One block of a synthesized stack: a resource, or the AWS provider. */
export interface TerraformBlock {
  /** `resource` for `resource.<type>.<name>`, `provider` for `provider.<type>`. */
  readonly kind: "resource" | "provider";
  /** Terraform type: `aws_db_instance`, or `aws` for the provider. */
  readonly type: string;
  /** Terraform name (the construct's unique ID), or the provider alias (`default` when none). */
  readonly name: string;
  /** Terraform address: `aws_db_instance.Database_Instance_1A2B3C4D` or `provider.aws`. */
  readonly address: string;
  /** The block's arguments exactly as synthesized; references appear as `${...}` strings. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Path of the construct that produced the block, when known. */
  readonly constructPath?: string;
}

/** The parts of a synthesized Terraform JSON document the guardrails read. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly provider?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
}

/**
 * A read-only view of one synthesized stack: its blocks by type and address, and the references between them.
 *
 * References are the `${type.name.attribute}` strings cdktf writes for tokens; a rule about a relation (a bucket
 * and its public access block, a VPC and its flow log) follows them instead of guessing from names.
 */
export class SynthesizedStack {
  private readonly blocks: readonly TerraformBlock[];

  constructor(
    /** The stack name, for example `production-network`. */
    readonly name: string,
    /** The synthesized Terraform JSON. */
    readonly json: TerraformJson,
  ) {
    const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => block("resource", type, name, `${type}.${name}`, config)),
    );
    const providers = Object.entries(json.provider ?? {}).flatMap(([type, configs]) =>
      configs.map((config) => {
        const alias = typeof config.alias === "string" ? config.alias : undefined;
        return block("provider", type, alias ?? "default", `provider.${type}${alias ? `.${alias}` : ""}`, config);
      }),
    );
    this.blocks = [...resources, ...providers];
  }

  /** Every resource and provider block. */
  all(): readonly TerraformBlock[] {
    return this.blocks;
  }

  /** Resources of one Terraform type. */
  resources(type: string): TerraformBlock[] {
    return this.blocks.filter((b) => b.kind === "resource" && b.type === type);
  }

  /** The configuration of a data source, or `undefined` when the stack has none of that address. */
  dataSource(type: string, name: string): Readonly<Record<string, unknown>> | undefined {
    return this.json.data?.[type]?.[name];
  }

  /**
   * Resources of `type` that refer to `target` in any argument (`bucket = "${aws_s3_bucket.Logs.id}"`), or, when
   * `literal` is given, name it literally in `attribute` (`bucket = "my-bucket"`).
   */
  referencing(type: string, target: TerraformBlock, literal?: { attribute: string; value: unknown }): TerraformBlock[] {
    return this.resources(type).filter(
      (candidate) =>
        refersTo(candidate.config, target.address) ||
        (literal !== undefined &&
          typeof literal.value === "string" &&
          !isUnresolved(literal.value) &&
          candidate.config[literal.attribute] === literal.value),
    );
  }

  /**
   * The resource a value points at when the whole value is one reference (`${aws_kms_key.Key.arn}`), optionally
   * only of the given types.
   */
  referencedResource(value: unknown, types?: readonly string[]): TerraformBlock | undefined {
    if (typeof value !== "string") return undefined;
    const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]"]+\}$/.exec(value);
    if (!match || (types && !types.includes(match[1]))) return undefined;
    return this.blocks.find((b) => b.kind === "resource" && b.type === match[1] && b.name === match[2]);
  }
}

/** True when `value` contains a Terraform expression (`${...}`): only Terraform knows its value. */
export function isUnresolved(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** True when any string inside `value` refers to the resource at `address`. */
export function refersTo(value: unknown, address: string): boolean {
  if (typeof value === "string") return value.includes("${") && referencePattern(address).test(value);
  if (Array.isArray(value)) return value.some((item) => refersTo(item, address));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, item]) => key !== "//" && refersTo(item, address));
  }
  return false;
}

function referencePattern(address: string): RegExp {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_.])${escaped}(\\.|\\[)`);
}

function block(
  kind: TerraformBlock["kind"],
  type: string,
  name: string,
  address: string,
  config: Record<string, unknown>,
): TerraformBlock {
  const metadata = (config["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  const constructPath = typeof metadata?.path === "string" ? metadata.path : undefined;
  return { kind, type, name, address, config, constructPath };
}
