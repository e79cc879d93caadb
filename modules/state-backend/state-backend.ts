import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { acknowledge } from "../../guardrails/acknowledge";
import { SecureBucket } from "../secure-bucket";

/** Props of {@link StateBackend}. */
export interface StateBackendProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Name of the DynamoDB lock table. */
  readonly lockTableName: string;
  /**
   * Days an old state version is kept. Every apply writes a version, so this bounds how far back a state can be
   * restored.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * Where Terraform keeps the state of an environment: a versioned, encrypted, private S3 bucket that refuses to be
 * destroyed, and a DynamoDB lock table keyed on `LockID`.
 */
export class StateBackend extends Construct {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** ARN of the state bucket. */
  readonly bucketArn: string;
  /** Name of the lock table. */
  readonly lockTableName: string;
  /** ARN of the lock table. */
  readonly lockTableArn: string;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const bucket = new SecureBucket(this, "StateBucket", {
      bucketName: props.bucketName,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 90,
      preventDestroy: true,
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;

    const table = new DynamodbTable(this, "LockTable", {
      name: props.lockTableName,
      // The S3 backend looks locks up by this exact key name.
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      // A few requests per plan: on-demand costs cents, provisioned capacity would cost more idle.
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
    acknowledge(
      table,
      "DYNAMODB-CMK",
      "the lock table holds lock IDs and the state's MD5 digest, never state or secrets, under the AWS managed " +
        "aws/dynamodb key; the state itself is in the SSE-KMS bucket, and a key of its own would cost USD 1 a month",
    );
    this.lockTableName = table.name;
    this.lockTableArn = table.arn;
  }
}
