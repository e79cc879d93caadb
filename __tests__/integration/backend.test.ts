/**
 * Backend integration tier: the bootstrap stack deployed with `cdktf deploy` against s3rver (S3) and dynalite
 * (DynamoDB) on 127.0.0.1, then the S3 backend it creates exercised with the real Terraform CLI: state key,
 * lock row, lock conflict, `state list` / `state pull`, and `use_lockfile`.
 *
 * Nothing reaches AWS: every endpoint points at the emulators, credentials are s3rver's built-in dummy pair, and
 * HTTP(S)_PROXY points at a closed local port so any request to another host fails at once. The tests run in
 * order and share the emulators; docs/state.md explains what they show.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, TerraformResource } from "cdktf";
import { terraformEnv } from "../../scripts/terraform-cli-config";
import {
  BackendAppSettings,
  addressOf,
  backendAppEnv,
  buildBootstrapStack,
  lockTableOf,
  stateBucketOf,
} from "../support/backend-app";
import {
  CommandResult,
  StringItem,
  dynamodb,
  flatten,
  runCommand,
  s3Get,
  scanTable,
  startCommand,
  stopCommands,
  waitFor,
} from "../support/backend";
import { EMULATOR_CREDENTIALS, Emulators, startEmulators } from "../support/emulators";

// Four cdktf deploys and a few Terraform runs; each AWS provider start costs seconds, more on a loaded machine.
jest.setTimeout(15 * 60_000);

const PROJECT_ROOT = resolve(__dirname, "../..");
const CDKTF = join(PROJECT_ROOT, "node_modules", ".bin", "cdktf");
const APP = "node --import tsx __tests__/support/backend-app.ts";

let emulators: Emulators;
let workDir: string;
let env: NodeJS.ProcessEnv;

/** The parent environment without anything that could select real AWS credentials or a profile. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const parent = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return terraformEnv({
    ...parent,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_REGION: "ap-northeast-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    // Port 9 (discard) is closed: a request to any host but the loopback emulators fails instead of leaving.
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1",
    // cdktf prints plain logs instead of its interactive UI.
    CI: "1",
  });
}

/** Settings of the bootstrap stack in `environmentName`, pointed at the running emulators. */
function settings(
  environmentName: BackendAppSettings["environmentName"],
  change: Partial<BackendAppSettings> = {},
): BackendAppSettings {
  return {
    environmentName,
    endpoints: { s3: emulators.s3, dynamodb: emulators.dynamodb },
    stateInBucket: false,
    locking: "dynamodb",
    emulatorSubset: false,
    ...change,
  };
}

/** The stack as the app builds it, for resource addresses and names. */
function stackFor(app: BackendAppSettings) {
  const stack = buildBootstrapStack(new App({ outdir: join(workDir, "unused") }), app);
  return {
    name: `${app.environmentName}-bootstrap`,
    bucket: stack.environment.stateBackend.bucket,
    lockTable: stack.environment.stateBackend.lockTable,
    bucketAddress: addressOf(stateBucketOf(stack)),
    lockTableAddress: addressOf(lockTableOf(stack)),
    policyAddress: addressOf(stateBucketOf(stack).node.scope!.node.findChild("Policy") as TerraformResource),
  };
}

/** `{ address: id }` of every resource in a Terraform state document. */
function resourceIds(state: {
  resources: { type: string; name: string; instances: { attributes: { id: string } }[] }[];
}): Record<string, string> {
  return Object.fromEntries(state.resources.map((r) => [`${r.type}.${r.name}`, r.instances[0].attributes.id]));
}

/**
 * `cdktf deploy` of the app with `app` settings into `<folder>/cdktf.out`; the local backend's state file lands in
 * `<folder>`. `targets` reach `terraform apply` through TF_CLI_ARGS_apply, since cdktf deploy has no -target.
 */
