import { RULES } from "../../../guardrails";
import { RuleCase, runCase } from "../../support/guardrails";
import { AUTO_SCALING_CASES } from "./auto-scaling.cases";
import { DELIVERY_CASES } from "./delivery.cases";
import { EC2_CASES } from "./ec2.cases";
import { EXPRESSION_CASES } from "./expressions.cases";
import { IAM_CASES } from "./iam.cases";
import { LOAD_BALANCER_CASES } from "./load-balancer.cases";
import { NETWORK_CASES } from "./network.cases";
import { PROTECTION_CASES } from "./protections.cases";
import { RDS_CASES } from "./rds.cases";
import { SERVICE_CASES } from "./services.cases";
import { STORAGE_CASES } from "./storage.cases";
import { VPC_ENDPOINT_CASES } from "./vpc-endpoints.cases";

const CASES: readonly RuleCase[] = [
  ...NETWORK_CASES,
  ...VPC_ENDPOINT_CASES,
  ...LOAD_BALANCER_CASES,
  ...EC2_CASES,
  ...AUTO_SCALING_CASES,
  ...RDS_CASES,
  ...STORAGE_CASES,
  ...PROTECTION_CASES,
  ...SERVICE_CASES,
  ...IAM_CASES,
  ...DELIVERY_CASES,
  ...EXPRESSION_CASES,
];

describe.each(RULES.map((rule) => [rule.id, rule] as const))("%s", (id) => {
  const cases = CASES.filter((c) => c.ruleId === id);

  test("has a compliant and a non-compliant case", () => {
    expect(cases.filter((c) => c.expect === "compliant").length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.expect === "non-compliant").length).toBeGreaterThan(0);
  });

  test.each(cases.map((c) => [c.expect, c.name, c] as const))("%s: %s", (_expect, _name, ruleCase) => {
    const [outcome] = runCase(ruleCase).stacks;
    if (ruleCase.expect === "non-compliant") {
      expect(outcome.failed.map((f) => f.ruleId)).toContain(id);
      if (ruleCase.message)
        expect(outcome.failed.map((f) => `${f.problem}. Fix: ${f.fix}`).join("\n")).toMatch(ruleCase.message);
    } else {
      expect(outcome.failed).toEqual([]);
      // A compliant case must actually exercise the rule; a not-applicable one must not.
      if (ruleCase.expect === "compliant") expect(outcome.passed).toBeGreaterThan(0);
      else expect(outcome.passed).toBe(0);
    }
  });
});

test("every case names a registered rule", () => {
  const ids = RULES.map((rule) => rule.id);
  expect(CASES.filter((c) => !ids.includes(c.ruleId)).map((c) => c.ruleId)).toEqual([]);
});
