import { randomUUID } from "node:crypto";
import { ResourceSchemas, SchemaType } from "../terraform/schema";
import { fillUnknowns, outputPlaceholder } from "./placeholders";

/** One entry of `resource_changes` in `terraform show -json <plan>`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly action_reason?: string;
  /** The address the resource had before a `moved` block took it to this one. */
  readonly previous_address?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

/** The parts of `terraform show -json <plan>` the preview reads. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly planned_values?: {
    readonly outputs?: Record<
      string,
      { readonly sensitive: boolean; readonly value?: unknown; readonly type?: unknown }
    >;
  };
  readonly output_changes?: Record<string, { readonly after_unknown?: unknown }>;
}

/** One resource instance of a state being built: its attributes by address. */
export type StateInstances = Map<string, { change: ResourceChange; attributes: Record<string, unknown> }>;

/** A step of a path in a state file's `sensitive_attributes`. */
type PathStep = { type: "get_attr"; value: string } | { type: "index"; value: { value: unknown; type: string } };

/**
 * The paths marked sensitive in a plan's `after_sensitive`, as a state file lists them. Terraform plans an update
 * when the sensitive paths in state differ from those of the plan, even with equal values.
 */
export function sensitivePaths(marks: unknown, path: PathStep[] = []): PathStep[][] {
  if (marks === true) return [path];
  if (Array.isArray(marks)) {
    return marks.flatMap((m, i) =>
      sensitivePaths(m, [...path, { type: "index", value: { value: i, type: "number" } }]),
    );
  }
  if (marks && typeof marks === "object") {
    return Object.entries(marks).flatMap(([k, m]) => sensitivePaths(m, [...path, { type: "get_attr", value: k }]));
  }
  return [];
}

/** The addresses whose planned action is not `no-op` (nor a data source read). */
export function pendingChanges(plan: PlanJson): ResourceChange[] {
  return (plan.resource_changes ?? []).filter(
    (rc) => rc.mode === "managed" && !(rc.change.actions.length === 1 && rc.change.actions[0] === "no-op"),
  );
}

/**
 * Moves a state one round closer to what the configuration plans: every pending change of `plan` is taken as
 * applied, with its planned values, unknowns filled from the instance's values in state or with placeholders
 * ({@link fillUnknowns}), and destroyed instances removed.
 */
export function applyPlanned(state: StateInstances, plan: PlanJson, schemas: ResourceSchemas, region: string): void {
  for (const rc of pendingChanges(plan)) {
    if (rc.change.after === null) {
      state.delete(rc.address);
      continue;
    }
    const type: SchemaType = schemas[rc.type]?.type ?? "dynamic";
    const prior = state.get(rc.address)?.attributes;
    const ctx = { address: rc.address, type: rc.type, region, values: { ...rc.change.after } };
    const attributes = fillUnknowns(rc.change.after, rc.change.after_unknown ?? {}, prior, type, "", ctx, rc.address);
    state.set(rc.address, { change: rc, attributes: attributes as Record<string, unknown> });
  }
}

/** Terraform's JSON type of a value, for an output in state (`terraform_remote_state` decodes outputs by it). */
export function jsonType(value: unknown): unknown {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(jsonType)];
  if (value && typeof value === "object") {
    return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonType(v)]))];
  }
  return "string";
}

/**
 * Outputs of a plan as state outputs. An output still unknown gets a placeholder in the format of the attribute
 * its configuration (`configured`, the stack's `output` block) reads, or else a placeholder string.
 */
export function plannedOutputs(
  plan: PlanJson,
  configured?: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  region = "us-east-1",
): Record<string, { value: unknown; type: unknown; sensitive?: boolean }> {
  const outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }> = {};
  for (const [name, output] of Object.entries(plan.planned_values?.outputs ?? {})) {
    const value =
      output.value === undefined
        ? (outputPlaceholder(configured?.[name]?.value, region) ?? `preview-unknown-output-${name}`)
        : output.value;
    outputs[name] = { value, type: output.type ?? jsonType(value), ...(output.sensitive ? { sensitive: true } : {}) };
  }
  return outputs;
}

/**
 * A Terraform state file (format version 4) holding `instances` and `outputs`, each instance with the
 * `schema_version` of its type, so that the provider reads it without upgrading.
 */
export function stateFile(
  instances: StateInstances,
  outputs: Record<string, unknown>,
  schemas: ResourceSchemas,
  serial: number,
  terraformVersion: string,
): string {
  const resources = new Map<string, { type: string; name: string; provider: string; instances: unknown[] }>();
  for (const { change, attributes } of instances.values()) {
    const key = `${change.type}.${change.name}`;
    if (!resources.has(key)) {
      resources.set(key, {
        type: change.type,
        name: change.name,
        provider: `provider["${change.provider_name}"]`,
        instances: [],
      });
    }
    resources.get(key)!.instances.push({
      ...(change.index !== undefined ? { index_key: change.index } : {}),
      schema_version: schemas[change.type]?.version ?? 0,
      attributes,
      sensitive_attributes: sensitivePaths(change.change.after_sensitive),
    });
  }
  return JSON.stringify(
    {
      version: 4,
      terraform_version: terraformVersion,
      serial,
      lineage: randomUUID(),
      outputs,
      resources: [...resources.values()].map((r) => ({ mode: "managed", ...r })),
      check_results: null,
    },
    null,
    1,
  );
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const ATTRIBUTE = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)((?:\[\d+\]|\.[a-z0-9_]+)*)$/;

