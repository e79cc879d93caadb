import { z } from "zod";
import { ConfigProblem } from "./problems";

/**
 * The building blocks of the configuration schemas: fields whose every failure carries what is expected and how
 * to fix it, strict sections that name their valid keys, checks across fields that run even when an unrelated
 * field failed, and the mapping of zod issues to {@link ConfigProblem}s.
 */

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Deeply readonly view of a parsed value, as the other layers read configuration. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** One condition a field must meet, with what is expected and how to fix it when it does not. */
export interface Rule<T> {
  /** True when the value meets the condition. @default - any value of the field's type */
  readonly test?: (value: T) => boolean;
  /** What is expected, as the problem's `expected` text. */
  readonly expected: string;
  /** Says in parentheses what exactly is wrong, after `expected`. @default - nothing added */
  readonly detail?: (value: T) => string | undefined;
  /** How to fix it. */
  readonly fix: string;
}

/** What a section says about its keys, carried by the issues it raises. */
interface SectionText {
  /** The section's name as problems print it, for example `network section`. */
  readonly section: string;
  /** The keys the section knows. */
  readonly keys: readonly string[];
  /** Keys that moved elsewhere, with the fix that says where. */
  readonly moved: Readonly<Record<string, string>>;
  /** How to fix a missing or malformed section. */
  readonly missingFix: string;
}

// zod's `error` parameter sets only an issue's message: the expected text and the fix travel in it, JSON-encoded
// after this mark, and problemsOf reads them back. Users never see the raw message.
const MARK = "config:";

function encode(text: { expected: string; fix: string } | SectionText): string {
  return MARK + JSON.stringify(text);
}

function decode(message: string): Partial<SectionText & { expected: string; fix: string }> | undefined {
  return message.startsWith(MARK) ? JSON.parse(message.slice(MARK.length)) : undefined;
}

/** The context a custom check reports through: zod's refinement context. */
export type CheckContext<T = unknown> = z.core.$RefinementCtx<T>;

/** `T` with the fields `K` resolved: present and defined. */
export type Resolved<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

/** Reports one problem at `path` (relative to the schema being checked). */
export function report<T>(
  ctx: CheckContext<T>,
  path: readonly PropertyKey[],
  value: unknown,
  expected: string,
  fix: string,
): void {
  ctx.addIssue({ code: "custom", path: [...path], input: value, params: { expected, fix }, continue: true });
}

/** True when an issue was already raised at `path` or below it. */
export function failed<T>(ctx: CheckContext<T>, ...path: PropertyKey[]): boolean {
  return (ctx as unknown as z.core.ParsePayload).issues.some((issue) =>
    path.every((key, i) => issue.path?.[i] === key),
  );
}

function refined<S extends z.ZodType>(schema: S, rules: readonly Rule<z.output<S>>[]): S {
  if (rules.every((r) => r.test === undefined)) return schema;
  return schema.superRefine((value, ctx) => {
    const broken = rules.find((r) => r.test !== undefined && !r.test(value));
    if (broken === undefined) return;
    const detail = broken.detail?.(value);
    report(ctx, [], value, detail === undefined ? broken.expected : `${broken.expected} (${detail})`, broken.fix);
  }) as S;
}

/** The `error` parameter of a zod schema whose wrong-type failure should read `expected` and `fix`. */
export function typeError(first: Pick<Rule<never>, "expected" | "fix">): { error: string } {
  return { error: encode({ expected: first.expected, fix: first.fix }) };
}

/** A string meeting every rule, checked in order; the first rule also describes a value of the wrong type. */
export function text(first: Rule<string>, ...more: Rule<string>[]): z.ZodString {
  return refined(z.string(typeError(first)), [first, ...more]);
}

/** A number meeting every rule, checked in order; the first rule also describes a value of the wrong type. */
export function num(first: Rule<number>, ...more: Rule<number>[]): z.ZodNumber {
  return refined(z.number(typeError(first)), [first, ...more]);
}

/** A whole number from `min` to `max`. */
export function integer(min: number, max: number, fix: string): z.ZodNumber {
  return num({
    test: (v) => Number.isInteger(v) && v >= min && v <= max,
    expected: `an integer from ${min} to ${max}`,
    fix,
  });
}

/** A retention CloudWatch Logs accepts, in days. */
export function retentionDays(): z.ZodNumber {
  return num({
    test: (v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v),
    expected: `one of the values CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`,
    fix: "pick the nearest accepted value",
  });
}

