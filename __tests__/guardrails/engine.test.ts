import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  Acknowledgement,
  GuardrailError,
  GuardrailRule,
  acknowledge,
  checkStacks,
  constructAcknowledgements,
  ruleById,
  runPassed,
  synthesize,
} from "../../guardrails";
import { capabilitiesForPhase } from "../../config";
import { SecureBucket } from "../../modules/secure-bucket";
import { checkTestStack } from "../support/guardrails";

const REASON = "Phase 1 runs one db.t4g.micro; Multi-AZ arrives with Phase 2";

/** A database that breaks exactly one rule: it runs in a single availability zone. */
function singleAzDatabase(stack: TerraformStack, id = "Database"): DbInstance {
  return new DbInstance(stack, id, {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    multiAz: false,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    finalSnapshotIdentifier: "webapp-final",
    enabledCloudwatchLogsExports: ["postgresql"],
    copyTagsToSnapshot: true,
    parameterGroupName: "webapp-postgres16",
    lifecycle: { preventDestroy: true },
    monitoringInterval: 60,
    monitoringRoleArn: "arn:aws:iam::123456789012:role/webapp-rds-monitoring",
    performanceInsightsEnabled: true,
  });
}

describe("checkStacks", () => {
  test("a finding without an acknowledgement fails, with the rule ID, the resource, the problem and the fix", () => {
    const run = checkTestStack((stack) => singleAzDatabase(stack));
    expect(runPassed(run)).toBe(false);
    const [finding] = run.stacks[0].failed;
    expect(finding).toMatchObject({
      ruleId: "RDS-MULTI-AZ",
      stackName: "test-stack",
      constructPath: "test-stack/Database",
    });
    expect(new GuardrailError(run).message).toMatch(
      /\[RDS-MULTI-AZ\] test-stack aws_db_instance\.Database \(test-stack\/Database\): the database runs in one availability zone.*Fix: set multi_az = true/,
    );
  });

  test("a resource acknowledgement accepts that resource's finding and carries its reason", () => {
    const run = checkTestStack((stack) => acknowledge(singleAzDatabase(stack), "RDS-MULTI-AZ", REASON));
    expect(runPassed(run)).toBe(true);
    expect(run.stacks[0].acknowledged).toEqual([
      expect.objectContaining({
        ruleId: "RDS-MULTI-AZ",
        acknowledgement: expect.objectContaining({ scope: "resource", reason: REASON, source: "test-stack/Database" }),
      }),
    ]);
  });

  test("a resource acknowledgement does not reach a second resource", () => {
    const run = checkTestStack((stack) => {
      acknowledge(singleAzDatabase(stack, "Primary"), "RDS-MULTI-AZ", REASON);
      singleAzDatabase(stack, "Other");
    });
    expect(run.stacks[0].failed.map((f) => f.address)).toEqual(["aws_db_instance.Other"]);
  });

  test("a stack acknowledgement accepts the finding of every resource of the stack", () => {
    const run = checkTestStack((stack) => {
      singleAzDatabase(stack, "Primary");
      singleAzDatabase(stack, "Other");
      acknowledge(stack, "RDS-MULTI-AZ", REASON);
    });
    expect(runPassed(run)).toBe(true);
    expect(run.stacks[0].acknowledged.map((f) => f.acknowledgement?.scope)).toEqual(["stack", "stack"]);
  });

  test("the narrowest acknowledgement is used; a broader one left without a finding is an error", () => {
    const run = checkTestStack((stack) => {
      acknowledge(singleAzDatabase(stack), "RDS-MULTI-AZ", REASON);
      acknowledge(stack, "RDS-MULTI-AZ", "every database of this stack is single-AZ");
    });
    expect(run.stacks[0].acknowledged[0].acknowledgement?.scope).toBe("resource");
    expect(run.unmatched.map((a) => a.scope)).toEqual(["stack"]);
    expect(new GuardrailError(run).message).toMatch(
      /\[RDS-MULTI-AZ\] acknowledgement on the stack test-stack \(test-stack\) matches no finding.*remove the acknowledge\(\) call/,
    );
  });

  test("an acknowledgement on a compliant resource matches nothing and fails", () => {
    const run = checkTestStack((stack) => {
      const bucket = new SecureBucket(stack, "Files", { bucketName: "webapp-test-files" });
      acknowledge(bucket.bucket, "S3-PUBLIC-ACCESS-BLOCK", "the files are published through a CDN");
    });
    expect(runPassed(run)).toBe(false);
    expect(run.unmatched).toEqual([
      expect.objectContaining({
        ruleId: "S3-PUBLIC-ACCESS-BLOCK",
        scope: "resource",
        source: "test-stack/Files/Bucket",
      }),
    ]);
  });

  test("environment acknowledgements from configuration cover every stack of their environment only", () => {
    const app = Testing.app();
    const stacks = ["development", "production"].map((env) => {
      const stack = new TerraformStack(app, `${env}-data`);
      singleAzDatabase(stack);
      return { stack, env };
    });
    const fromConfig: Acknowledgement = {
      ruleId: "RDS-MULTI-AZ",
      reason: REASON,
      scope: "environment",
      environmentName: "development",
      source: "environments.development.guardrails.acknowledgements[0]",
    };
    const run = checkStacks(
      stacks.map(({ stack, env }) => ({
        stack: synthesize(stack, false),
        environment: { name: env, capabilities: capabilitiesForPhase(1) },
        acknowledgements: constructAcknowledgements(stack, env),
      })),
      [fromConfig],
    );
    expect(run.stacks.map((s) => [s.stackName, s.failed.length, s.acknowledged.length])).toEqual([
      ["development-data", 0, 1],
      ["production-data", 1, 0],
    ]);
  });

  test("an environment acknowledgement that matches nothing is reported with its configuration path", () => {
    const run = checkStacks(
      [
        {
          stack: synthesize(new TerraformStack(Testing.app(), "development-empty"), false),
          environment: { name: "development", capabilities: capabilitiesForPhase(1) },
          acknowledgements: [],
        },
      ],
      [
        {
          ruleId: "VPC-FLOW-LOGS",
          reason: "flow logs are off in Phase 1",
          scope: "environment",
          environmentName: "development",
          source: "environments.development.guardrails.acknowledgements[0]",
        },
      ],
    );
    expect(new GuardrailError(run).message).toMatch(
      /environments\.development\.guardrails\.acknowledgements\[0\]\.ruleId: got "VPC-FLOW-LOGS"; expected a rule with at least one finding in the development stacks\. Fix: remove the acknowledgement/,
    );
  });

  test("a security argument written as an expression is a finding that says it cannot be verified", () => {
    const run = checkTestStack((stack) => {
      const exposed = new TerraformVariable(stack, "exposed", { type: "bool" });
      new DbInstance(stack, "Database", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        publiclyAccessible: exposed.booleanValue,
        multiAz: exposed.booleanValue,
      });
    });
    const findings = run.stacks[0].failed.filter((f) => ["RDS-NOT-PUBLIC", "RDS-MULTI-AZ"].includes(f.ruleId));
    expect(findings.map((f) => f.ruleId).sort()).toEqual(["RDS-MULTI-AZ", "RDS-NOT-PUBLIC"]);
    for (const finding of findings) {
      expect(finding.problem).toMatch(/^cannot verify (publicly_accessible|multi_az): it is the Terraform expression/);
      expect(finding.fix).toMatch(/write a literal .* acknowledge RDS-(NOT-PUBLIC|MULTI-AZ) on this resource/);
    }
  });

  test("a cannot-verify finding can be acknowledged like any other", () => {
    const run = checkTestStack(
      (stack) => {
        const exposed = new TerraformVariable(stack, "exposed", { type: "bool" });
        const db = new DbInstance(stack, "Database", {
          engine: "postgres",
          instanceClass: "db.t4g.micro",
          publiclyAccessible: exposed.booleanValue,
        });
        acknowledge(db, "RDS-NOT-PUBLIC", "the variable is validated to false by the calling pipeline");
      },
      undefined,
      [ruleById("RDS-NOT-PUBLIC") as GuardrailRule],
    );
    expect(run.stacks[0].failed).toEqual([]);
    expect(run.stacks[0].acknowledged.map((f) => f.problem)).toEqual([
      expect.stringMatching(/^cannot verify publicly_accessible/),
    ]);
    expect(run.unmatched).toEqual([]);
  });
});

describe("acknowledge", () => {
  test.each([
    ["an unknown rule ID", "RDS-PUBLIC", REASON, /rule ID "RDS-PUBLIC" is not a guardrail rule/],
    ["a reason shorter than 10 characters", "RDS-MULTI-AZ", "cheaper", /shorter than 10 characters/],
  ])("rejects %s", (_case, ruleId, reason, message) => {
    const stack = new TerraformStack(Testing.app(), "test-stack");
    expect(() => acknowledge(singleAzDatabase(stack), ruleId, reason)).toThrow(message);
  });

  test("rejects a scope wider than one resource but narrower than a stack", () => {
    const stack = new TerraformStack(Testing.app(), "test-stack");
    const files = new SecureBucket(stack, "Files", { bucketName: "webapp-test-files" });
    expect(() => acknowledge(files as unknown as S3Bucket, "S3-VERSIONING", "versions are not needed here")).toThrow(
      /test-stack\/Files is neither a resource, a provider nor a stack/,
    );
  });
});
