import { isUnresolved } from "./synthesized-stack";

/** An argument read from synthesized JSON: set to a known value, unset, or an unresolved reference. */
export type Known<T> = { readonly state: "set"; readonly value: T } | { readonly state: "unset" | "unresolved" };

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

/** True when a boolean argument is set to `true`, or unresolved (only Terraform knows). */
export function isTrueOrUnknown(value: unknown): boolean {
  const arg = booleanArg(value);
  return arg.state === "unresolved" || (arg.state === "set" && arg.value);
}

/** True when a boolean argument is explicitly `true`. */
export function isExplicitlyTrue(value: unknown): boolean {
  const arg = booleanArg(value);
  return arg.state === "set" && arg.value;
}

/** True when a boolean argument is explicitly `false`. */
export function isExplicitlyFalse(value: unknown): boolean {
  const arg = booleanArg(value);
  return arg.state === "set" && !arg.value;
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

/** True for plain objects. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