/** A boolean. */
export function flag(): z.ZodBoolean {
  return z.boolean(typeError({ expected: "true or false", fix: "write a boolean, without quotes" }));
}

/** One of `values`. */
export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  expected: string,
  fix: string,
): z.ZodEnum<{ [K in V[number]]: K }> {
  return z.enum(values, typeError({ expected, fix })) as unknown as z.ZodEnum<{ [K in V[number]]: K }>;
}

/** An array of `item`s meeting every rule, checked in order, after the items are checked one by one. */
export function list<I extends z.ZodType>(
  item: I,
  first: Rule<z.output<I>[]>,
  ...more: Rule<z.output<I>[]>[]
): z.ZodArray<I> {
  return refined(z.array(item, typeError(first)), [first, ...more]);
}

/** True for a plain object, the only value a section's checks look into. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Options of a {@link section}. */
export interface SectionOptions {
  /** How to fix a missing or malformed section. */
  readonly fix: string;
  /**
   * Keys that used to belong here, each with where it went; reported like any unknown key, with that fix.
   * @default {}
   */
  readonly moved?: Readonly<Record<string, string>>;
}

/**
 * A configuration section: a strict object whose unknown keys are reported with the keys it knows, and whose
 * absence or wrong type is reported with `options.fix`.
 */
export function section<Shape extends z.core.$ZodLooseShape>(
  name: string,
  shape: Shape,
  options: SectionOptions,
): z.ZodObject<Shape, z.core.$strict> {
  const text: SectionText = {
    section: name,
    keys: Object.keys(shape),
    moved: options.moved ?? {},
    missingFix: options.fix,
  };
  return z.strictObject(shape, { error: encode(text) });
}

/**
 * Adds `check`, which looks at several fields together, to `schema`. Unlike zod's default, the check runs even
 * when some field failed, so that one pass reports everything; it must therefore look at each field's value
 * defensively, or skip a field that {@link failed}.
 */
export function acrossFields<S extends z.ZodType>(
  schema: S,
  check: (value: Record<string, unknown>, ctx: CheckContext) => void,
): S {
  return schema.superRefine((value, ctx) => check(value as Record<string, unknown>, ctx as CheckContext), {
    when: (payload) => isRecord(payload.value),
  }) as S;
}

/** Adds `check`, which looks at the items of a list together, to `schema`; it runs even when an item failed. */
export function acrossItems<S extends z.ZodType>(
  schema: S,
  check: (items: readonly unknown[], ctx: CheckContext) => void,
): S {
  return schema.superRefine((items, ctx) => check(items as readonly unknown[], ctx as CheckContext), {
    when: (payload) => Array.isArray(payload.value),
  }) as S;
}

/** A zod issue as a problem; `formatPath` turns the issue's path into the dotted path users read. */
export function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  formatPath: (path: readonly PropertyKey[]) => string,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const text = decode(issue.message);
    const params = issue.code === "custom" ? (issue.params as { expected?: string; fix?: string }) : undefined;
    if (issue.code === "unrecognized_keys") {
      const input = issue.input as Record<string, unknown>;
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: input?.[key],
        expected: `a field of the ${text?.section ?? "section"}`,
        fix: text?.moved?.[key] ?? `remove ${key}, or use one of the fields it knows: ${text?.keys?.join(", ")}`,
      }));
    }
    if (params?.expected === undefined && text?.section !== undefined) {
      return [
        {
          path: formatPath(issue.path),
          value: issue.input,
          expected: `the ${text.section}: an object with the fields ${text.keys?.join(", ")}`,
          fix: text.missingFix ?? "add the section",
        },
      ];
    }
    return [
      {
        path: formatPath(issue.path),
        value: issue.input,
        expected: params?.expected ?? text?.expected ?? issue.message,
        fix: params?.fix ?? text?.fix ?? "correct the value; the README's Configuration section lists every field",
      },
    ];
  });
}

/** `base.a.b[0]`: the dotted path of `path` under `base`. */
export function dottedPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === "number" ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    base,
  );
}

/** Every problem of `input` against `schema`, with paths under `base` (for example `environments.test.monitoring`). */
export function sectionProblems(schema: z.ZodType, input: unknown, base: string): ConfigProblem[] {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? [] : problemsOf(result.error.issues, (path) => dottedPath(base, path));
}
