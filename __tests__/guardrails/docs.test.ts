import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../guardrails";

const DOC = readFileSync(join(__dirname, "..", "..", "docs", "guardrails.md"), "utf8");

describe("docs/guardrails.md", () => {
  test.each(RULES.map((rule) => [rule.id, rule] as const))("lists %s with its equivalents", (id, rule) => {
    const row = DOC.split("\n").find((line) => new RegExp(`^\\|\\s*${id}\\s*\\|`).test(line));
    expect(row).toBeDefined();
    const cells = (row ?? "").split("|").map((cell) => cell.trim());
    const [, , inspects, , checkov, cdkNag, fsbp] = cells;
    for (const type of rule.appliesTo) expect(inspects).toContain(`\`${type}\``);
    expect(checkov.split(/,\s*/)).toEqual(rule.equivalents.checkov ?? ["–"]);
    expect(cdkNag.split(/,\s*/)).toEqual(rule.equivalents.cdkNag?.map((r) => r.replace("AwsSolutions-", "")) ?? ["–"]);
    expect(fsbp.split(/,\s*/)).toEqual(rule.equivalents.fsbp ?? ["–"]);
  });
});
