import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A Terraform type as `terraform providers schema -json` prints it: `"string"`, `["list", "string"]`, ...; a
 * nested block is a list or set of objects marked `"block"` as a third element.
 */
export type SchemaType = string | [string, ...unknown[]];

/** Marks a collection type that is a nested block of the schema rather than an attribute. */
export const BLOCK = "block";

/** What state writing needs of one resource type: its schema version and the type of its whole object. */
export interface ResourceSchema {
  /** The `schema_version` a state entry of this type carries. */
  readonly version: number;
  /** The resource's attributes and nested blocks, as one object type. */
  readonly type: SchemaType;
}

/** Resource schemas of every installed provider, by resource type (`aws_s3_bucket`). */
export type ResourceSchemas = Readonly<Record<string, ResourceSchema>>;

/** Bumped when {@link ResourceSchemas} changes shape, so older caches are not read. */
export const RESOURCE_SCHEMA_CACHE_FORMAT = 2;

interface RawAttribute {
  type?: SchemaType;
  nested_type?: { attributes: Record<string, RawAttribute>; nesting_mode: string };
}
interface RawBlock {
  attributes?: Record<string, RawAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: RawBlock }>;
}
interface RawSchemas {
  provider_schemas?: Record<string, { resource_schemas?: Record<string, { version?: number; block: RawBlock }> }>;
}

function wrap(nestingMode: string, inner: SchemaType): SchemaType {
  if (nestingMode === "single" || nestingMode === "group") return inner;
  if (nestingMode === "map") return ["map", inner];
  return [nestingMode === "set" ? "set" : "list", inner];
}

function attributeType(raw: RawAttribute): SchemaType {
  if (!raw.nested_type) return raw.type ?? "dynamic";
  return wrap(raw.nested_type.nesting_mode, attributesType(raw.nested_type.attributes));
}

function attributesType(attributes: Record<string, RawAttribute>): SchemaType {
  return ["object", Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, attributeType(a)]))];
}

function blockType(block: RawBlock): SchemaType {
  const [, fields] = attributesType(block.attributes ?? {}) as [string, Record<string, SchemaType>];
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const type = wrap(nested.nesting_mode, blockType(nested.block));
    fields[name] = Array.isArray(type) && type[0] !== "object" ? [...type, BLOCK] : type;
  }
  return ["object", fields];
}

/** Reduces the ~14 MB output of `terraform providers schema -json` to versions and types of resources. */
export function compactResourceSchemas(raw: RawSchemas): ResourceSchemas {
  const result: Record<string, ResourceSchema> = {};
  for (const provider of Object.values(raw.provider_schemas ?? {})) {
    for (const [name, schema] of Object.entries(provider.resource_schemas ?? {})) {
      result[name] = { version: schema.version ?? 0, type: blockType(schema.block) };
    }
  }
  return result;
}

/**
 * The resource schemas from `cacheFile`, or from `produce()` (the raw schema JSON) written there first.
 * `terraform providers schema -json` takes seconds and prints ~14 MB; the compact form is ~2 MB.
 */
export async function cachedResourceSchemas(
  cacheFile: string,
  produce: () => Promise<string>,
): Promise<ResourceSchemas> {
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as ResourceSchemas;
  const schemas = compactResourceSchemas(JSON.parse(await produce()) as RawSchemas);
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(schemas));
  return schemas;
}

/** The type of `name` inside an object type, or `dynamic` when the type says nothing. */
export function fieldType(type: SchemaType | undefined, name: string): SchemaType {
  if (Array.isArray(type) && type[0] === "object") {
    return ((type[1] as Record<string, SchemaType>)[name] ?? "dynamic") as SchemaType;
  }
  if (Array.isArray(type) && type[0] === "map") return type[1] as SchemaType;
  return "dynamic";
}

/** The element type of a list, set or map type, or `dynamic`. */
export function elementType(type: SchemaType | undefined, index = 0): SchemaType {
  if (Array.isArray(type) && ["list", "set", "map"].includes(type[0])) return type[1] as SchemaType;
  if (Array.isArray(type) && type[0] === "tuple") return ((type[1] as SchemaType[])[index] ?? "dynamic") as SchemaType;
  return "dynamic";
}
