import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeCapabilities } from "../config/capabilities";
import { CHECKOV_CHECKS } from "./checkov-checks";
import { Acknowledgement, Finding, GuardrailRun, StackOutcome } from "./engine";
import { RULES } from "./registry";
import { GuardrailRule } from "./types";

/** Folder of the reports, inside the synth output directory. */
export const REPORT_FOLDER = "guardrails";

/** The one-line count printed for a stack at synth, for example `guardrails production-network: 31 passed, ...`. */
export function summaryLine(outcome: StackOutcome): string {
  return (
    `guardrails ${outcome.stackName}: ${outcome.passed} passed, ${outcome.failed.length} failed, ` +
    `${outcome.acknowledged.length} acknowledged`
  );
}

/**
 * Writes `<outdir>/guardrails/<environment>.md` for every environment of the run and returns the paths written.
 */
export function writeReports(run: GuardrailRun, outdir: string): string[] {
  const folder = join(outdir, REPORT_FOLDER);
  mkdirSync(folder, { recursive: true });
  const environments = [...new Set(run.stacks.map((s) => s.environment.name))];
  return environments.map((name) => {
    const path = join(folder, `${name}.md`);
    writeFileSync(path, renderReport(name, run));
    return path;
  });
}

/** The Markdown report of one environment: counts per stack, then every finding with its acknowledgement. */
export function renderReport(environmentName: string, run: GuardrailRun): string {
  const stacks = run.stacks.filter((s) => s.environment.name === environmentName);
  const capabilities = stacks[0]?.environment.capabilities;
  const lines = [
    `# Guardrails report: ${environmentName}`,
    "",
    "Every rule is described in docs/guardrails.md.",
    "",
    ...(capabilities
      ? [
          "| Capability | Resolved |",
          "| --- | --- |",
          ...describeCapabilities(capabilities).map((c) => `| ${c.name} | ${c.value} |`),
          "",
        ]
      : []),
    "| Stack | Passed | Failed | Acknowledged |",
    "| --- | ---: | ---: | ---: |",
    ...stacks.map((s) => `| ${s.stackName} | ${s.passed} | ${s.failed.length} | ${s.acknowledged.length} |`),
    "",
  ];
  const failed = stacks.flatMap((s) => s.failed);
  const acknowledged = stacks.flatMap((s) => s.acknowledged);
  lines.push("## Findings", "");
  lines.push(...(failed.length === 0 ? ["None."] : findingsTable(failed)), "");
  lines.push("## Acknowledged findings", "");
  if (acknowledged.length === 0) {
    lines.push("None.", "");
  } else {
    lines.push(
      "| Rule | Stack | Resource | What the rule found | Acknowledged for | Reason | Written in |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...acknowledged.map((f) => {
        const a = f.acknowledgement as Acknowledgement;
        return `| ${cells(f.ruleId, f.stackName, code(f.address), f.problem, scopeOf(a), a.reason, code(a.source))} |`;
      }),
      "",
    );
  }
  lines.push(...equivalentChecks(stacks), "");
  lines.push(...uncoveredCheckovChecks(), "");
  const unmatched = run.unmatched.filter((a) => a.environmentName === environmentName);
  if (unmatched.length > 0) {
    lines.push(
      "## Acknowledgements matching nothing",
      "",
      ...unmatched.map((a) => `- ${a.ruleId} (${scopeOf(a)}), ${code(a.source)}: ${a.reason}`),
      "",
    );
  }
  return lines.join("\n");
}

/** The state of an equivalent check in one environment, from the rules that implement it. */
export type EquivalentState = "failed" | "acknowledged" | "passed" | "not applicable";

/** One Checkov, cdk-nag or Security Hub check, the rules that implement it, and its state in an environment. */
export interface EquivalentCheck {
  /** The check's ID in its tool, for example `CKV_AWS_118`, `AwsSolutions-RDS3` or `RDS.6`. */
  readonly id: string;
  /** `Checkov`, `cdk-nag` or `Security Hub FSBP`. */
  readonly tool: string;
  /** IDs of the rules that implement it. */
  readonly ruleIds: readonly string[];
  /** Failed when any of its rules has an unacknowledged finding, then acknowledged, then passed. */
  readonly state: EquivalentState;
  /** The acknowledgements' reasons, or where Checkov's verdict differs from the rules'. */
  readonly notes: readonly string[];
}

const TOOLS: readonly { name: string; of: (rule: GuardrailRule) => readonly string[] | undefined }[] = [
  { name: "Checkov", of: (rule) => rule.equivalents.checkov },
  { name: "cdk-nag", of: (rule) => rule.equivalents.cdkNag },
  { name: "Security Hub FSBP", of: (rule) => rule.equivalents.fsbp },
];