function cdktfDeploy(
  folder: string,
  app: BackendAppSettings,
  options: { targets?: readonly string[]; migrateState?: boolean } = {},
): Promise<CommandResult> {
  mkdirSync(folder, { recursive: true });
  const args = ["deploy", "--app", APP, "--output", join(folder, "cdktf.out")];
  args.push("--skip-provider-lock", "--auto-approve", "--no-color");
  if (options.migrateState) args.push("--migrate-state");
  return runCommand(CDKTF, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...env,
      ...backendAppEnv(app),
      ...(options.targets && { TF_CLI_ARGS_apply: options.targets.map((target) => `-target=${target}`).join(" ") }),
    },
  });
}

/** Terraform in the synthesized folder of `stack`. */
function terraform(folder: string, stack: string, args: readonly string[]): Promise<CommandResult> {
  return runCommand("terraform", args, { cwd: join(folder, "cdktf.out", "stacks", stack), env });
}

beforeAll(async () => {
  const version = await runCommand("terraform", ["version", "-json"], { cwd: PROJECT_ROOT, env: process.env }).catch(
    (error: Error) => ({ code: 1, output: error.message }),
  );
  if (version.code !== 0) {
    throw new Error(
      `Terraform >= 1.10 must be on the PATH for the backend tests (use_lockfile needs 1.10): ${version.output}. ` +
        "Install it from https://developer.hashicorp.com/terraform/install.",
    );
  }
  workDir = mkdtempSync(join(tmpdir(), "backend-test-"));
  env = isolatedEnv();
  emulators = await startEmulators();
});

