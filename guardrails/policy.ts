import { SynthesizedStack } from "./synthesized-stack";
import { COMPLIANT, TerraformBlock, Verdict, cannotVerify, nonCompliant } from "./types";
import { isComputed, isObject, nestedBlocks, nestedBlocksArg, stringList } from "./values";

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
  readonly notResources: readonly string[];
  readonly principals: readonly PolicyPrincipal[];
  readonly notPrincipals: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyCondition[];
}

/** A policy argument read from a stack: its statements, or why they cannot be known. */
export type PolicyDocument =
  | { readonly state: "parsed"; readonly statements: readonly PolicyStatement[] }
  | { readonly state: "unset" }
  | { readonly state: "unresolved" };

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
    if (
      !document ||
      document.source_policy_documents ||
      document.override_policy_documents ||
      typeof document.statement === "string" ||
      (isObject(document.dynamic) && document.dynamic.statement !== undefined)
    ) {
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

/**
 * True when the statement's principal is anyone: `"*"`, `{ "AWS": "*" }`, or a `NotPrincipal` (everyone but the
 * principals it names).
 */
export function hasWildcardPrincipal(statement: PolicyStatement): boolean {
  return (
    statement.notPrincipals.length > 0 ||
    statement.principals.some((p) => p.type === "*" || (p.type === "AWS" && p.identifiers.includes("*")))
  );
}

/** True when a principal identifier is a Terraform expression rather than a literal or a reference. */
export function hasComputedPrincipal(statement: PolicyStatement): boolean {
  return [...statement.principals, ...statement.notPrincipals].some((p) => p.identifiers.some(isComputed));
}

/**
 * Condition keys that pin a wildcard principal to the caller's own account, organisation or source resource.
 * Network keys (aws:SourceVpc, aws:SourceVpce, aws:SourceIp) are left out: they say where a request comes from,
 * not whose it is.
 */
export const SCOPING_CONDITION_KEYS: readonly string[] = [
  "aws:SourceArn",
  "aws:SourceAccount",
  "aws:SourceOwner",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
];

/**
 * Operators that require the key to match one of the values. Negated operators (`StringNotEquals`, `ArnNotLike`)
 * let everyone else in, `...IfExists` lets requests without the key in, `ForAllValues:` is true for a request
 * without the key, and `Null` says nothing about the value: none of those scope.
 */
export const SCOPING_OPERATORS: readonly string[] = [
  "StringEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "ArnEquals",
  "ArnLike",
  "ForAnyValue:StringEquals",
  "ForAnyValue:StringLike",
];

/**
 * Whether a condition pins an Allow for anyone to the caller's own account, organisation or source: `"scoped"`
 * when a condition with a {@link SCOPING_OPERATORS positive operator} compares a {@link SCOPING_CONDITION_KEYS
 * scoping key} to values that each name something (not `*`, not `arn:aws:s3:::*`); `"expression"` when such a
 * condition's values are Terraform expressions other than references; `"unscoped"` otherwise.
 */
export function scopingOf(statement: PolicyStatement): "scoped" | "unscoped" | "expression" {
  const candidates = statement.conditions.filter(
    (c) =>
      SCOPING_OPERATORS.some((op) => op.toLowerCase() === c.operator.toLowerCase()) &&
      SCOPING_CONDITION_KEYS.some((key) => key.toLowerCase() === c.key.toLowerCase()),
  );
  if (candidates.some((c) => c.values.length > 0 && c.values.every((v) => namesSomething(c.key, v)))) {
    return "scoped";
  }
  return candidates.some((c) => c.values.some(isComputed)) ? "expression" : "unscoped";
}

/** True when a condition narrows who can use the statement; see {@link scopingOf}. */
export function hasScopingCondition(statement: PolicyStatement): boolean {
  return scopingOf(statement) === "scoped";
}

// A condition value names something when, references read as the literal they stand for, it is more than
// wildcards: an account, an organisation, or an ARN with an account or a resource name.
function namesSomething(key: string, value: string): boolean {
  if (isComputed(value)) return false;
  const literal = value.replace(/\$\{[^{}]*\}/g, "REF");
  const onlyWildcards = (text: string) => /^[*?]*$/.test(text);
  if (!key.toLowerCase().endsWith("arn")) return !onlyWildcards(literal);
  const parts = literal.split(":");
  if (parts.length < 6) return !onlyWildcards(literal);
  const account = parts[4];
  const resource = parts.slice(5).join(":");
  return (account !== "" && !/[*?]/.test(account)) || !/^[*?]*$/.test(resource.split("/")[0]);
}

/**
 * True when a Resource entry covers every resource: `*`, or an ARN whose resource part is only wildcards and
 * separators (`arn:aws:s3:::*`, every object of every bucket, `arn:aws:ec2:*:*:*`).
 */
export function coversAnyResource(resource: string): boolean {
  if (/^[*?]+$/.test(resource)) return true;
  const parts = resource.split(":");
  const name = parts.slice(5).join(":");
  return parts[0] === "arn" && parts.length >= 6 && /^[*?/:]+$/.test(name) && /[*?]/.test(name);
}

/**
 * How a statement's resources read: `"any"` when one covers every resource (or the statement uses NotResource),
 * `"expression"` when one is a Terraform expression other than a reference, `"named"` otherwise.
 */
export function resourceScope(statement: PolicyStatement): "any" | "named" | "expression" {
  if (statement.notResources.length > 0 || statement.resources.some(coversAnyResource)) return "any";
  return statement.resources.some(isComputed) ? "expression" : "named";
}

/** Identity policy resource types, whose `policy` argument grants what the identity may do. */
export const IDENTITY_POLICY_TYPES: readonly string[] = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
];

