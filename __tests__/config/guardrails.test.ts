import { ConfigError, EnvironmentInput, PROJECT, loadEnvironments } from "../../config";
import { GuardrailAcknowledgementInput } from "../../config/guardrails";
import { RULE_IDS } from "../../guardrails/registry";
import { projectWith } from "../support/environment";

function withAcknowledgements(...acknowledgements: GuardrailAcknowledgementInput[]) {
  return projectWith("development", (env: EnvironmentInput) => ({ ...env, guardrails: { acknowledgements } }));
}

describe("guardrail acknowledgements in configuration", () => {
  test("a known rule with a reason is kept, trimmed, for the environment", () => {
    const [dev] = loadEnvironments(
      withAcknowledgements({ ruleId: "RDS-MULTI-AZ", reason: "  single AZ until Phase 2  " }),
      { only: ["development"] },
    );
    expect(dev.guardrails.acknowledgements).toEqual([{ ruleId: "RDS-MULTI-AZ", reason: "single AZ until Phase 2" }]);
  });

  test("every problem is reported in one pass, with path, value, expectation and fix", () => {
    let message = "";
    try {
      loadEnvironments(
        withAcknowledgements(
          { ruleId: "RDS-PUBLIC", reason: "the reporting tool connects from the office" },
          { ruleId: "RDS-MULTI-AZ", reason: "cheaper" },
          { ruleId: "RDS-MULTI-AZ", reason: "single AZ until Phase 2" },
        ),
        { ruleIds: RULE_IDS },
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as ConfigError).message;
    }
    expect(message).toMatch(
      /environments\.development\.guardrails\.acknowledgements\[0\]\.ruleId: got "RDS-PUBLIC"; expected a guardrail rule ID\. Fix: use one of the IDs in docs\/guardrails\.md/,
    );
    expect(message).toMatch(
      /environments\.development\.guardrails\.acknowledgements\[1\]\.reason: got "cheaper"; expected a reason of at least 10 characters/,
    );
    expect(message).toMatch(
      /environments\.development\.guardrails\.acknowledgements\[2\]\.ruleId: got "RDS-MULTI-AZ"; expected each rule acknowledged once/,
    );
  });

  test("rule IDs are checked only against the rule IDs the caller passes in", () => {
    const unknownRule = withAcknowledgements({ ruleId: "NOT-A-RULE", reason: "accepted for this test" });
    expect(() => loadEnvironments(unknownRule, { ruleIds: RULE_IDS })).toThrow(
      /acknowledgements\[0\]\.ruleId: got "NOT-A-RULE"; expected a guardrail rule ID/,
    );
    const [dev] = loadEnvironments(unknownRule, { only: ["development"] });
    expect(dev.guardrails.acknowledgements).toEqual([{ ruleId: "NOT-A-RULE", reason: "accepted for this test" }]);
  });

  test("the shipped configuration acknowledges missing flow logs exactly where they are off", () => {
    for (const env of loadEnvironments(PROJECT, { ruleIds: RULE_IDS })) {
      const acknowledged = env.guardrails.acknowledgements.some((a) => a.ruleId === "VPC-FLOW-LOGS");
      expect([env.name, acknowledged]).toEqual([env.name, !env.network.enableFlowLogs]);
    }
  });
});
