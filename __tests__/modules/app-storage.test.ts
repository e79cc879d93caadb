import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { APP_OBJECT_ACTIONS, AppStorage, AppStorageProps } from "../../modules/app-storage";
import { policyOf, synthModule } from "../support/module-stack";
import { onlyResource } from "../support/synth";

const APP_ROLE = "arn:aws:iam::*:role/webapp-test-app-host";

function storage(props: Partial<AppStorageProps> = {}) {
  return synthModule(
    (scope) =>
      new AppStorage(scope, "AppStorage", {
        bucketName: "webapp-test-app-files",
        appRoleArnPattern: APP_ROLE,
        ...props,
      }),
  );
}

describe("AppStorage", () => {
  test("encrypted with KMS, versioned, ACLs disabled", () => {
    const { json } = storage();
    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket: "webapp-test-app-files", force_destroy: false });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
    });
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
    expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("all public access blocked", () => {
    expect(storage().json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("noncurrent versions expire and incomplete uploads are aborted", () => {
    const { parsed } = storage({ noncurrentVersionExpirationDays: 30 });
    const lifecycle = onlyResource(parsed, S3BucketLifecycleConfiguration.tfResourceType);
    const rules = lifecycle.rule as Record<string, unknown>[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] }),
        expect.objectContaining({ abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }),
      ]),
    );
  });

  test("the policy denies plain HTTP and object access to everyone but the application role", () => {
    const statements = policyOf(onlyResource(storage().parsed, S3BucketPolicy.tfResourceType)).Statement;
    expect(statements.find((s) => s.Sid === "DenyInsecureTransport")).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statements.find((s) => s.Sid === "DenyObjectAccessExceptApplication")).toEqual({
      Sid: "DenyObjectAccessExceptApplication",
      Effect: "Deny",
      Principal: "*",
      Action: [...APP_OBJECT_ACTIONS],
      Resource: "arn:aws:s3:::webapp-test-app-files/*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": [APP_ROLE] } },
    });
    expect(statements.some((s) => s.Effect === "Allow")).toBe(false);
  });

  test("named operators can be let in next to the application", () => {
    const operator = "arn:aws:iam::123456789012:role/operator";
    const statements = policyOf(
      onlyResource(storage({ additionalObjectAccessArns: [operator] }).parsed, S3BucketPolicy.tfResourceType),
    ).Statement;
    expect(statements.find((s) => s.Sid === "DenyObjectAccessExceptApplication")?.Condition).toEqual({
      ArnNotLike: { "aws:PrincipalArn": [APP_ROLE, operator] },
    });
  });

  test("CORS is off by default and configurable", () => {
    expect(storage().json).not.toHaveResource(S3BucketCorsConfiguration);
    const { json } = storage({
      cors: {
        allowedOrigins: ["https://app.example.com"],
        allowedMethods: ["GET", "PUT"],
        allowedHeaders: ["*"],
        maxAgeSec: 600,
      },
    });
    expect(json).toHaveResourceWithProperties(S3BucketCorsConfiguration, {
      cors_rule: [
        {
          allowed_origins: ["https://app.example.com"],
          allowed_methods: ["GET", "PUT"],
          allowed_headers: ["*"],
          expose_headers: ["ETag"],
          max_age_seconds: 600,
        },
      ],
    });
  });

  test("prevent_destroy by default, off on request", () => {
    expect(onlyResource(storage().parsed, S3Bucket.tfResourceType).lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(storage({ preventDestroy: false }).parsed, S3Bucket.tfResourceType).lifecycle).toBeUndefined();
  });
});
