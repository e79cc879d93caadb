import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentInput } from "../../config";
import { GuardedApp } from "../../guardrails";
import { buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Synthesizes the shipped production environment, changed by `change`, through the guardrails. */
function synthProduction(change: (env: EnvironmentInput) => EnvironmentInput): { app: GuardedApp; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "protections-"));
  outdirs.push(dir);
  const app = new GuardedApp({ outdir: dir, guardrailLog: () => undefined });
  buildEnvironment(app, environmentConfig("production", change));
  app.synth();
  return { app, dir };
}

const acknowledged = (ruleId: string, reason: string) => (env: EnvironmentInput) => ({
  ...env,
  guardrails: { acknowledgements: [...(env.guardrails?.acknowledgements ?? []), { ruleId, reason }] },
});

describe("production protections at synth", () => {
  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "registry.preventDestroy: false",
      (env) => ({ ...env, registry: { preventDestroy: false } }),
      /\[PREVENT-DESTROY\] production-registry aws_ecr_repository\.ContainerRegistry_Repository_\w+ .*Fix: .*registry\.preventDestroy/,
    ],
    [
      "monitoring.preventDestroy: false",
      (env) => ({ ...env, monitoring: { ...env.monitoring, preventDestroy: false } }),
      /\[PREVENT-DESTROY\] production-monitoring aws_kms_key\./,
    ],
    [
      "compute.preventDestroy: false",
      (env) => ({ ...env, compute: { preventDestroy: false } }),
      /\[PREVENT-DESTROY\] production-compute aws_eip\.AppHost_ElasticIp_\w+ .*the public address others allow-list/,
    ],
    [
      "database.preventDestroy: false",
      (env) => ({ ...env, database: { preventDestroy: false } }),
      /\[PREVENT-DESTROY\] production-database aws_cloudwatch_log_group\.Database_LogGroup-postgresql_\w+ /,
    ],
    [
      "database.enableDeletionProtection: false",
      (env) => ({ ...env, database: { enableDeletionProtection: false } }),
      /\[RDS-DELETION-PROTECTION\] production-database aws_db_instance\./,
    ],
    [
      "database.enableFinalSnapshot: false",
      (env) => ({ ...env, database: { enableFinalSnapshot: false } }),
      /\[RDS-FINAL-SNAPSHOT\] production-database aws_db_instance\.[\s\S]*database\.enableFinalSnapshot/,
    ],
    [
      "database.backupRetentionDays: 3",
      (env) => ({ ...env, database: { backupRetentionDays: 3 } }),
      /\[RDS-BACKUPS-7-DAYS\] production-database aws_db_instance\..*kept 3 day\(s\)/,
    ],
    [
      "compute.enableTerminationProtection: false",
      (env) => ({ ...env, compute: { enableTerminationProtection: false } }),
      /\[EC2-TERMINATION-PROTECTION\] production-compute aws_instance\.AppHost_Instance_\w+ /,
    ],
  ])("%s without an acknowledgement fails synth with the rule and the fix", (_, change, expected) => {
    expect(() => synthProduction(change)).toThrow(expected);
  });

  test("with the rule acknowledged and a reason, synth passes and the report names each resource and the reason", () => {
    const reason = "retiring the registry after the move to webapp/app (OPS-123)";
    const { app, dir } = synthProduction((env) =>
      acknowledged("PREVENT-DESTROY", reason)({ ...env, registry: { preventDestroy: false } }),
    );
    const findings = app.guardrailRun?.stacks.flatMap((s) => s.acknowledged) ?? [];
    expect(findings.filter((f) => f.ruleId === "PREVENT-DESTROY").map((f) => f.address)).toEqual([
      expect.stringMatching(/^aws_ecr_repository\.ContainerRegistry_Repository_/),
    ]);
    const report = readFileSync(join(dir, "guardrails", "production.md"), "utf8");
    expect(report).toContain("PREVENT-DESTROY");
    expect(report).toContain(reason);
  });

  test("an acknowledgement of a protection that is on matches nothing, so it cannot outlive the trade-off", () => {
    expect(() =>
      synthProduction(acknowledged("RDS-FINAL-SNAPSHOT", "deleting the database without a snapshot")),
    ).toThrow(
      /guardrails\.acknowledgements\[\d+\]\.ruleId: got "RDS-FINAL-SNAPSHOT"; expected a rule with at least one finding/,
    );
  });

  test("alarms that reach only an existing topic by ARN pass ALARM-SUBSCRIBED without an address", () => {
    const topic = "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts";
    const { app } = synthProduction((env) => ({ ...env, monitoring: { alarmTopicArns: [topic] } }));
    const monitoring = app.guardrailRun?.stacks.find((s) => s.stackName === "production-monitoring");
    expect(monitoring?.failed).toEqual([]);
    expect(monitoring?.acknowledged).toEqual([]);
  });

  test("production without a subscriber, acknowledged in the open, lists every alarm in the report", () => {
    const reason = "Amazon Q Developer subscribes #ops-alerts to the topic from the console";
    const { app } = synthProduction((env) => acknowledged("ALARM-SUBSCRIBED", reason)({ ...env, monitoring: {} }));
    const findings = (app.guardrailRun?.stacks ?? []).flatMap((s) => s.acknowledged);
    const alarms = findings.filter((f) => f.ruleId === "ALARM-SUBSCRIBED");
    expect(alarms).toHaveLength(10);
    expect(alarms.every((f) => f.acknowledgement?.reason === reason)).toBe(true);
  });
});
