import { MOCK_ACCOUNT_ID, MockScope, valueFor, computedValues } from "./terraform-mock-values";
import { ProviderSchemas, typeAtPath } from "./terraform-schema";

/** The parts of a synthesized `cdk.tf.json` this tier reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: { required_providers?: Record<string, unknown> };
}

/** The outputs of one upstream stack that a stack reads through `terraform_remote_state`. */
export interface RemoteStateInput {
  /** Name of the `terraform_remote_state` data source. */
  readonly dataSource: string;
  /** The stack that writes the state, when it is one of the synthesized stacks. */
  readonly producer?: string;
  /** Output names read, with the value supplied for each. */
  readonly outputs: Record<string, unknown>;
}

/** A generated `tests/mock.tftest.hcl` and what it supplies. */
export interface MockTestFile {
  /** The file's text. */
  readonly hcl: string;
  /** Upstream outputs supplied through `override_data`. */
  readonly remoteState: readonly RemoteStateInput[];
  /** The resources whose presence in the applied state the run asserts, as `type.name`. */
  readonly assertedResources: readonly string[];
}

/** Where the generated run finds the stack under test. */
export interface MockTestFileOptions {
  /**
   * The stack's folder relative to the folder `terraform test` runs in.
   * @default - the folder `terraform test` runs in is the stack's own
   */
  readonly moduleSource?: string;
  /**
   * Name of the `run` block.
   * @default "apply"
   */
  readonly runName?: string;
}

/** CDKTF names the data source of a cross-stack reference `cross-stack-reference-input-<producer stack>`. */
const CROSS_STACK_INPUT = "cross-stack-reference-input-";
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs(?:\.([A-Za-z0-9_-]+)|\["([^"]+)"\])?/g;
const REFERENCE =
  /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\[[^\]]*\]|\.\*|\.[A-Za-z0-9_-]+)*)\}$/;

/** Renders a JSON value as an HCL expression; `${` and `%{` are escaped so strings stay literal. */
export function hclValue(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} = ${hclValue(v, inner)}`).join("\n")}\n${indent}}`;
}

function visitStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) value.forEach((v) => visitStrings(v, visit));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) if (key !== "//") visitStrings(v, visit);
  }
}

/** Every `terraform_remote_state` output a stack reads, by data source name; `*` marks a read of all outputs. */
export function remoteStateReads(stack: StackJson): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  for (const name of Object.keys(stack.data?.terraform_remote_state ?? {})) reads.set(name, new Set());
  visitStrings({ resource: stack.resource, data: stack.data, output: stack.output }, (s) => {
    for (const match of s.matchAll(REMOTE_OUTPUT)) {
      reads.get(match[1])?.add(match[2] ?? match[3] ?? "*");
    }
  });
  return reads;
}

/** The region of the provider configuration that `config` uses (`provider = "aws.alias"`), or the default one. */
function regionOf(stack: StackJson, config: Record<string, unknown>): string {
  const [local, alias] = String(config.provider ?? "aws").split(".");
  const provider = (stack.provider?.[local] ?? []).find((p) => (alias ? p.alias === alias : !p.alias));
  return typeof provider?.region === "string" ? provider.region : "us-east-1";
}

function pathSteps(path: string): string[] {
  return [...path.matchAll(/\.([A-Za-z0-9_-]+|\*)|\[([^\]]*)\]/g)].map((m) => (m[1] ?? m[2]).replace(/^"|"$/g, ""));
}

/** Hands out numbers so that IDs differ across the file, and the same upstream resource keeps one number. */
class Numbering {
  private last = 0;
  private readonly byAddress = new Map<string, number>();
  next = (): number => ++this.last;
  of(address: string): number {
    if (!this.byAddress.has(address)) this.byAddress.set(address, this.next());
    return this.byAddress.get(address) as number;
  }
}