/** Where each resource type keeps the trust or resource policy that names who may use it. */
export const RESOURCE_POLICY_ARGUMENT: Readonly<Record<string, string>> = {
  aws_iam_role: "assume_role_policy",
  aws_s3_bucket_policy: "policy",
  aws_sns_topic: "policy",
  aws_sns_topic_policy: "policy",
  aws_sqs_queue_policy: "policy",
  aws_ecr_repository_policy: "policy",
  aws_kms_key: "policy",
  aws_kms_key_policy: "policy",
  aws_cloudwatch_log_resource_policy: "policy_document",
};

/** One policy argument of a block: its path, for messages, and its value as synthesized. */
export interface PolicyArgument {
  /** `policy`, `inline_policy[0].policy`, `assume_role_policy`, ... */
  readonly argument: string;
  /** The value: JSON, a data source reference, or an expression. */
  readonly value: unknown;
}

/**
 * The identity policies a block grants: the `policy` of an aws_iam_policy and of role, user and group policies,
 * and each `inline_policy` of an aws_iam_role. An `aws_iam_policy_document` is read through the resource that
 * uses it.
 */
export function identityPoliciesOf(block: TerraformBlock): PolicyArgument[] {
  if (block.type === "aws_iam_role") {
    const inline = nestedBlocksArg(block.config, "inline_policy");
    // Inline policies Terraform generates (an expression, a dynamic block) are read as unresolved documents.
    if (inline === "expression")
      return [{ argument: "inline_policy", value: block.config.inline_policy ?? block.config.dynamic }];
    return inline.map((p, i) => ({
      argument: `inline_policy[${i}].policy`,
      value: p.policy,
    }));
  }
  return IDENTITY_POLICY_TYPES.includes(block.type) ? [{ argument: "policy", value: block.config.policy }] : [];
}

/** The trust or resource policy of a block, if its type has one. */
export function resourcePolicyOf(block: TerraformBlock): PolicyArgument[] {
  const argument = RESOURCE_POLICY_ARGUMENT[block.type];
  return argument ? [{ argument, value: block.config[argument] }] : [];
}

/** What a rule concludes about one statement: nothing wrong, a problem, or an element it cannot verify. */
export type StatementJudgement =
  | undefined
  | { readonly problem: string }
  | { readonly computed: string; readonly value: unknown; readonly literal: string };

