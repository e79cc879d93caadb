import { StackPlan } from "./engine";
import { StackJson } from "./offline";
import { ResourceChange } from "./state";

/** Resource types whose destruction loses data or something others depend on (docs/growth.md, section 3). */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  aws_db_instance: "database instance",
  aws_rds_cluster: "database cluster",
  aws_rds_cluster_instance: "database cluster instance",
  aws_s3_bucket: "bucket",
  aws_dynamodb_table: "table (the state lock table)",
  aws_ecr_repository: "image repository",
  aws_kms_key: "KMS key",
  aws_cloudwatch_log_group: "log group",
  aws_route53_zone: "hosted zone",
  aws_secretsmanager_secret: "secret",
  aws_cognito_user_pool: "user pool",
  aws_eip: "Elastic IP (a public address others allow-list)",
};

/** What a plan does to one resource; `move` is a `moved` block's new address and nothing else. */
export type Action = "create" | "update" | "replace" | "delete" | "move";

/** One resource the changed configuration would touch. */
export interface ResourceItem {
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  /** Changed attributes of an update; the attributes forcing a replacement. */
  readonly attributes: readonly string[];
  /** Why it is stateful, when it is. */
  readonly stateful?: string;
  /** `lifecycle.prevent_destroy` refuses this resource's destruction. */
  readonly refused: boolean;
  /** The address a `moved` block takes the resource from. */
  readonly movedFrom?: string;
}

/** The report of one stack. */
export interface StackReport {
  readonly stack: string;
  /** Synthesized before the change and no longer: nobody would destroy what it holds. */
  readonly orphaned: boolean;
  /** Synthesized only after the change. */
  readonly added: boolean;
  readonly items: readonly ResourceItem[];
  readonly baselineRounds: number;
  /** Synthesized identically on both sides, so not planned (no changes by construction). */
  readonly unchanged: boolean;
  /** Set when no clean baseline could be built: what the current configuration still planned. */
  readonly baselineDiff?: readonly string[];
  readonly error?: string;
  readonly seconds: number;
}

/** The report of a whole preview. */
export interface PreviewReport {
  readonly environment: string;
  readonly change: string;
  readonly stacks: readonly StackReport[];
  readonly exitCode: 0 | 1;
  /** Why the exit code is 1, one line each. */
  readonly reasons: readonly string[];
}

