import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import {
  appLogGroupName,
  appParameterPath,
  databaseMasterSecretParameterName,
  imageRepositoryParameterName,
  imageTagParameterName,
  parameterPath,
} from "../config";
import { AppParameters } from "../modules/app-parameters";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The database as the application connects to it (from the database stack). */
export interface ParametersDatabase {
  /** Host name of the database (`DB_HOST`). */
  readonly dbEndpoint: string;
  /** Port of the database (`DB_PORT`). */
  readonly dbPort: number;
  /** Name of the application's database (`DB_NAME`). */
  readonly databaseName: string;
  /** ARN of the master user secret (`database/master-secret-arn`, for the host's first-start step only). */
  readonly masterUserSecretArn: string;
  /**
   * Host name for read-only connections (`DB_READER_HOST`): the first read replica.
   * @default - the database itself (`DB_HOST`), when it has no replica
   */
  readonly readerEndpoint?: string;
}

/** Props of {@link ParametersStack}. */
export interface ParametersStackProps extends EnvironmentStackProps {
  /** The database (from the database stack). */
  readonly database: ParametersDatabase;
  /** Name of the application bucket (from the storage stack). */
  readonly bucketName: string;
  /** URL of the image repository (from the registry stack). */
  readonly imageRepositoryUrl: string;
}

/**
 * The Parameter Store namespace `/<project>/<environment>/` (K1): what the application needs from the
 * infrastructure under `app/`, the image repository and tag under `deploy/`, and the master secret's ARN under
 * `database/`, outside what the container receives. Operators' secrets live next to these (SecureString, under
 * `app/`) and are never managed here.
 */
export class ParametersStack extends EnvironmentStack {
  /** The parameters. */
  readonly parameters: AppParameters;

  constructor(scope: Construct, props: ParametersStackProps) {
    super(scope, "parameters", props);
    const env = props.environment;
    this.parameters = new AppParameters(this, "AppParameters", {
      appParameterPath: appParameterPath(env),
      imageTagParameterName: imageTagParameterName(env),
      imageRepositoryParameterName: imageRepositoryParameterName(env),
      imageRepositoryUrl: props.imageRepositoryUrl,
      masterSecretArnParameterName: databaseMasterSecretParameterName(env),
      masterSecretArn: props.database.masterUserSecretArn,
      environment: {
        AWS_REGION: env.region,
        DB_HOST: props.database.dbEndpoint,
        // Read-only queries go here; the same host as DB_HOST until a read replica exists.
        DB_READER_HOST: props.database.readerEndpoint ?? props.database.dbEndpoint,
        DB_PORT: Token.asString(props.database.dbPort),
        DB_NAME: props.database.databaseName,
        // The application's own user: it signs in with IAM authentication tokens, never a password
        // (docs/database-access.md).
        DB_USER: env.database.appUsername,
        // The database refuses unencrypted connections (rds.force_ssl), and IAM authentication needs TLS.
        PGSSLMODE: "require",
        S3_BUCKET: props.bucketName,
        LOG_GROUP: appLogGroupName(env),
      },
    });
    new TerraformOutput(this, "ParameterPath", { value: `${parameterPath(env)}/` });
    new TerraformOutput(this, "ImageTagParameter", { value: this.parameters.imageTagParameterName });
  }
}