/**
 * Judges every statement of every policy argument with `judge`. A policy that cannot be read (a `jsonencode()`
 * expression, an upstream stack's output, an `aws_iam_policy_document` merging others) and a statement element
 * written as an expression are reported with {@link cannotVerify}; a problem wins over an unverifiable element.
 */
export function judgePolicies(
  ruleId: string,
  policies: readonly PolicyArgument[],
  stack: SynthesizedStack,
  judge: (statement: PolicyStatement) => StatementJudgement,
  fix: string,
): Verdict {
  let unverifiable: Verdict | undefined;
  for (const { argument, value } of policies) {
    const document = readPolicy(value, stack);
    if (document.state === "unset") continue;
    if (document.state === "unresolved") {
      unverifiable ??= cannotVerify(ruleId, argument, value, "a JSON document or an aws_iam_policy_document's json");
      continue;
    }
    for (const statement of document.statements) {
      const judgement = judge(statement);
      if (judgement === undefined) continue;
      if ("problem" in judgement) return nonCompliant(`${argument}: ${judgement.problem}`, fix);
      unverifiable ??= cannotVerify(ruleId, `${argument} ${judgement.computed}`, judgement.value, judgement.literal);
    }
  }
  return unverifiable ?? COMPLIANT;
}

/** True for an action that is every action of every service: `*` or `*:*`. */
export function isAdministratorAction(action: string): boolean {
  return action === "*" || action === "*:*";
}

/** True for an action that is every action of one service: `s3:*`. */
export function isServiceWildcard(action: string): boolean {
  return /^[a-z0-9-]+:\*+$/i.test(action);
}

/**
 * Judges the Allow statements whose resources cover everything: `flagged` picks the actions the rule is about;
 * a statement whose resources or flagged-looking actions are expressions cannot be verified.
 */
export function judgeActionsOnAnyResource(
  statement: PolicyStatement,
  flagged: (action: string) => boolean,
  problem: (actions: readonly string[]) => string,
): StatementJudgement {
  if (statement.effect !== "Allow") return undefined;
  const scope = resourceScope(statement);
  if (scope === "named") return undefined;
  const actions = statement.actions.filter((a) => !isComputed(a) && flagged(a));
  if (actions.length > 0 && scope === "any") return { problem: problem(actions) };
  if (actions.length > 0) {
    return { computed: "Resource", value: statement.resources.find(isComputed), literal: "the resources' ARNs" };
  }
  const computed = statement.actions.find(isComputed);
  if (computed !== undefined) return { computed: "Action", value: computed, literal: "the actions' names" };
  return undefined;
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
  const notPrincipal = statement.NotPrincipal;
  const notPrincipals: PolicyPrincipal[] =
    notPrincipal === undefined
      ? []
      : isObject(notPrincipal)
        ? Object.entries(notPrincipal).map(([type, ids]) => ({ type, identifiers: stringList(ids) }))
        : [{ type: "*", identifiers: stringList(notPrincipal) }];
  return {
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.Action),
    notActions: stringList(statement.NotAction),
    resources: stringList(statement.Resource),
    notResources: stringList(statement.NotResource),
    principals:
      typeof principal === "string" && principal !== "*" ? [{ type: "AWS", identifiers: [principal] }] : principals,
    notPrincipals,
    conditions,
  };
}

function fromDataSource(statement: Record<string, unknown>): PolicyStatement {
  return {
    effect: statement.effect === "Deny" ? "Deny" : "Allow",
    actions: stringList(statement.actions),
    notActions: stringList(statement.not_actions),
    resources: stringList(statement.resources),
    notResources: stringList(statement.not_resources),
    principals: nestedBlocks(statement.principals).map((p) => ({
      type: String(p.type),
      identifiers: stringList(p.identifiers),
    })),
    notPrincipals: nestedBlocks(statement.not_principals).map((p) => ({
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