function actionOf(actions: readonly string[]): Action | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("update")) return "update";
  return undefined;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`)).join("");
}

function containsTrue(value: unknown): boolean {
  if (value === true) return true;
  return !!value && typeof value === "object" && Object.values(value).some(containsTrue);
}

function changedAttributes(rc: ResourceChange): string[] {
  const before = rc.change.before ?? {};
  const after = rc.change.after ?? {};
  const unknown = rc.change.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys]
    .filter((k) => containsTrue(unknown[k]) || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .filter((k) => k !== "tags_all" || !keys.has("tags") || JSON.stringify(before.tags) === JSON.stringify(after.tags))
    .sort();
}

function configOf(stack: StackJson | undefined, rc: ResourceChange): Record<string, unknown> | undefined {
  return stack?.resource?.[rc.type]?.[rc.name];
}

/**
 * Why a resource is stateful, or undefined: by type ({@link STATEFUL_TYPES}), and Parameter Store values that
 * operators set (`lifecycle.ignore_changes` on `value`, such as the image tag deploys write).
 */
export function statefulReason(rc: ResourceChange, config: Record<string, unknown> | undefined): string | undefined {
  if (STATEFUL_TYPES[rc.type]) return STATEFUL_TYPES[rc.type];
  if (rc.type === "aws_ssm_parameter") {
    const ignored = (config?.lifecycle as { ignore_changes?: unknown } | undefined)?.ignore_changes;
    if (ignored === "all" || (Array.isArray(ignored) && ignored.includes("value"))) {
      return "parameter value set by operators";
    }
  }
  return undefined;
}

/** Turns the plans of an environment into its report, and decides the exit code. */
export function buildReport(
  environment: string,
  change: string,
  plans: readonly StackPlan[],
  before: ReadonlyMap<string, StackJson>,
  after: ReadonlyMap<string, StackJson>,
): PreviewReport {
  const reasons: string[] = [];
  const stacks = plans.map((plan): StackReport => {
    const items: ResourceItem[] = [];
    for (const rc of plan.plan?.resource_changes ?? []) {
      if (rc.mode !== "managed") continue;
      const movedFrom = rc.previous_address;
      const action = actionOf(rc.change.actions) ?? (movedFrom ? "move" : undefined);
      if (!action) continue;
      const config = configOf(before.get(plan.stack), rc) ?? configOf(after.get(plan.stack), rc);
      const stateful = statefulReason(rc, config);
      const attributes =
        action === "update"
          ? changedAttributes(rc)
          : action === "replace"
            ? (rc.change.replace_paths ?? []).map(pathText)
            : [];
      const refused = plan.refused.includes(rc.address);
      items.push({ address: rc.address, type: rc.type, action, attributes, stateful, refused, movedFrom });
      if (refused) reasons.push(`${plan.stack}: prevent_destroy refuses to ${action} ${rc.address}`);
      else if (stateful && (action === "delete" || action === "replace")) {
        reasons.push(
          `${plan.stack}: stateful ${rc.address} (${stateful}) would be ${action === "delete" ? "destroyed" : "replaced"}`,
        );
      }
    }
    for (const address of plan.refused) {
      if (!items.some((i) => i.address === address)) reasons.push(`${plan.stack}: prevent_destroy refuses ${address}`);
    }
    const error = plan.error ?? plan.baseline.error;
    if (error) reasons.push(`${plan.stack}: could not be planned`);
    if (plan.baseline.diff) reasons.push(`${plan.stack}: could not build a clean baseline`);
    const orphaned = before.has(plan.stack) && !after.has(plan.stack);
    if (orphaned) reasons.push(`${plan.stack}: orphaned: no longer synthesized`);
    return {
      stack: plan.stack,
      orphaned,
      added: !before.has(plan.stack) && after.has(plan.stack),
      items,
      baselineRounds: plan.baseline.rounds,
      unchanged: plan.unchanged === true,
      baselineDiff: plan.baseline.diff,
      error,
      seconds: plan.baseline.seconds + plan.seconds,
    };
  });
  return { environment, change, stacks, exitCode: reasons.length > 0 ? 1 : 0, reasons };
}

const SYMBOLS: Record<Action, string> = { create: "+", update: "~", replace: "-/+", delete: "-", move: "->" };

function itemDetail(item: ResourceItem): string {
  const why =
    item.action === "replace"
      ? `forced by ${item.attributes.join(", ") || "(provider)"}`
      : item.action === "update"
        ? item.attributes.join(", ")
        : "";
  return [
    why,
    item.movedFrom ? `moved from ${item.movedFrom}` : "",
    item.stateful ? `STATEFUL: ${item.stateful}` : "",
    item.refused ? "REFUSED by prevent_destroy" : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function stackHeading(stack: StackReport): string {
  const notes = [
    stack.orphaned ? "orphaned: no longer synthesized" : "",
    stack.added ? "new stack" : "",
    stack.baselineDiff ? "could not build a clean baseline" : "",
    stack.error ? "could not be planned" : "",
  ].filter(Boolean);
  return `${stack.stack}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
}

/** `N to create, N to update in place, N to replace, N to destroy` for a report. */
export function counts(report: PreviewReport): string {
  const all = report.stacks.flatMap((s) => s.items);
  const n = (action: Action) => all.filter((i) => i.action === action).length;
  const moved = all.filter((i) => i.movedFrom).length;
  return (
    `${n("create")} to create, ${n("update")} to update in place, ${n("replace")} to replace, ${n("delete")} to destroy` +
    (moved > 0 ? `, ${moved} moved` : "")
  );
}

