import { DynamodbTable, DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformStack } from "cdktf";
import { SecureBucket } from "../../../modules/secure-bucket";
import { RuleCase } from "../../support/guardrails";

const secureBucket = (s: TerraformStack) => new SecureBucket(s, "Files", { bucketName: "webapp-test-files" });
const bareBucket = (s: TerraformStack) => new S3Bucket(s, "Bucket", { bucket: "webapp-test-bare" });

function table(stack: TerraformStack, change: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(stack, "Locks", {
    name: "webapp-test-locks",
    hashKey: "LockID",
    attribute: [{ name: "LockID", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
    ...change,
  });
}

export const STORAGE_CASES: readonly RuleCase[] = [
  { ruleId: "S3-PUBLIC-ACCESS-BLOCK", name: "a SecureBucket", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-PUBLIC-ACCESS-BLOCK",
    name: "a bucket without a public access block",
    expect: "non-compliant",
    message: /no aws_s3_bucket_public_access_block.*SecureBucket/,
    build: bareBucket,
  },
  {
    ruleId: "S3-PUBLIC-ACCESS-BLOCK",
    name: "a public access block that leaves public policies allowed",
    expect: "non-compliant",
    message: /not blocked: block_public_policy, restrict_public_buckets/,
    build: (s) => {
      const bucket = bareBucket(s);
      new S3BucketPublicAccessBlock(s, "Block", {
        bucket: bucket.id,
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
      });
    },
  },
  { ruleId: "S3-TLS-ONLY", name: "a SecureBucket (TLS-only policy)", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-TLS-ONLY",
    name: "a bucket without a policy",
    expect: "non-compliant",
    message: /no bucket policy/,
    build: bareBucket,
  },
  {
    ruleId: "S3-TLS-ONLY",
    name: "a policy that does not deny plain HTTP",
    expect: "non-compliant",
    message: /does not deny requests over plain HTTP/,
    build: (s) => {
      const bucket = bareBucket(s);
      new S3BucketPolicy(s, "Policy", {
        bucket: bucket.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::123456789012:role/app" },
              Action: "s3:GetObject",
              Resource: `${bucket.arn}/*`,
            },
          ],
        }),
      });
    },
  },
  { ruleId: "S3-VERSIONING", name: "a SecureBucket", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-VERSIONING",
    name: "a bucket without versioning",
    expect: "non-compliant",
    message: /no versioning configuration/,
    build: bareBucket,
  },
  {
    ruleId: "S3-VERSIONING",
    name: "suspended versioning, configured by bucket name",
    expect: "non-compliant",
    message: /versioning is Suspended/,
    build: (s) => {
      bareBucket(s);
      new S3BucketVersioningA(s, "Versioning", {
        bucket: "webapp-test-bare",
        versioningConfiguration: { status: "Suspended" },
      });
    },
  },
  { ruleId: "S3-ENCRYPTION", name: "a SecureBucket (SSE-KMS)", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-ENCRYPTION",
    name: "SSE-S3 for a load balancer log bucket",
    expect: "compliant",
    build: (s) => {
      const bucket = bareBucket(s);
      new S3BucketServerSideEncryptionConfigurationA(s, "Encryption", {
        bucket: bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      });
    },
  },
  {
    ruleId: "S3-ENCRYPTION",
    name: "a bucket without an encryption configuration",
    expect: "non-compliant",
    message: /declares no default encryption/,
    build: bareBucket,
  },
  { ruleId: "S3-OWNER-ENFORCED", name: "a SecureBucket", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-OWNER-ENFORCED",
    name: "ACLs still honoured (ObjectWriter)",
    expect: "non-compliant",
    message: /object ownership is ObjectWriter/,
    build: (s) => {
      const bucket = bareBucket(s);
      new S3BucketOwnershipControls(s, "Ownership", { bucket: bucket.id, rule: { objectOwnership: "ObjectWriter" } });
    },
  },
  { ruleId: "S3-LIFECYCLE", name: "a SecureBucket", expect: "compliant", build: secureBucket },
  {
    ruleId: "S3-LIFECYCLE",
    name: "a bucket without a lifecycle",
    expect: "non-compliant",
    message: /no lifecycle configuration/,
    build: bareBucket,
  },
  {
    ruleId: "S3-LIFECYCLE",
    name: "a lifecycle that never aborts incomplete uploads",
    expect: "non-compliant",
    message: /no enabled lifecycle rule aborts/,
    build: (s) => {
      const bucket = bareBucket(s);
      new S3BucketLifecycleConfiguration(s, "Lifecycle", {
        bucket: bucket.id,
        rule: [{ id: "expire", status: "Enabled", filter: [{}], expiration: [{ days: 30 }] }],
      });
    },
  },
  { ruleId: "DYNAMODB-PITR", name: "a table with PITR", expect: "compliant", build: (s) => table(s) },
  {
    ruleId: "DYNAMODB-PITR",
    name: "a table without PITR",
    expect: "non-compliant",
    message: /point-in-time recovery is off/,
    build: (s) => table(s, { pointInTimeRecovery: undefined }),
  },
  {
    ruleId: "DYNAMODB-DELETION-PROTECTION",
    name: "a protected table",
    expect: "compliant",
    build: (s) => table(s),
  },
  {
    ruleId: "DYNAMODB-DELETION-PROTECTION",
    name: "an unprotected table",
    expect: "non-compliant",
    message: /can be deleted/,
    build: (s) => table(s, { deletionProtectionEnabled: false }),
  },
  {
    ruleId: "S3-ACCESS-LOGGED",
    name: "a bucket that logs to a log bucket, which itself needs no log of its own",
    expect: "compliant",
    build: (s) => {
      const logs = new S3Bucket(s, "Logs", { bucket: "webapp-test-access-logs" });
      const files = secureBucket(s);
      new S3BucketLoggingA(s, "FilesLogging", {
        bucket: files.bucketName,
        targetBucket: logs.id,
        targetPrefix: "files/",
      });
    },
  },
  {
    ruleId: "S3-ACCESS-LOGGED",
    name: "a SecureBucket without access logging",
    expect: "non-compliant",
    message: /no server access logging/,
    build: secureBucket,
  },
  {
    ruleId: "S3-ACCESS-LOGGED",
    name: "bypass attempt: a logging configuration for another bucket",
    expect: "non-compliant",
    build: (s) => {
      secureBucket(s);
      new S3BucketLoggingA(s, "OtherLogging", {
        bucket: "webapp-test-other",
        targetBucket: "webapp-test-access-logs",
        targetPrefix: "other/",
      });
    },
  },
  {
    ruleId: "DYNAMODB-CMK",
    name: "a table under a customer managed key",
    expect: "compliant",
    build: (s) =>
      table(s, {
        serverSideEncryption: { enabled: true, kmsKeyArn: new KmsKey(s, "Key", { enableKeyRotation: true }).arn },
      }),
  },
  {
    ruleId: "DYNAMODB-CMK",
    name: "a table under the key AWS owns (no server_side_encryption)",
    expect: "non-compliant",
    message: /key AWS owns/,
    build: (s) => table(s),
  },
  {
    ruleId: "DYNAMODB-CMK",
    name: "bypass attempt: server_side_encryption enabled, which is the AWS managed aws/dynamodb key",
    expect: "non-compliant",
    message: /AWS managed aws\/dynamodb key/,
    build: (s) => table(s, { serverSideEncryption: { enabled: true } }),
  },
];
