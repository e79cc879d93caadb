import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformStack } from "cdktf";
import { capabilitiesForPhase } from "../../config";
import { acknowledge, renderReport } from "../../guardrails";
import { CHECKOV_CHECKS } from "../../guardrails/checkov-checks";
import { equivalentStates } from "../../guardrails/report";
import { checkTestStack } from "../support/guardrails";

const environment = { name: "development", capabilities: capabilitiesForPhase(1) };

function singleAzDatabase(stack: TerraformStack): DbInstance {
  return new DbInstance(stack, "Database", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    multiAz: false,
  });
}

function stateOf(run: ReturnType<typeof checkTestStack>, id: string) {
  return equivalentStates(run.stacks).find((c) => c.id === id);
}

describe("guardrail report: equivalent checks", () => {
  test("a check whose rule has an unacknowledged finding is failed, in every tool that has it", () => {
    const run = checkTestStack((s) => singleAzDatabase(s), environment);
    for (const id of ["CKV_AWS_157", "AwsSolutions-RDS3", "RDS.5"]) {
      expect(stateOf(run, id)).toMatchObject({ state: "failed", ruleIds: ["RDS-MULTI-AZ"] });
    }
  });

  test("an acknowledged finding makes the check acknowledged, with the reason", () => {
    const run = checkTestStack(
      (s) => acknowledge(singleAzDatabase(s), "RDS-MULTI-AZ", "one small instance until Phase 2 adds the standby"),
      environment,
    );
    expect(stateOf(run, "CKV_AWS_157")).toMatchObject({
      state: "acknowledged",
      notes: ["RDS-MULTI-AZ: one small instance until Phase 2 adds the standby"],
    });
  });

  test("a check whose rules passed a block is passed; one with nothing to check is not applicable", () => {
    const run = checkTestStack((s) => new KmsKey(s, "Key", { enableKeyRotation: true }), environment);
    expect(stateOf(run, "CKV_AWS_7")?.state).toBe("passed");
    expect(stateOf(run, "AwsSolutions-KMS5")?.state).toBe("passed");
    expect(stateOf(run, "CKV_AWS_163")?.state).toBe("not applicable");
  });

  test("a Checkov check the table maps to a rule is listed with that rule and where Checkov differs", () => {
    const run = checkTestStack((s) => new KmsKey(s, "Key", { enableKeyRotation: true }), environment);
    expect(stateOf(run, "CKV_AWS_33")).toMatchObject({ tool: "Checkov", ruleIds: ["IAM-NO-WILDCARD-PRINCIPAL"] });
    expect(stateOf(run, "CKV2_AWS_34")?.notes.join(" ")).toMatch(/^Where Checkov differs: .*plan role/);
  });
});

describe("guardrail report: the Markdown", () => {
  const run = checkTestStack((s) => new KmsKey(s, "Key", { enableKeyRotation: true }), environment);
  const report = renderReport("development", run);

  test("lists every equivalent check with its state", () => {
    expect(report).toContain("## Equivalent checks");
    expect(report).toMatch(/^\| CKV_AWS_7 \| Checkov \| KMS-ROTATION \| passed \|/m);
    expect(report).toMatch(/^\| RDS\.6 \| Security Hub FSBP \| RDS-ENHANCED-MONITORING \| not applicable \|/m);
  });

  test("lists every Checkov check no rule enforces, with the reason", () => {
    const uncovered = CHECKOV_CHECKS.filter((c) => c.enforcedBy.length === 0);
    expect(uncovered.map((c) => c.id)).toEqual(expect.arrayContaining(["CKV_AWS_338", "CKV_AWS_143", "CKV_AWS_354"]));
    const section = report.slice(report.indexOf("## Checkov checks no rule enforces"));
    for (const check of uncovered) {
      expect(section).toContain(`| ${check.id} | ${check.title.replace(/\|/g, "\\|")} |`);
    }
    expect(section).toMatch(/\| CKV_AWS_338 \| .*requirement M3 sets 30 days/);
  });
});
