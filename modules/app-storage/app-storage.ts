import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { Construct } from "constructs";
import { SecureBucket } from "../secure-bucket";

/** Object-level actions that only the application (and the principals named in configuration) may perform. */
export const APP_OBJECT_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
] as const;

/** Cross-origin access to the bucket. */
export interface AppStorageCors {
  /** Allowed origins. */
  readonly allowedOrigins: readonly string[];
  /** Allowed methods. */
  readonly allowedMethods: readonly string[];
  /** Allowed request headers. */
  readonly allowedHeaders: readonly string[];
  /** Preflight cache time, in seconds. */
  readonly maxAgeSec: number;
}

/** Props of {@link AppStorage}. */
export interface AppStorageProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * ARN pattern of the application host's role (`arn:aws:iam::<account or *>:role/<name>`). A name rather than a
   * reference, so that the bucket does not depend on the compute stack, which depends on it.
   */
  readonly appRoleArnPattern: string;
  /**
   * Other IAM principals that may read and write objects.
   * @default []
   */
  readonly additionalObjectAccessArns?: readonly string[];
  /**
   * Days replaced or deleted object versions are kept.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Browser access from other origins.
   * @default - none
   */
  readonly cors?: AppStorageCors;
  /**
   * Refuse `terraform destroy` on the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The application's file bucket (images and uploads): a {@link SecureBucket} (encryption, versioning, all public
 * access blocked, ACLs disabled, TLS only, lifecycle) whose policy also denies object reads and writes to every
 * principal except the application host's role and the ARNs named in configuration. The role's own IAM policy
 * grants the access; this deny makes sure nobody else gets it through a broad IAM policy.
 */
export class AppStorage extends Construct {
  /** The bucket. */
  readonly bucket: SecureBucket;
  /** Name of the bucket. */
  readonly bucketName: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: AppStorageProps) {
    super(scope, id);
    const allowed = [props.appRoleArnPattern, ...(props.additionalObjectAccessArns ?? [])];
    this.bucket = new SecureBucket(this, "Bucket", {
      bucketName: props.bucketName,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 90,
      preventDestroy: props.preventDestroy ?? true,
      additionalPolicyStatements: [
        {
          Sid: "DenyObjectAccessExceptApplication",
          Effect: "Deny",
          Principal: "*",
          Action: [...APP_OBJECT_ACTIONS],
          Resource: `arn:aws:s3:::${props.bucketName}/*`,
          Condition: { ArnNotLike: { "aws:PrincipalArn": allowed } },
        },
      ],
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;

    if (props.cors) {
      new S3BucketCorsConfiguration(this, "Cors", {
        bucket: this.bucket.bucket.id,
        corsRule: [
          {
            allowedOrigins: [...props.cors.allowedOrigins],
            allowedMethods: [...props.cors.allowedMethods],
            allowedHeaders: [...props.cors.allowedHeaders],
            exposeHeaders: ["ETag"],
            maxAgeSeconds: props.cors.maxAgeSec,
          },
        ],
      });
    }
  }
}
