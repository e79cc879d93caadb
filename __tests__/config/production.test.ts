import { environmentConfig, problemsFor } from "../support/environment";

describe("production protections in configuration", () => {
  test("the shipped production configuration has an on-call address", () => {
    expect(environmentConfig("production").monitoring.alarmEmails.length).toBeGreaterThan(0);
  });

  test("production without an alarm address or topic is refused with the field and the fix", () => {
    const message = problemsFor("production", (env) => ({ ...env, monitoring: { alarmEmails: [] } }));
    expect(message).toMatch(
      /environments\.production\.monitoring\.alarmEmails: got \[\]; expected in production, at least one address here or one existing SNS topic in monitoring\.alarmTopicArns, so that an alarm reaches a person\. Fix: list the on-call addresses .*monitoring\.alarmTopicArns.*acknowledge ALARM-SUBSCRIBED in guardrails\.acknowledgements/,
    );
  });

  test("an existing topic given by ARN is enough in production", () => {
    const env = environmentConfig("production", (e) => ({
      ...e,
      monitoring: { alarmTopicArns: ["arn:aws:sns:ap-northeast-1:123456789012:ops-alerts"] },
    }));
    expect(env.monitoring.alarmEmails).toEqual([]);
    expect(env.monitoring.alarmTopicArns).toEqual(["arn:aws:sns:ap-northeast-1:123456789012:ops-alerts"]);
  });

  test("a topic in another region is refused: CloudWatch notifies topics of its own region only", () => {
    const message = problemsFor("production", (env) => ({
      ...env,
      monitoring: { alarmTopicArns: ["arn:aws:sns:us-east-1:123456789012:ops-alerts"] },
    }));
    expect(message).toMatch(/\(1 problem\)/);
    expect(message).toContain(
      'environments.production.monitoring.alarmTopicArns[0]: got "arn:aws:sns:us-east-1:123456789012:ops-alerts"; ' +
        "expected a topic in the environment's region ap-northeast-1 (this one is in us-east-1). Fix: CloudWatch " +
        "alarms notify topics of their own region only: use (or create) a topic in ap-northeast-1",
    );
  });

  test("a malformed topic ARN is reported once, not again as a region mismatch or a missing subscriber", () => {
    const message = problemsFor("production", (env) => ({
      ...env,
      monitoring: { alarmTopicArns: ["arn:aws:sns:us-east-1:1234:ops-alerts"] },
    }));
    expect(message).toMatch(/\(1 problem\)/);
    expect(message).toMatch(/monitoring\.alarmTopicArns\[0\]: got .*\(account "1234": 12 digits\)/);
  });

  test("running production without an address is possible only through an acknowledgement with a reason", () => {
    const env = environmentConfig("production", (e) => ({
      ...e,
      monitoring: {},
      guardrails: {
        acknowledgements: [
          ...(e.guardrails?.acknowledgements ?? []),
          {
            ruleId: "ALARM-SUBSCRIBED",
            reason: "Amazon Q Developer in chat applications subscribes #ops-alerts to the topic",
          },
        ],
      },
    }));
    expect(env.monitoring.alarmEmails).toEqual([]);
  });

  test("outside production no address is needed", () => {
    expect(environmentConfig("test").monitoring.alarmEmails).toEqual([]);
  });
});
