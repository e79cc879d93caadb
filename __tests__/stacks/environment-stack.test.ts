import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { App } from "cdktf";
import { EnvironmentInput } from "../../config";
import { BootstrapStack, NetworkStack } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { onlyResource, synth } from "../support/synth";

function network(change: (env: EnvironmentInput) => EnvironmentInput = (env) => env) {
  return synth(new NetworkStack(new App(), { environment: environmentConfig("production", change) })).parsed;
}

function bootstrap(change: (env: EnvironmentInput) => EnvironmentInput = (env) => env) {
  const environment = environmentConfig("development", change);
  return synth(
    new BootstrapStack(new App(), { environment, stateInBucket: environment.stateBackend.bootstrapStateInBucket }),
  );
}

describe("EnvironmentStack", () => {
  test("state goes to the S3 backend at <environment>/<stack>.tfstate, encrypted, locked by the DynamoDB table", () => {
    expect(network().terraform?.backend).toEqual({
      s3: {
        bucket: "webapp-production-tfstate",
        key: "production/network.tfstate",
        region: "ap-northeast-1",
        encrypt: true,
        dynamodb_table: "webapp-production-tfstate-lock",
      },
    });
  });

  test("locking: lockfile uses S3 native locking instead of the table", () => {
    const backend = network((e) => ({ ...e, stateBackend: { ...e.stateBackend, locking: "lockfile" } })).terraform
      ?.backend as { s3: Record<string, unknown> };
    expect(backend.s3.use_lockfile).toBe(true);
    expect(backend.s3.dynamodb_table).toBeUndefined();
  });

  test("the provider carries the region, the allowed account and the default tags", () => {
    const parsed = network((e) => ({ ...e, allowedAccountId: "123456789012", tags: { "cost-center": "web" } }));
    expect(parsed.provider?.aws).toEqual([
      {
        region: "ap-northeast-1",
        allowed_account_ids: ["123456789012"],
        default_tags: [
          { tags: { "cost-center": "web", project: "webapp", environment: "production", "managed-by": "cdktf" } },
        ],
      },
    ]);
  });
});

describe("BootstrapStack", () => {
  test("keeps its own state locally (relative path, nothing machine-specific) until told otherwise", () => {
    expect(bootstrap().parsed.terraform?.backend).toEqual({
      local: { path: "../../../terraform.development-bootstrap.tfstate" },
    });
  });

  test("stateBackend.bootstrapStateInBucket moves its state to <environment>/bootstrap.tfstate", () => {
    const { parsed } = bootstrap((e) => ({ ...e, stateBackend: { ...e.stateBackend, bootstrapStateInBucket: true } }));
    expect(parsed.terraform?.backend).toMatchObject({ s3: { key: "development/bootstrap.tfstate", encrypt: true } });
  });

  test("creates a versioned, private state bucket and a lock table that Terraform refuses to destroy", () => {
    const { json, parsed } = bootstrap();
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(DynamodbTable, {
      name: "webapp-development-tfstate-lock",
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(onlyResource(parsed, "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(parsed, "aws_dynamodb_table").lifecycle).toEqual({ prevent_destroy: true });
    const policy = JSON.parse(String(onlyResource(parsed, "aws_s3_bucket_policy").policy));
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Deny",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});
