import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";

/** One IAM policy statement, as JSON. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: unknown;
}

/** Props of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Days a replaced or deleted object version is kept before it expires.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current objects expire (for log buckets).
   * @default - objects are kept
   */
  readonly expirationDays?: number;
  /**
   * Default encryption: SSE-KMS with a bucket key, or SSE-S3 (`AES256`) where a writer cannot use KMS, such as
   * load balancer access logs.
   * @default "aws:kms"
   */
  readonly encryption?: "aws:kms" | "AES256";
  /**
   * Days after which an unfinished multipart upload is aborted (its parts are billed until then).
   * @default 7
   */
  readonly abortIncompleteUploadDays?: number;
  /**
   * Statements added to the bucket policy after the TLS-only deny.
   * @default []
   */
  readonly additionalPolicyStatements?: readonly PolicyStatement[];
  /**
   * Refuse `terraform destroy` on the bucket (`lifecycle.prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Let `terraform destroy` empty a non-empty bucket. Only for throwaway environments.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket with the settings every bucket of this project needs: versioning, SSE-KMS with a bucket key,
 * all four public access blocks, ACLs disabled (bucket owner enforced), a policy that denies plain HTTP, and a
 * lifecycle that expires old versions and aborts incomplete uploads.
 */
export class SecureBucket extends Construct {
  /** The bucket resource. */
  readonly bucket: S3Bucket;
  /** Name of the bucket. */
  readonly bucketName: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    new S3BucketVersioning(this, "Versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfiguration(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [
        (props.encryption ?? "aws:kms") === "aws:kms"
          ? // The bucket key cuts KMS requests (and their cost) by about 99 % for SSE-KMS.
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
        },
        ...(props.expirationDays === undefined
          ? []
          : [
              {
                id: "expire-current-objects",
                status: "Enabled",
                filter: [{}],
                expiration: [{ days: props.expirationDays }],
              },
            ]),
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteUploadDays ?? 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(props.additionalPolicyStatements ?? []),
        ],
      }),
      // S3 rejects a policy write while the public access block is being changed.
      dependsOn: [publicAccessBlock],
    });
  }
}
