import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeCapabilities } from "../config/capabilities";
import { Acknowledgement, Finding, GuardrailRun, StackOutcome } from "./engine";

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
