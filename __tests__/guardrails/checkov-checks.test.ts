import { CHECKOV_CHECKS } from "../../guardrails/checkov-checks";
import { MIN_REASON_LENGTH, RULES, ruleById } from "../../guardrails";

describe("CHECKOV_CHECKS", () => {
  test("lists each Checkov check once, by its real ID", () => {
    const ids = CHECKOV_CHECKS.map((c) => c.id);
    expect(ids.filter((id) => !/^CKV2?_AWS_\d+$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test.each(CHECKOV_CHECKS.map((c) => [c.id, c] as const))(
    "%s names registered rules for its resource types, or says why no rule enforces it",
    (_id, check) => {
      expect(check.resourceTypes.length).toBeGreaterThan(0);
      for (const ruleId of check.enforcedBy) {
        const rule = ruleById(ruleId);
        expect(rule).toBeDefined();
        expect(rule?.appliesTo.some((type) => check.resourceTypes.includes(type))).toBe(true);
      }
      if (check.enforcedBy.length === 0) {
        expect(check.reason?.trim().length ?? 0).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
      }
    },
  );

  test("a rule that names a listed Checkov check as its equivalent is listed as enforcing it", () => {
    const missing = RULES.flatMap((rule) =>
      (rule.equivalents.checkov ?? [])
        .filter((id) => {
          const listed = CHECKOV_CHECKS.find((c) => c.id === id);
          return listed !== undefined && !listed.enforcedBy.includes(rule.id);
        })
        .map((id) => `${id} <- ${rule.id}`),
    );
    expect(missing).toEqual([]);
  });

  test("the checks the review found failing on production are each enforced by a rule or answered with a reason", () => {
    const reviewed = [
      "CKV_AWS_118",
      "CKV_AWS_353",
      "CKV2_AWS_30",
      "CKV_AWS_158",
      "CKV_AWS_338",
      "CKV_AWS_18",
      "CKV_AWS_119",
      "CKV2_AWS_34",
      "CKV_AWS_126",
      "CKV_AWS_106",
    ];
    for (const id of reviewed) {
      const check = CHECKOV_CHECKS.find((c) => c.id === id);
      expect(check).toBeDefined();
      expect(check!.enforcedBy.length > 0 || (check!.reason ?? "").length >= MIN_REASON_LENGTH).toBe(true);
    }
    const enforced = (id: string) => CHECKOV_CHECKS.find((c) => c.id === id)?.enforcedBy;
    expect(enforced("CKV_AWS_118")).toEqual(["RDS-ENHANCED-MONITORING"]);
    expect(enforced("CKV_AWS_353")).toEqual(["RDS-DATABASE-INSIGHTS"]);
    expect(enforced("CKV2_AWS_30")).toEqual(["RDS-QUERY-LOGGING"]);
    expect(enforced("CKV_AWS_126")).toEqual(["EC2-DETAILED-MONITORING"]);
    expect(enforced("CKV_AWS_158")).toEqual(["LOGS-KMS-ENCRYPTED"]);
    expect(enforced("CKV_AWS_18")).toEqual(["S3-ACCESS-LOGGED"]);
    expect(enforced("CKV_AWS_119")).toEqual(["DYNAMODB-CMK"]);
  });
});
