import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App } from "cdktf";
import { Construct } from "constructs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { EnvironmentConfig, PROJECT, loadEnvironments } from "../../config";
import { GuardedApp, acknowledge, checkApp } from "../../guardrails";
import { BootstrapStack, EnvironmentStack, buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";

/** An environment stack holding whatever a test puts in it, with the real provider and backend. */
class ProbeStack extends EnvironmentStack {
  constructor(scope: Construct, environment: EnvironmentConfig, build: (stack: ProbeStack) => void) {
    super(scope, "probe", { environment });
    build(this);
  }
}

/** Development without configured acknowledgements, so that small apps do not leave them unmatched. */
const bareDevelopment = (change: (env: EnvironmentConfig) => EnvironmentConfig = (env) => env) =>
  change(environmentConfig("development", (env) => ({ ...env, guardrails: undefined })));

/**
 * Development with only the configured acknowledgement a bootstrap stack alone matches: its state bucket has no
 * access logs (S3-ACCESS-LOGGED), as in the shipped configuration.
 */
const bootstrapDevelopment = (change: (env: EnvironmentConfig) => EnvironmentConfig = (env) => env) => {
  const accessLogs = environmentConfig("development").guardrails.acknowledgements.filter(
    (a) => a.ruleId === "S3-ACCESS-LOGGED",
  );
  return change(environmentConfig("development", (env) => ({ ...env, guardrails: { acknowledgements: accessLogs } })));
};

const outdirs: string[] = [];
function outdir(): string {
  const dir = mkdtempSync(join(tmpdir(), "guardrails-"));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir` with its content, so a test can tell whether anything was written. */
function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

function guardedApp(dir: string, lines: string[] = []): GuardedApp {
  return new GuardedApp({ outdir: dir, guardrailLog: (line) => lines.push(line) });
}

const looseBucket = (stack: ProbeStack) => new S3Bucket(stack, "Loose", { bucket: "webapp-development-loose" });

describe("GuardedApp", () => {
  test("every stack of every configured environment passes with zero unacknowledged findings", () => {
    const dir = outdir();
    const lines: string[] = [];
    const app = guardedApp(dir, lines);
    for (const environment of loadEnvironments(PROJECT)) buildEnvironment(app, environment);
    app.synth();
    const stacks = app.guardrailRun?.stacks ?? [];
    expect(stacks.flatMap((s) => s.failed)).toEqual([]);
    expect(app.guardrailRun?.unmatched).toEqual([]);
    expect(new Set(stacks.map((s) => s.environment.name))).toEqual(new Set(["development", "test", "production"]));
    expect(lines.filter((l) => l.startsWith("guardrails ")).length).toBe(stacks.length);
    for (const name of ["development", "test", "production"]) {
      const report = readFileSync(join(dir, "guardrails", `${name}.md`), "utf8");
      expect(report).toMatch(/\| VPC-FLOW-LOGS \| .*-network \| .*Phase 1 stays near the free tier/);
    }
    // Production has no domain yet: its plain HTTP is in the report, with the reason.
    const production = readFileSync(join(dir, "guardrails", "production.md"), "utf8");
    expect(production).toMatch(
      /\| HTTPS-IN-PRODUCTION \| production-compute \| `aws_vpc_security_group_ingress_rule\.AppRuntime_Ingress-http-0000-0_[0-9A-F]{8}` \| production serves plain HTTP: TCP 80 is open to 0\.0\.0\.0\/0 and TCP 443 is not.* \| the production environment \| No domain is configured yet/,
    );
  });

  test("production with a domain serves HTTPS: no plain-HTTP finding, and the no-domain acknowledgement then matches nothing", () => {
    const withDomain = (keepAcknowledgement: boolean) => {
      const app = new App({ outdir: outdir() });
      const environment = environmentConfig("production", (env) => ({
        ...env,
        dns: { domainName: "example.com" },
        guardrails: {
          acknowledgements: (env.guardrails?.acknowledgements ?? []).filter(
            (a) => keepAcknowledgement || a.ruleId !== "HTTPS-IN-PRODUCTION",
          ),
        },
      }));
      buildEnvironment(app, environment);
      return checkApp(app);
    };
    const kept = withDomain(true);
    expect(kept.stacks.flatMap((s) => [...s.failed, ...s.acknowledged]).map((f) => f.ruleId)).not.toContain(
      "HTTPS-IN-PRODUCTION",
    );
    expect(kept.unmatched.map((a) => a.ruleId)).toEqual(["HTTPS-IN-PRODUCTION"]);
    const removed = withDomain(false);
    expect(removed.stacks.flatMap((s) => s.failed)).toEqual([]);
    expect(removed.unmatched).toEqual([]);
  });

  test("production without a domain and without the acknowledgement fails: plain HTTP is never silent", () => {
    const app = new App({ outdir: outdir() });
    const environment = environmentConfig("production", (env) => ({
      ...env,
      guardrails: {
        acknowledgements: (env.guardrails?.acknowledgements ?? []).filter((a) => a.ruleId !== "HTTPS-IN-PRODUCTION"),
      },
    }));
    buildEnvironment(app, environment);
    const failed = checkApp(app).stacks.flatMap((s) => s.failed);
    expect(failed.map((f) => `${f.ruleId} ${f.stackName}`)).toEqual(["HTTPS-IN-PRODUCTION production-compute"]);
  });

  test("a bucket without its public access block fails synth with the rule ID and writes nothing", () => {
    const dir = outdir();
    const app = guardedApp(dir);
    const environment = bareDevelopment();
    new BootstrapStack(app, { environment });
    new ProbeStack(app, environment, looseBucket);
    expect(() => app.synth()).toThrow(
      /\[S3-PUBLIC-ACCESS-BLOCK\] development-probe aws_s3_bucket\.Loose \(development-probe\/Loose\): the bucket has no aws_s3_bucket_public_access_block/,
    );
    expect(filesIn(dir)).toEqual({});
  });

  test("a public database fails synth with the rule ID", () => {
    const app = guardedApp(outdir());
    new ProbeStack(app, bareDevelopment(), (stack) => {
      const db = new DbInstance(stack, "Database", { engine: "postgres", instanceClass: "db.t4g.micro" });
      db.publiclyAccessible = true;
    });
    expect(() => app.synth()).toThrow(/\[RDS-NOT-PUBLIC\] development-probe aws_db_instance\.Database/);
  });

  test("a failing synth leaves the previous complete output exactly as it was", () => {
    const dir = outdir();
    const first = guardedApp(dir);
    new BootstrapStack(first, { environment: bootstrapDevelopment() });
    first.synth();
    const before = filesIn(dir);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        "manifest.json",
        "stacks/development-bootstrap/cdk.tf.json",
        "guardrails/development.md",
      ]),
    );

    // The next change renames the lock table (the bootstrap stack would be rewritten) and adds a loose bucket.
    const second = guardedApp(dir);
    const changed = bootstrapDevelopment((env) => ({
      ...env,
      stateBackend: { ...env.stateBackend, lockTable: "renamed" },
    }));
    new BootstrapStack(second, { environment: changed });
    new ProbeStack(second, changed, looseBucket);
    expect(() => second.synth()).toThrow(/S3-PUBLIC-ACCESS-BLOCK/);
    expect(filesIn(dir)).toEqual(before);
  });

  test("plain cdktf writes earlier stacks before a later stack's validation fails (why GuardedApp checks first)", () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    new BootstrapStack(app, { environment: bareDevelopment() });
    new ProbeStack(app, bareDevelopment(), (stack) =>
      stack.node.addValidation({ validate: () => ["this stack is broken"] }),
    );
    expect(() => app.synth()).toThrow(/this stack is broken/);
    expect(Object.keys(filesIn(dir))).toEqual(["stacks/development-bootstrap/cdk.tf.json"]);
  });

  test("synth prints one line per stack and reports acknowledgements with their reasons", () => {
    const dir = outdir();
    const lines: string[] = [];
    const app = guardedApp(dir, lines);
    new ProbeStack(app, bareDevelopment(), (stack) => {
      const db = new DbInstance(stack, "Database", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        username: "app",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        backupRetentionPeriod: 7,
        enabledCloudwatchLogsExports: ["postgresql"],
        copyTagsToSnapshot: true,
        parameterGroupName: "webapp-postgres16",
        monitoringInterval: 60,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/webapp-rds-monitoring",
        performanceInsightsEnabled: true,
      });
      acknowledge(db, "RDS-MULTI-AZ", "Phase 1 runs one db.t4g.micro; Multi-AZ arrives with Phase 2");
    });
    app.synth();
    expect(lines[0]).toMatch(/^guardrails development-probe: \d+ passed, 0 failed, 1 acknowledged$/);
    const report = readFileSync(join(dir, "guardrails", "development.md"), "utf8");
    expect(report).toContain("| development-probe |");
    expect(report).toMatch(
      /\| RDS-MULTI-AZ \| development-probe \| `aws_db_instance\.Database` \| .* \| this resource \| Phase 1 runs one db\.t4g\.micro; Multi-AZ arrives with Phase 2 \| `development-probe\/Database` \|/,
    );
  });

  test("an acknowledgement in configuration that matches nothing fails synth with its path", () => {
    const app = guardedApp(outdir());
    new BootstrapStack(app, { environment: environmentConfig("development") });
    expect(() => app.synth()).toThrow(
      /environments\.development\.guardrails\.acknowledgements\[0\]\.ruleId: got "VPC-FLOW-LOGS"; expected a rule with at least one finding in the development stacks/,
    );
  });
});
