import { environmentConfig, problemsFor } from "../support/environment";

describe("production protections in configuration", () => {
  test("the shipped production configuration has an on-call address", () => {
    expect(environmentConfig("production").monitoring.alarmEmails.length).toBeGreaterThan(0);
  });

  test("production without an alarm address is refused with the field and the fix", () => {
    const message = problemsFor("production", (env) => ({ ...env, monitoring: { alarmEmails: [] } }));
    expect(message).toMatch(
      /environments\.production\.monitoring\.alarmEmails: got \[\]; expected at least one address in production, so that an alarm reaches a person\. Fix: list the on-call addresses .*acknowledge ALARM-SUBSCRIBED in guardrails\.acknowledgements/,
    );
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