/**
 * The value an upstream stack's output would have once deployed, from its expression: a literal is itself;
 * `${aws_vpc.X.id}` is a VPC ID; `${aws_subnet.X[*].id}` a list of subnet IDs; an attribute the upstream stack
 * sets literally is that literal. Anything else gets a string naming the output.
 */
function upstreamValue(
  producer: StackJson,
  expression: unknown,
  schemas: ProviderSchemas,
  numbering: Numbering,
): unknown {
  if (typeof expression !== "string") return expression;
  const match = REFERENCE.exec(expression);
  if (!match) {
    if (!expression.includes("${")) return expression;
    return `mock-output-${numbering.next()}`;
  }
  const [, dataPrefix, type, name, path] = match;
  const isData = Boolean(dataPrefix);
  const config = (isData ? producer.data : producer.resource)?.[type]?.[name] ?? {};
  let steps = pathSteps(path);
  const splat = steps[0] === "*";
  if (/^(\d+|\*)$/.test(steps[0] ?? "") || /^".*"$/.test(steps[0] ?? "")) steps = steps.slice(1);
  const attributes = (isData ? schemas.data : schemas.resource)[type];
  const schemaType = typeAtPath(attributes, steps);
  const scope: MockScope = {
    region: regionOf(producer, config),
    accountId: MOCK_ACCOUNT_ID,
    next: numbering.next,
  };
  const attribute = [...steps].reverse().find((s) => !/^(\d+|\*)$/.test(s)) ?? "id";
  const literalValue = steps.length === 1 ? config[steps[0]] : undefined;
  const one = (n: number) =>
    literalValue !== undefined && !JSON.stringify(literalValue).includes("${")
      ? literalValue
      : valueFor(type, attribute, schemaType, config, n, scope, true);
  const n = numbering.of(`${isData ? "data." : ""}${type}.${name}`);
  return splat ? [one(n), one(numbering.next())] : one(n);
}

/** Instances a `count` or `for_each` creates when it is a literal; undefined when it is an expression. */
function literalInstances(config: Record<string, unknown>): number | undefined {
  const { count, for_each: forEach } = config;
  if (count !== undefined) return typeof count === "number" ? count : undefined;
  if (forEach !== undefined) {
    if (Array.isArray(forEach)) return forEach.length;
    if (forEach && typeof forEach === "object") return Object.keys(forEach).length;
    return undefined;
  }
  return 1;
}

/**
 * One `assert` per managed resource the stack declares: it is in the applied state, with as many instances as a
 * literal `count` or `for_each` asks for (at least one when they are expressions). Resources with a literal zero
 * count (a feature switched off) are left out.
 */
export function resourceAssertions(stack: StackJson): { address: string; condition: string; message: string }[] {
  const assertions: { address: string; condition: string; message: string }[] = [];
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    for (const [name, config] of Object.entries(instances)) {
      const expected = literalInstances(config);
      if (expected === 0) continue;
      const address = `${type}.${name}`;
      const repeated = config.count !== undefined || config.for_each !== undefined;
      const condition = !repeated
        ? `${address} != null`
        : expected === undefined
          ? `length(${address}) >= 1`
          : `length(${address}) == ${expected}`;
      const wanted = expected === undefined ? "at least one instance" : `${expected} instance(s)`;
      assertions.push({ address, condition, message: `${address} is not in the applied state with ${wanted}.` });
    }
  }
  return assertions.sort((a, b) => a.address.localeCompare(b.address));
}

/**
 * Writes the `terraform test` file for one synthesized stack: every provider mocked, every upstream output the
 * stack reads supplied through `override_data` on its `terraform_remote_state`, realistic computed values for its
 * own resources and data sources, and one `run` that plans, applies and asserts that every declared resource was
 * created.
 *
 * @throws Error when the stack reads an output its upstream stack does not declare.
 */
