import { SynthesizedStack, isUnresolved } from "./synthesized-stack";

/** An argument read from synthesized JSON: set to a known value, unset, or an unresolved reference. */
export type Known<T> =
  { readonly state: "set"; readonly value: T } | { readonly state: "unset" } | { readonly state: "unresolved" };

/**
 * A boolean argument. Some provider arguments are strings that hold booleans (`encrypted = "true"` in a launch
 * template's `ebs` block), so both spellings count.
 */
export function booleanArg(value: unknown): Known<boolean> {
  if (value === undefined || value === null) return { state: "unset" };
  if (isUnresolved(value)) return { state: "unresolved" };
  if (value === true || value === "true") return { state: "set", value: true };
  if (value === false || value === "false") return { state: "set", value: false };
  return { state: "unresolved" };
}

/**
 * How a boolean argument reads: `"true"`, `"not-true"` (literal false, or unset), or `"expression"` when it is a
 * Terraform expression (`"${true}"`, `"${var.x}"`) that only Terraform can evaluate.
 */
export function readTrue(value: unknown): "true" | "not-true" | "expression" {
  const arg = booleanArg(value);
  if (arg.state === "unresolved") return "expression";
  return arg.state === "set" && arg.value ? "true" : "not-true";
}

/** A numeric argument; numeric strings count. */
export function numberArg(value: unknown): Known<number> {
  if (value === undefined || value === null) return { state: "unset" };
  if (isUnresolved(value)) return { state: "unresolved" };
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? { state: "set", value: n } : { state: "unresolved" };
}

/** A string argument. */
export function stringArg(value: unknown): Known<string> {
  if (value === undefined || value === null || value === "") return { state: "unset" };
  if (isUnresolved(value)) return { state: "unresolved" };
  return typeof value === "string" ? { state: "set", value } : { state: "unresolved" };
}

/**
 * The nested blocks of an argument. cdktf writes a single-item block as an object and a repeated one as an array;
 * both come back as an array of objects.
 */
export function nestedBlocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first nested block of an argument, or `undefined`. */
export function nestedBlock(value: unknown): Record<string, unknown> | undefined {
  return nestedBlocks(value)[0];
}

/** A list-of-strings argument; a single string counts as a list of one. Unresolved items are kept as written. */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * Nested blocks of an argument, or `"expression"` when Terraform computes them: the argument is an expression
 * string, or a `dynamic` block of that name generates them.
 */
export function nestedBlocksArg(
  config: Readonly<Record<string, unknown>>,
  name: string,
): Record<string, unknown>[] | "expression" {
  const value = config[name];
  const dynamic = isObject(config.dynamic) ? config.dynamic[name] : undefined;
  if (typeof value === "string" || dynamic !== undefined) return "expression";
  return nestedBlocks(value);
}

// One attribute reference: `aws_kms_key.Key.arn`, `data.terraform_remote_state.Network.outputs.vpc_id`,
// `module.network.vpc_id`. Resource types always contain an underscore; `var.`, `local.`, `each.`, `count.`,
// `path.` and `terraform.` never do, so those are expressions, chosen outside the configuration.
const REFERENCE_BODY =
  /^(?:data\.[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+|module\.[A-Za-z0-9_-]+|[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_-]+|\[[0-9]+\]|\["[^"]*"\])+$/;

/**
 * True when `value` is a string whose every `${...}` is a plain reference to an attribute of a resource, a data
 * source (a `terraform_remote_state` output of an upstream stack included) or a module output, with no function,
 * operator, conditional, variable or local: something a rule can follow to the block that produces it.
 * `"${aws_kms_key.Key.arn}"` and `"arn:aws:iam::${data.aws_caller_identity.Me.account_id}:root"` are references;
 * `"${true}"`, `"${var.encrypted}"` and `"${var.x ? true : false}"` are not.
 */
export function isReference(value: unknown): boolean {
  if (typeof value !== "string") return false;
  // `$${` is Terraform's escape for a literal `${` (shell variables in user data), not an expression.
  const text = value.replace(/\$\$\{/g, "$");
  if (!text.includes("${")) return false;
  const bodies = [...text.matchAll(/\$\{([^{}]*)\}/g)].map((m) => m[1].trim());
  if (text.replace(/\$\{[^{}]*\}/g, "").includes("${")) return false;
  return bodies.length > 0 && bodies.every((body) => REFERENCE_BODY.test(body));
}

/** True when `value` contains a Terraform expression that is not a plain reference (see {@link isReference}). */
export function isComputed(value: unknown): boolean {
  return isUnresolved(typeof value === "string" ? value.replace(/\$\$\{/g, "$") : value) && !isReference(value);
}

/**
 * Whether an RDS database copies another: `"primary"` when `replicate_source_db` is unset, `"replica"` when it
 * names the source literally or by reference, `"expression"` when it is computed. With `stack`, a reference to a
 * resource of that stack counts only when the resource is an aws_db_instance: any other attribute may be empty.
 */
export function replicaOf(
  db: Readonly<Record<string, unknown>>,
  stack?: SynthesizedStack,
): "primary" | "replica" | "expression" {
  const source = db.replicate_source_db;
  if (stringArg(source).state === "unset") return "primary";
  if (isComputed(source)) return "expression";
  const local = stack?.referencedResource(source);
  return local === undefined || local.type === "aws_db_instance" ? "replica" : "expression";
}

/** True for plain objects. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
