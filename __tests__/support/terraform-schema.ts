import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A Terraform type constraint as `terraform providers schema -json` prints it: `"string"`, `["list", "string"]`, ... */
export type SchemaType = string | [string, ...unknown[]];

/** Bumped when {@link ProviderSchemas} changes shape, so older caches are not read. */
export const SCHEMA_CACHE_FORMAT = 2;

/** One attribute (or nested block, seen as a list or set of objects) of a resource or data source. */
export interface SchemaAttribute {
  /** Its type. */
  readonly type: SchemaType;
  /** Set by the provider, so a mock provider invents it unless told otherwise. */
  readonly computed: boolean;
  /** May also be set in configuration; when it is not, AWS often leaves it empty rather than inventing one. */
  readonly optional?: boolean;
}

/** The attributes of every resource and data source type of the installed providers, by type name. */
export interface ProviderSchemas {
  readonly resource: Record<string, Record<string, SchemaAttribute>>;
  readonly data: Record<string, Record<string, SchemaAttribute>>;
}

interface RawAttribute {
  type?: SchemaType;
  nested_type?: { attributes: Record<string, RawAttribute>; nesting_mode: string };
  computed?: boolean;
  optional?: boolean;
}
interface RawBlock {
  attributes?: Record<string, RawAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: RawBlock }>;
}
interface RawSchemas {
  provider_schemas?: Record<
    string,
    {
      resource_schemas?: Record<string, { block: RawBlock }>;
      data_source_schemas?: Record<string, { block: RawBlock }>;
    }
  >;
}

function objectType(attributes: Record<string, SchemaAttribute>): SchemaType {
  return ["object", Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.type]))];
}

function wrap(nestingMode: string, inner: SchemaType): SchemaType {
  if (nestingMode === "single" || nestingMode === "group") return inner;
  if (nestingMode === "map") return ["map", inner];
  return [nestingMode === "set" ? "set" : "list", inner];
}

function compactAttribute(raw: RawAttribute): SchemaAttribute {
  if (raw.nested_type) {
    const inner = compactAttributes(raw.nested_type.attributes);
    const type = wrap(raw.nested_type.nesting_mode, objectType(inner));
    return { type, computed: raw.computed === true, optional: raw.optional === true };
  }
  return { type: raw.type ?? "dynamic", computed: raw.computed === true, optional: raw.optional === true };
}

function compactAttributes(raw: Record<string, RawAttribute>): Record<string, SchemaAttribute> {
  return Object.fromEntries(Object.entries(raw).map(([name, a]) => [name, compactAttribute(a)]));
}

function compactBlock(block: RawBlock): Record<string, SchemaAttribute> {
  const attributes = compactAttributes(block.attributes ?? {});
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    // Configuration blocks are never invented by a mock provider; they matter only to resolve output paths.
    attributes[name] = { type: wrap(nested.nesting_mode, objectType(compactBlock(nested.block))), computed: false };
  }
  return attributes;
}

/** Reduces the ~14 MB output of `terraform providers schema -json` to attribute types and computed flags. */
export function compactSchemas(raw: RawSchemas): ProviderSchemas {
  const resource: Record<string, Record<string, SchemaAttribute>> = {};
  const data: Record<string, Record<string, SchemaAttribute>> = {};
  for (const provider of Object.values(raw.provider_schemas ?? {})) {
    for (const [type, s] of Object.entries(provider.resource_schemas ?? {})) resource[type] = compactBlock(s.block);
    for (const [type, s] of Object.entries(provider.data_source_schemas ?? {})) data[type] = compactBlock(s.block);
  }
  return { resource, data };
}

/**
 * Returns the compacted provider schemas, from `cacheFile` when it exists, otherwise from `dump` (which runs
 * `terraform providers schema -json`, about 9 s for the AWS provider) and then written to `cacheFile`.
 */
export async function cachedSchemas(cacheFile: string, dump: () => Promise<string>): Promise<ProviderSchemas> {
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as ProviderSchemas;
  const schemas = compactSchemas(JSON.parse(await dump()) as RawSchemas);
  mkdirSync(join(cacheFile, ".."), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(schemas));
  return schemas;
}

/** The type at `path` (attribute names and list indexes) below `attributes`, or undefined when unknown. */
export function typeAtPath(
  attributes: Record<string, SchemaAttribute> | undefined,
  path: readonly string[],
): SchemaType | undefined {
  if (!attributes || path.length === 0) return undefined;
  let type: SchemaType | undefined = attributes[path[0]]?.type;
  for (const step of path.slice(1)) {
    if (type === undefined || typeof type === "string") return undefined;
    const [kind, inner]: [string, ...unknown[]] = type;
    if ((kind === "list" || kind === "set" || kind === "map") && /^(\d+|\*)$/.test(step)) {
      type = inner as SchemaType;
    } else if (kind === "list" || kind === "set") {
      // `aws_x.y.block[0].attr` written without the index (`block.attr`) is not valid HCL; give up.
      return undefined;
    } else if (kind === "object") {
      type = (inner as Record<string, SchemaType>)[step];
    } else {
      return undefined;
    }
  }
  return type;
}