export function mockTestFile(
  stackName: string,
  stack: StackJson,
  stacks: ReadonlyMap<string, StackJson>,
  schemas: ProviderSchemas,
  options: MockTestFileOptions = {},
): MockTestFile {
  const numbering = new Numbering();
  const overrides: string[] = [];
  const blocks: string[] = [
    `# Generated by __tests__/support/terraform-test-file.ts for ${stackName}: no credentials, no network.`,
  ];

  const providers = new Set([
    ...Object.keys(stack.terraform?.required_providers ?? {}),
    ...Object.keys(stack.provider ?? {}),
  ]);
  for (const local of [...providers].sort()) {
    blocks.push(`mock_provider ${JSON.stringify(local)} {}`);
    for (const config of stack.provider?.[local] ?? []) {
      if (typeof config.alias === "string") {
        blocks.push(`mock_provider ${JSON.stringify(local)} {\n  alias = ${JSON.stringify(config.alias)}\n}`);
      }
    }
  }

  const remoteState: RemoteStateInput[] = [];
  for (const [dataSource, keys] of remoteStateReads(stack)) {
    const producerName = dataSource.startsWith(CROSS_STACK_INPUT)
      ? dataSource.slice(CROSS_STACK_INPUT.length)
      : undefined;
    const producer = producerName ? stacks.get(producerName) : undefined;
    const declared = producer?.output ?? {};
    const wanted = keys.has("*") ? Object.keys(declared) : [...keys].sort();
    const outputs: Record<string, unknown> = {};
    for (const key of wanted) {
      if (producer && !(key in declared)) {
        throw new Error(
          `${stackName} reads output "${key}" of ${producerName} through data.terraform_remote_state.${dataSource}, ` +
            `but ${producerName} declares no such output (it has: ${Object.keys(declared).join(", ") || "none"}). ` +
            "Re-synthesize both stacks from the same app, or add the output upstream.",
        );
      }
      outputs[key] = producer
        ? upstreamValue(producer, declared[key].value, schemas, numbering)
        : `mock-output-${numbering.next()}`;
    }
    remoteState.push({ dataSource, producer: producer ? producerName : undefined, outputs });
    overrides.push(
      `override_data {\n  target = data.terraform_remote_state.${dataSource}\n  values = ${hclValue({ outputs }, "  ")}\n}`,
    );
  }

  for (const [mode, entries] of [
    ["resource", stack.resource],
    ["data", stack.data],
  ] as const) {
    for (const [type, instances] of Object.entries(entries ?? {})) {
      const attributes = (mode === "data" ? schemas.data : schemas.resource)[type];
      if (!attributes) continue;
      for (const [name, config] of Object.entries(instances)) {
        const scope: MockScope = { region: regionOf(stack, config), accountId: MOCK_ACCOUNT_ID, next: numbering.next };
        const values = computedValues(type, attributes, config, scope);
        if (Object.keys(values).length === 0) continue;
        const target = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const block = mode === "data" ? "override_data" : "override_resource";
        // Values the real provider knows at plan (a certificate's validation options) are overridden at plan.
        const during = type === "aws_acm_certificate" ? "\n  override_during = plan" : "";
        overrides.push(`${block} {\n  target = ${target}${during}\n  values = ${hclValue(values, "  ")}\n}`);
      }
    }
  }

  const assertions = resourceAssertions(stack);
  const body = [
    "command = apply",
    ...(options.moduleSource === undefined ? [] : [`module {\n  source = ${JSON.stringify(options.moduleSource)}\n}`]),
    ...overrides,
    ...assertions.map(
      (a) => `assert {\n  condition     = ${a.condition}\n  error_message = ${JSON.stringify(a.message)}\n}`,
    ),
  ].map((block) => block.replace(/^/gm, "  "));
  blocks.push(`run ${JSON.stringify(options.runName ?? "apply")} {\n${body.join("\n\n")}\n}`);
  return { hcl: `${blocks.join("\n\n")}\n`, remoteState, assertedResources: assertions.map((a) => a.address) };
}
