import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import {
  appLogGroupName,
  appParameterPath,
  imageRepositoryParameterName,
  imageTagParameterName,
  parameterPath,
} from "../config";
import { AppParameters } from "../modules/app-parameters";
import { AppStorage } from "../modules/app-storage";
import { ContainerRegistry } from "../modules/container-registry";
import { Database } from "../modules/database";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Props of {@link ParametersStack}. */
export interface ParametersStackProps extends EnvironmentStackProps {
  /** The database (from the database stack). */
  readonly database: Database;
  /** The application bucket (from the storage stack). */
  readonly storage: AppStorage;
  /** The image repository (from the registry stack). */
  readonly registry: ContainerRegistry;
}

/**
 * The Parameter Store namespace `/<project>/<environment>/` (K1): what the application needs from the
 * infrastructure under `app/`, the image repository and tag under `deploy/`. Operators' secrets live next to
 * these (SecureString, under `app/`) and are never managed here.
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
      imageRepositoryUrl: props.registry.repositoryUrl,
      environment: {
        AWS_REGION: env.region,
        DB_HOST: props.database.dbEndpoint,
        DB_PORT: Token.asString(props.database.dbPort),
        DB_NAME: props.database.databaseName,
        // An ARN, not a secret: the host reads the credentials it points to at start-up.
        DB_SECRET_ARN: props.database.masterUserSecretArn,
        // The database refuses unencrypted connections (rds.force_ssl).
        PGSSLMODE: "require",
        S3_BUCKET: props.storage.bucketName,
        LOG_GROUP: appLogGroupName(env),
      },
    });
    new TerraformOutput(this, "ParameterPath", { value: `${parameterPath(env)}/` });
    new TerraformOutput(this, "ImageTagParameter", { value: this.parameters.imageTagParameterName });
  }
}