/**
 * Every check the rules map to (their equivalents, and the Checkov checks that {@link CHECKOV_CHECKS} says a rule
 * enforces), with its state in the stacks of one environment.
 */
export function equivalentStates(
  stacks: readonly StackOutcome[],
  rules: readonly GuardrailRule[] = RULES,
): EquivalentCheck[] {
  const byCheck = new Map<string, { tool: string; ruleIds: Set<string> }>();
  const add = (id: string, tool: string, ruleId: string) => {
    const entry = byCheck.get(id) ?? { tool, ruleIds: new Set<string>() };
    entry.ruleIds.add(ruleId);
    byCheck.set(id, entry);
  };
  for (const rule of rules) {
    for (const tool of TOOLS) for (const id of tool.of(rule) ?? []) add(id, tool.name, rule.id);
  }
  for (const check of CHECKOV_CHECKS) for (const ruleId of check.enforcedBy) add(check.id, "Checkov", ruleId);
  const failed = stacks.flatMap((s) => s.failed);
  const acknowledged = stacks.flatMap((s) => s.acknowledged);
  const passes = (ruleId: string) => stacks.reduce((sum, s) => sum + (s.passedByRule[ruleId] ?? 0), 0);
  const checks = [...byCheck.entries()].map(([id, { tool, ruleIds }]): EquivalentCheck => {
    const ids = [...ruleIds];
    const accepted = acknowledged.filter((f) => ids.includes(f.ruleId));
    const state: EquivalentState = failed.some((f) => ids.includes(f.ruleId))
      ? "failed"
      : accepted.length > 0
        ? "acknowledged"
        : ids.some((ruleId) => passes(ruleId) > 0)
          ? "passed"
          : "not applicable";
    const reasons = [...new Set(accepted.map((f) => `${f.ruleId}: ${(f.acknowledgement as Acknowledgement).reason}`))];
    const differs =
      tool === "Checkov" ? CHECKOV_CHECKS.find((c) => c.id === id && c.enforcedBy.length > 0)?.reason : undefined;
    return {
      id,
      tool,
      ruleIds: ids,
      state,
      notes: differs ? [...reasons, `Where Checkov differs: ${differs}`] : reasons,
    };
  });
  const order = (c: EquivalentCheck) => [TOOLS.findIndex((t) => t.name === c.tool), c.id.startsWith("CKV2") ? 1 : 0];
  return checks.sort((a, b) => {
    const [ta, va] = order(a);
    const [tb, vb] = order(b);
    return ta - tb || va - vb || a.id.localeCompare(b.id, "en", { numeric: true });
  });
}

function equivalentChecks(stacks: readonly StackOutcome[]): string[] {
  return [
    "## Equivalent checks",
    "",
    "Every Checkov, cdk-nag and Security Hub check the rules map to, with its state in this environment: failed " +
      "(a finding of one of its rules is not acknowledged), acknowledged (with the reason), passed, or not " +
      "applicable (no resource of its kind, or none its rules judge here, such as production-only rules elsewhere). " +
      "Passed means this project's rules pass; where Checkov would still fail, the notes say why.",
    "",
    "| Check | Tool | Rules | State | Notes |",
    "| --- | --- | --- | --- | --- |",
    ...equivalentStates(stacks).map(
      (c) => `| ${cells(c.id, c.tool, c.ruleIds.join(", "), c.state, c.notes.join(" "))} |`,
    ),
  ];
}

function uncoveredCheckovChecks(): string[] {
  return [
    "## Checkov checks no rule enforces",
    "",
    "The Checkov checks of this project's resource types that no rule implements, and why (guardrails/checkov-checks.ts).",
    "",
    "| Check | What Checkov checks | Resource types | Why no rule enforces it |",
    "| --- | --- | --- | --- |",
    ...CHECKOV_CHECKS.filter((c) => c.enforcedBy.length === 0).map(
      (c) => `| ${cells(c.id, c.title, c.resourceTypes.map(code).join(", "), c.reason ?? "")} |`,
    ),
  ];
}

function findingsTable(findings: readonly Finding[]): string[] {
  return [
    "| Rule | Stack | Resource | Problem | Fix |",
    "| --- | --- | --- | --- | --- |",
    ...findings.map((f) => `| ${cells(f.ruleId, f.stackName, code(f.address), f.problem, f.fix)} |`),
  ];
}

function scopeOf(a: Acknowledgement): string {
  if (a.scope === "resource") return "this resource";
  if (a.scope === "stack") return `the stack ${a.stackName}`;
  return `the ${a.environmentName} environment`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function cells(...values: string[]): string {
  return values.map((v) => v.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ");
}