afterAll(async () => {
  stopCommands();
  await emulators?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("bootstrap stack and S3 backend on s3rver and dynalite", () => {
  // The first deploy runs on the `test` environment: the refused resources are left tainted in its state.
  const refusedFolder = () => join(workDir, "refused");
  const folder = () => join(workDir, "development");
  const development = () => stackFor(settings("development"));
  let migration: CommandResult;

  test("cdktf deploy of the unmodified stack: the emulators refuse bucket tags and point-in-time recovery", async () => {
    const stack = stackFor(settings("test"));
    const result = await cdktfDeploy(refusedFolder(), settings("test"));
    const output = flatten(result.output);

    expect(result.code).not.toBe(0);
    // The provider's default tags: s3rver answers PutBucketTagging with 501.
    expect(output).toContain(
      `Error: setting S3 Bucket (${stack.bucket}) tags: setting resource tags (${stack.bucket}): ` +
        "operation error S3: PutBucketTagging, https response error StatusCode: 501",
    );
    // dynalite has no UpdateContinuousBackups operation at all.
    expect(output).toContain(
      `Error: creating AWS DynamoDB Table (${stack.lockTable}): enabling point in time recovery: updating PITR: ` +
        "operation error DynamoDB: UpdateContinuousBackups",
    );
    expect(output).toContain("api error UnknownOperationException");
    // Nothing else failed: the bucket settings wait for the bucket, so they were never attempted.
    expect(output.match(/Error: /g)).toHaveLength(2);
  });

  test("cdktf deploy creates the bucket and the lock table the emulators support, with local state", async () => {
    const stack = development();
    const result = await cdktfDeploy(folder(), settings("development", { emulatorSubset: true }), {
      targets: [stack.bucketAddress, stack.lockTableAddress],
    });

    expect({ code: result.code, output: flatten(result.output) }).toEqual({
      code: 0,
      output: expect.stringContaining("Apply complete! Resources: 2 added, 0 changed, 0 destroyed."),
    });
    const listing = await s3Get(emulators.s3, stack.bucket);
    expect(listing.status).toBe(200);
    expect(listing.body).toContain(`<Name>${stack.bucket}</Name>`);
    const { Table } = await dynamodb<{ Table: Record<string, unknown> }>(emulators.dynamodb, "DescribeTable", {
      TableName: stack.lockTable,
    });
    expect(Table).toMatchObject({
      KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
    });
    // The first deploy keeps state next to the project, as documented: the bucket cannot hold it yet.
    const localState = JSON.parse(readFileSync(join(folder(), `terraform.${stack.name}.tfstate`), "utf8"));
    expect(localState.resources.map((r: { type: string }) => r.type).sort()).toEqual([
      "aws_dynamodb_table",
      "aws_s3_bucket",
    ]);
  });

  test("cdktf deploy --migrate-state moves the bootstrap state to development/bootstrap.tfstate in the bucket", async () => {
    const stack = development();
    const localState = JSON.parse(readFileSync(join(folder(), `terraform.${stack.name}.tfstate`), "utf8"));
    migration = await cdktfDeploy(folder(), settings("development", { emulatorSubset: true, stateInBucket: true }), {
      migrateState: true,
    });
    const output = flatten(migration.output);

    expect(output).toContain('Terraform detected that the backend type changed from "local" to "s3".');
    expect(output).toContain('Successfully configured the backend "s3"!');
    const object = await s3Get(emulators.s3, stack.bucket, "development/bootstrap.tfstate");
    expect(object.status).toBe(200);
    // The same resources with the same IDs; Terraform starts a new lineage in the new backend.
    expect(resourceIds(JSON.parse(object.body))).toEqual(resourceIds(localState));
    expect(Object.keys(resourceIds(localState)).sort()).toEqual([stack.bucketAddress, stack.lockTableAddress].sort());
    // The backend records the state's MD5 in the lock table to detect a stale read.
    const items = await scanTable(emulators.dynamodb, stack.lockTable);
    expect(items).toContainEqual({
      LockID: { S: `${stack.bucket}/development/bootstrap.tfstate-md5` },
      Digest: { S: createHash("md5").update(object.body).digest("hex") },
    });
  });

  // The same deploy then applied the rest of the stack; each part the emulators lack is refused by name.
  test.each([
    ["versioning", "Versioning: operation error S3: PutBucketVersioning", "StatusCode: 409", "BucketAlreadyExists"],
    [
      "default encryption",
      "Server-side Encryption Configuration: operation error S3: PutBucketEncryption",
      "StatusCode: 501",
      "NotImplemented",
    ],
    [
      "public access block",
      "Public Access Block: operation error S3: PutPublicAccessBlock",
      "StatusCode: 501",
      "NotImplemented",
    ],
    [
      "ownership controls",
      "Ownership Controls: operation error S3: PutBucketOwnershipControls",
      "StatusCode: 409",
      "BucketAlreadyExists",
    ],
    [
      "lifecycle",
      "operation error S3: PutBucketLifecycleConfiguration, https response error",
      "StatusCode: 501",
      "NotImplemented",
    ],
  ])("s3rver refuses the bucket's %s", (_part, call, status, code) => {
    const output = flatten(migration.output);
    expect(migration.code).not.toBe(0);
    expect(output).toContain(call);
    // The answer up to the next error: s3rver says 501 for sub-resources it knows but does not implement, and
    // 409 where it does not know the sub-resource at all and takes the PUT for a CreateBucket.
    const answer = output.slice(output.indexOf(call)).split("Error: ")[0];
    expect(answer).toContain(status);
    expect(answer).toContain(`api error ${code}`);
  });

  test("the bucket policy is never attempted: it waits for the refused public access block", () => {
    const { policyAddress } = development();
    const output = flatten(migration.output);
    expect(output).toContain(`# ${policyAddress} (StateBackend/StateBucket/Policy) will be created`);
    expect(output).not.toContain(`${policyAddress} (StateBackend/StateBucket/Policy): Creating...`);
  });

  test("dynalite drops deletion protection and SSE from CreateTable and refuses to set them with UpdateTable", () => {
    const stack = development();
    const output = flatten(migration.output);
    expect(output).toContain("~ deletion_protection_enabled = false -> true");
    expect(output).toContain("+ server_side_encryption { + enabled = true }");
    expect(output).toContain(
      `Error: updating AWS DynamoDB Table (${stack.lockTable}): operation error DynamoDB: UpdateTable`,
    );
    expect(output).toContain("api error ValidationException");
  });

  test("an operation holds a lock row in the DynamoDB table; a concurrent one fails with a lock error", async () => {
    const stack = development();
    const lockId = `${stack.bucket}/development/bootstrap.tfstate`;
    // `terraform console` takes the state lock and keeps it until it exits.
    const holder = startCommand("terraform", ["console"], {
      cwd: join(folder(), "cdktf.out", "stacks", stack.name),
      env,
    });
    try {
      const row = await waitFor(
        "the lock row",
        async () =>
          (await scanTable(emulators.dynamodb, stack.lockTable)).find(
            (item: StringItem) => item.LockID.S === lockId && item.Info,
          ),
        120_000,
      );
      const info = JSON.parse(row.Info.S) as { ID: string; Path: string };
      expect(info.Path).toBe(lockId);

      const second = await terraform(folder(), stack.name, ["plan", "-lock-timeout=0s", "-input=false", "-no-color"]);
      const output = flatten(second.output);
      expect(second.code).toBe(1);
      expect(output).toContain("Error: Error acquiring the state lock");
      expect(output).toContain("ConditionalCheckFailedException: The conditional request failed");
      expect(output).toContain(`ID: ${info.ID}`);
    } finally {
      holder.finishInput("exit\n");
    }
    expect((await holder.exited).code).toBe(0);
    const after = await scanTable(emulators.dynamodb, stack.lockTable);
    expect(after.map((item) => item.LockID.S)).toEqual([`${lockId}-md5`]);
  });

  test("terraform state list and state pull read the state from the bucket", async () => {
    const stack = development();
    const list = await terraform(folder(), stack.name, ["state", "list"]);
    expect(list.code).toBe(0);
    expect(list.output.trim().split("\n").sort()).toEqual([stack.bucketAddress, stack.lockTableAddress].sort());

    const pull = await terraform(folder(), stack.name, ["state", "pull"]);
    expect(pull.code).toBe(0);
    const pulled = JSON.parse(pull.output);
    const stored = JSON.parse((await s3Get(emulators.s3, stack.bucket, "development/bootstrap.tfstate")).body);
    expect({ lineage: pulled.lineage, serial: pulled.serial }).toEqual({
      lineage: stored.lineage,
      serial: stored.serial,
    });
  });

  test("with locking: lockfile, an operation writes <key>.tflock to the bucket and no DynamoDB row", async () => {
    const app = settings("development", { emulatorSubset: true, stateInBucket: true, locking: "lockfile" });
    const stack = stackFor(app);
    const synth = await runCommand("node", ["--import", "tsx", "__tests__/support/backend-app.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...env, ...backendAppEnv(app), CDKTF_OUTDIR: join(folder(), "cdktf.out") },
    });
    expect(synth).toMatchObject({ code: 0 });
    // The backend block changed (use_lockfile in, dynamodb_table out); the state stays at the same key.
    const init = await terraform(folder(), stack.name, ["init", "-reconfigure", "-input=false", "-no-color"]);
    expect(init).toMatchObject({ code: 0 });

    const lockKey = "development/bootstrap.tfstate.tflock";
    const holder = startCommand("terraform", ["console"], {
      cwd: join(folder(), "cdktf.out", "stacks", stack.name),
      env,
    });
    try {
      const lock = await waitFor(
        "the lock file",
        async () => {
          const object = await s3Get(emulators.s3, stack.bucket, lockKey);
          return object.status === 200 ? object : undefined;
        },
        120_000,
      );
      expect(JSON.parse(lock.body)).toMatchObject({ Path: `${stack.bucket}/development/bootstrap.tfstate` });
      const rows = await scanTable(emulators.dynamodb, stack.lockTable);
      expect(rows.filter((item) => item.Info)).toEqual([]);
      // s3rver ignores If-None-Match on PutObject, so a second operation would overwrite this lock instead of
      // failing: exclusion between operations is S3's job and is not shown here (see docs/state.md).
    } finally {
      holder.finishInput("exit\n");
    }
    expect((await holder.exited).code).toBe(0);
    expect((await s3Get(emulators.s3, stack.bucket, lockKey)).status).toBe(404);
  });
});