function containsUnknown(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (unknown && typeof unknown === "object") return Object.values(unknown).some(containsUnknown);
  return false;
}

/**
 * The value of a CDKTF expression over the state being built, or undefined when it is more than plain references
 * to resource attributes: `"${aws_vpc.Vpc.id}"` (or `"${aws_db_instance.D.master_user_secret[0].secret_arn}"`), a
 * template of such references (`"{\"Resource\": \"${aws_s3_bucket.B.arn}/*\"}"`, as policies are written), or a
 * list of those and literals. `like` is the value it replaces, whose type a number is converted to.
 */
export function evaluateReference(expression: unknown, state: StateInstances, like?: unknown): unknown {
  const attribute = (reference: string): unknown => {
    const match = ATTRIBUTE.exec(reference.trim());
    if (!match || ["data", "var", "local"].includes(match[1])) return undefined;
    let value: unknown = state.get(`${match[1]}.${match[2]}`)?.attributes[match[3]];
    for (const step of match[4].match(/\[\d+\]|\.[a-z0-9_]+/g) ?? []) {
      if (value === null || typeof value !== "object") return undefined;
      value = step.startsWith("[")
        ? (value as unknown[])[Number(step.slice(1, -1))]
        : (value as Record<string, unknown>)[step.slice(1)];
    }
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
  };
  if (typeof expression === "string") {
    if (!expression.includes("${")) return expression;
    if (expression.includes("$${")) return undefined;
    const whole = /^\$\{([^}]*)\}$/.exec(expression);
    if (whole) {
      const value = attribute(whole[1]);
      return typeof value === "number" && typeof like === "string" ? String(value) : value;
    }
    let complete = true;
    const text = expression.replace(INTERPOLATION, (_, inner: string) => {
      const value = attribute(inner);
      if (value === undefined) complete = false;
      return String(value);
    });
    return complete ? text : undefined;
  }
  if (Array.isArray(expression) && expression.length > 0 && expression.every((e) => typeof e === "string")) {
    const values = expression.map((e, i) => evaluateReference(e, state, Array.isArray(like) ? like[i] : undefined));
    return values.every((v) => v !== undefined) ? values : undefined;
  }
  return undefined;
}

/**
 * Shortens the rounds of a baseline: where a resource's attribute was unknown only because its configuration is
 * plain references to other resources' attributes ({@link evaluateReference}), it takes the value those have in
 * the state being built, as the next plan would. Nested blocks (`launch_template { version =
 * "${aws_launch_template.X.latest_version}" }`) are followed too.
 */
export function resolveReferences(
  state: StateInstances,
  resources: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>> | undefined,
): void {
  // The value `current` takes from `expression`, or undefined where nothing unknown can be resolved.
  const resolve = (expression: unknown, current: unknown, unknown: unknown): unknown => {
    if (!containsUnknown(unknown)) return undefined;
    const direct = evaluateReference(expression, state, current);
    if (direct !== undefined) return direct;
    const blocks = Array.isArray(expression)
      ? expression
      : expression && typeof expression === "object"
        ? [expression]
        : [];
    if (Array.isArray(current) && blocks.length === current.length && blocks.length > 0) {
      let changed = false;
      const next = current.map((item, i) => {
        const value = resolve(blocks[i], item, Array.isArray(unknown) ? unknown[i] : unknown);
        if (value === undefined) return item;
        changed = true;
        return value;
      });
      return changed ? next : undefined;
    }
    if (
      expression &&
      typeof expression === "object" &&
      !Array.isArray(expression) &&
      current &&
      typeof current === "object"
    ) {
      let changed = false;
      const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
      for (const [key, nested] of Object.entries(expression)) {
        const marks = unknown === true ? true : (unknown as Record<string, unknown>)[key];
        const value = resolve(nested, next[key], marks);
        if (value !== undefined && JSON.stringify(value) !== JSON.stringify(next[key])) {
          next[key] = value;
          changed = true;
        }
      }
      return changed ? next : undefined;
    }
    return undefined;
  };
  for (let pass = 0; pass < 5; pass++) {
    let changed = false;
    for (const entry of state.values()) {
      const block = resources?.[entry.change.type]?.[entry.change.name];
      if (!block || entry.change.index !== undefined) continue;
      const value = resolve(block, entry.attributes, entry.change.change.after_unknown ?? {});
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(entry.attributes)) {
        entry.attributes = value as Record<string, unknown>;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

/**
 * The outputs the state being built should hold: each output's planned value where the plan knew it, otherwise
 * its expression over the state ({@link evaluateReference}), otherwise a placeholder string (the next plan then
 * shows the difference and its value).
 */
export function expectedOutputs(
  outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
  plan: PlanJson,
  state: StateInstances,
): Record<string, { value: unknown; type: unknown; sensitive?: boolean }> {
  const planned = plan.planned_values?.outputs ?? {};
  const result: Record<string, { value: unknown; type: unknown; sensitive?: boolean }> = {};
  for (const [name, config] of Object.entries(outputs ?? {})) {
    const known = planned[name]?.value;
    const value =
      known !== undefined ? known : (evaluateReference(config.value, state) ?? `preview-unknown-output-${name}`);
    const type = known !== undefined && planned[name]?.type ? planned[name].type : jsonType(value);
    result[name] = { value, type, ...(config.sensitive === true ? { sensitive: true } : {}) };
  }
  return result;
}