/** The default report: one block per stack with changes, one line per resource, then the verdict. */
export function formatText(report: PreviewReport, timings: string): string {
  const lines = [`Preview of ${report.environment}: ${report.change}`, ""];
  for (const stack of report.stacks) {
    const rounds = `baseline in ${stack.baselineRounds} round${stack.baselineRounds === 1 ? "" : "s"}`;
    if (stack.unchanged) {
      lines.push(`${stack.stack}: no changes (synthesized identically, not planned)`);
      continue;
    }
    if (stack.items.length === 0 && !stack.error && !stack.baselineDiff && !stack.orphaned) {
      lines.push(`${stack.stack}: no changes (${rounds}, ${stack.seconds.toFixed(1)} s)`);
      continue;
    }
    lines.push(`${stackHeading(stack)} (${rounds}, ${stack.seconds.toFixed(1)} s)`);
    for (const item of stack.items) {
      const detail = itemDetail(item);
      lines.push(
        `  ${SYMBOLS[item.action].padEnd(3)} ${item.action.padEnd(7)} ${item.address}${detail ? `  [${detail}]` : ""}`,
      );
    }
    for (const line of stack.baselineDiff ?? []) lines.push(`  still planned against its own baseline: ${line}`);
    if (stack.error) lines.push(...stack.error.split("\n").map((l) => `  | ${l}`));
  }
  lines.push("", `Summary: ${counts(report)}.`);
  if (report.exitCode === 0) lines.push("Safe: no stateful resource is destroyed or replaced (exit 0).");
  else lines.push("NOT SAFE (exit 1):", ...report.reasons.map((r) => `  - ${r}`));
  lines.push(`Timings: ${timings}`);
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** A Markdown summary for a pull-request comment: the verdict, then a table per stack with changes. */
export function formatMarkdown(report: PreviewReport, timings: string): string {
  const verdict = report.exitCode === 0 ? "✅ Safe: no stateful resource is destroyed or replaced." : "⛔ **Not safe**";
  const lines = [`### Change preview: ${report.environment}`, "", `Change: ${cell(report.change)}`, "", verdict];
  for (const reason of report.reasons) lines.push(`- ${cell(reason)}`);
  lines.push("", `${counts(report)}.`);
  const quiet: string[] = [];
  for (const stack of report.stacks) {
    if (stack.items.length === 0 && !stack.error && !stack.baselineDiff && !stack.orphaned) {
      quiet.push(`\`${stack.stack}\``);
      continue;
    }
    lines.push("", `#### ${cell(stackHeading(stack))}`, "");
    if (stack.items.length > 0) {
      lines.push("| Action | Resource | Stateful | Why |", "| --- | --- | --- | --- |");
      for (const item of stack.items) {
        const why =
          (item.action === "replace" ? `forced by ${item.attributes.map((a) => `\`${a}\``).join(", ")}` : "") +
          (item.action === "update" ? item.attributes.map((a) => `\`${a}\``).join(", ") : "") +
          (item.refused ? " **refused by prevent_destroy**" : "") +
          (item.movedFrom ? ` moved from \`${item.movedFrom}\`` : "");
        lines.push(
          `| ${item.action} | \`${item.address}\` | ${item.stateful ? `⚠️ ${cell(item.stateful)}` : ""} | ${why.trim()} |`,
        );
      }
    }
    for (const line of stack.baselineDiff ?? []) lines.push(`- still planned against its own baseline: \`${line}\``);
    if (stack.error) lines.push("", "```", stack.error, "```");
  }
  if (quiet.length > 0) lines.push("", `No changes: ${quiet.join(", ")}.`);
  lines.push(
    "",
    `<sub>Planned offline with the real AWS provider against a state built from the current configuration (docs/preview.md). ${timings}</sub>`,
  );
  return lines.join("\n");
}
