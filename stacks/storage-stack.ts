import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { appHostRoleName } from "../config";
import { AppStorage } from "../modules/app-storage";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The application's file bucket (S1). */
export class StorageStack extends EnvironmentStack {
  /** The application bucket. */
  readonly storage: AppStorage;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "storage", props);
    const env = props.environment;
    this.storage = new AppStorage(this, "AppStorage", {
      bucketName: env.storage.bucketName,
      // By name: the role is created later, by the compute stack, which reads this bucket's ARN.
      appRoleArnPattern: `arn:aws:iam::${env.allowedAccountId ?? "*"}:role/${appHostRoleName(env)}`,
      additionalObjectAccessArns: env.storage.additionalObjectAccessArns,
      noncurrentVersionExpirationDays: env.storage.noncurrentVersionExpirationDays,
      cors: env.storage.cors,
      preventDestroy: env.storage.preventDestroy,
    });
    new TerraformOutput(this, "BucketName", { value: this.storage.bucketName });
    new TerraformOutput(this, "BucketArn", { value: this.storage.bucketArn });
  }
}
