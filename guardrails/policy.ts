import { SynthesizedStack } from "./synthesized-stack";
import { isObject, nestedBlocks, stringList } from "./values";

/** A principal of a policy statement: `*` (anyone), or a type and its identifiers. */
export interface PolicyPrincipal {
  /** `*`, `AWS`, `Service`, `Federated` or `CanonicalUser`. */
  readonly type: string;
  /** ARNs, account IDs, service names, or `*`. */
  readonly identifiers: readonly string[];
}

/** One condition of a statement, for example `Bool aws:SecureTransport = ["false"]`. */
export interface PolicyCondition {
  /** Condition operator, for example `Bool` or `StringEquals`. */
  readonly operator: string;
  /** Condition key, for example `aws:SecureTransport`. */
  readonly key: string;
  /** Values compared against. */
  readonly values: readonly string[];
}

/** One statement, in the same shape whether it was written as JSON or as an `aws_iam_policy_document`. */
export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyCondition[];
}

/** A policy argument read from a stack: its statements, or why they cannot be known. */
export type PolicyDocument =
  | { readonly state: "parsed"; readonly statements: readonly PolicyStatement[] }
  | { readonly state: "unset" | "unresolved" };

/**
 * Reads a policy argument: a JSON string (what `JSON.stringify` gives, references included), or a reference to an
 * `aws_iam_policy_document` data source of the same stack. Anything else (a `jsonencode()` expression, a
 * cross-stack reference) is unresolved.
 */
export function readPolicy(value: unknown, stack: SynthesizedStack): PolicyDocument {
  if (value === undefined || value === null || value === "") return { state: "unset" };
  if (typeof value !== "string") return { state: "unresolved" };
  const dataSource = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(value);
  if (dataSource) {
    const document = stack.dataSource("aws_iam_policy_document", dataSource[1]);
    if (!document || document.source_policy_documents || document.override_policy_documents) {
      return { state: "unresolved" };
    }
    return { state: "parsed", statements: nestedBlocks(document.statement).map(fromDataSource) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { state: "unresolved" };
  }
  if (!isObject(parsed)) return { state: "unresolved" };
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return { state: "parsed", statements: statements.filter(isObject).map(fromJson) };
}

/** True when the statement's principal is anyone: `"*"` or `{ "AWS": "*" }`. */
export function hasWildcardPrincipal(statement: PolicyStatement): boolean {
  return statement.principals.some((p) => p.type === "*" || (p.type === "AWS" && p.identifiers.includes("*")));
}

// Condition keys that pin a wildcard principal to this account, organisation, source resource or network.
const SCOPING_CONDITION_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:principalorgpaths",
];

/** True when a condition narrows who can use the statement (source ARN or account, principal account or org). */
export function hasScopingCondition(statement: PolicyStatement): boolean {
  return statement.conditions.some((c) => SCOPING_CONDITION_KEYS.includes(c.key.toLowerCase()));
}

/** True when a pattern such as `*`, `s3:*` or `kms:GenerateDataKey*` covers `action` (case-insensitive). */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
  return regex.test(action);
}

function fromJson(statement: Record<string, unknown>): PolicyStatement {
  const principal = statement.Principal;
  const principals: PolicyPrincipal[] =
    principal === "*"
      ? [{ type: "*", identifiers: ["*"] }]
      : isObject(principal)
        ? Object.entries(principal).map(([type, ids]) => ({ type, identifiers: stringList(ids) }))
        : [];
  const conditions: PolicyCondition[] = isObject(statement.Condition)
    ? Object.entries(statement.Condition).flatMap(([operator, byKey]) =>
        isObject(byKey)
          ? Object.entries(byKey).map(([key, values]) => ({ operator, key, values: stringList(values).map(String) }))
          : [],
      )
    : [];
  return {
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.Action),
    notActions: stringList(statement.NotAction),
    resources: stringList(statement.Resource),
    principals,
    conditions,
  };
}

function fromDataSource(statement: Record<string, unknown>): PolicyStatement {
  return {
    effect: statement.effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.actions),
    notActions: stringList(statement.not_actions),
    resources: stringList(statement.resources),
    principals: nestedBlocks(statement.principals).map((p) => ({
      type: String(p.type),
      identifiers: stringList(p.identifiers),
    })),
    conditions: nestedBlocks(statement.condition).map((c) => ({
      operator: String(c.test),
      key: String(c.variable),
      values: stringList(c.values),
    })),
  };
}
