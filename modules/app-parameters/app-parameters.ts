import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";

/**
 * The image tag parameter's value until the first deploy: the host waits (and retries every 30 s) while it sees
 * this value. `modules/app-host/app-container.sh` checks for the same word.
 */
export const IMAGE_TAG_NOT_DEPLOYED = "none";

/** Props of {@link AppParameters}. */
export interface AppParametersProps {
  /** Path of the application's environment variables, for example `/webapp/production/app`. */
  readonly appParameterPath: string;
  /** Name of the image tag parameter. */
  readonly imageTagParameterName: string;
  /** Name of the image repository parameter. */
  readonly imageRepositoryParameterName: string;
  /**
   * Environment variables the infrastructure provides, as variable name to value (plain, non-secret values
   * only: they are stored as `String`).
   */
  readonly environment: Readonly<Record<string, string>>;
  /** URL of the ECR repository the host pulls from. */
  readonly imageRepositoryUrl: string;
  /**
   * Name of the parameter holding the database master secret's ARN; outside {@link appParameterPath}, so that
   * the container never receives it.
   */
  readonly masterSecretArnParameterName: string;
  /** ARN of the database master user secret (an ARN, not the secret). */
  readonly masterSecretArn: string;
}

/**
 * The Parameter Store namespace of one environment:
 *
 * - `<appParameterPath>/<NAME>`: one `String` parameter per environment variable the infrastructure knows
 *   (database endpoint, bucket, region, ...). The host passes every parameter under this path to the container,
 *   including the `SecureString` secrets operators add next to them; Terraform never creates or reads those.
 * - the database master secret's ARN, which only the host's first-start step reads (to create the application's
 *   own database user); the container never receives it.
 * - the image repository URL, and the image tag to run. The tag is created once with
 *   {@link IMAGE_TAG_NOT_DEPLOYED}; after that deploys own it and Terraform ignores its value.
 *
 * All parameters are in the standard tier (no charge).
 */
export class AppParameters extends Construct {
  /** Name of the image tag parameter. */
  readonly imageTagParameterName: string;
  /** The parameters of the application environment, by variable name. */
  readonly environmentParameters: Readonly<Record<string, SsmParameter>>;

  constructor(scope: Construct, id: string, props: AppParametersProps) {
    super(scope, id);
    const environmentParameters: Record<string, SsmParameter> = {};
    for (const [name, value] of Object.entries(props.environment)) {
      environmentParameters[name] = new SsmParameter(this, `Env-${name}`, {
        name: `${props.appParameterPath}/${name}`,
        description: `Application environment variable ${name}, from the infrastructure`,
        type: "String",
        tier: "Standard",
        value,
      });
    }
    this.environmentParameters = environmentParameters;

    new SsmParameter(this, "MasterSecretArn", {
      name: props.masterSecretArnParameterName,
      description: "ARN of the database master secret, read once by the host to create the application's user",
      type: "String",
      tier: "Standard",
      value: props.masterSecretArn,
    });
    new SsmParameter(this, "ImageRepository", {
      name: props.imageRepositoryParameterName,
      description: "ECR repository the application host pulls from",
      type: "String",
      tier: "Standard",
      value: props.imageRepositoryUrl,
    });
    const imageTag = new SsmParameter(this, "ImageTag", {
      name: props.imageTagParameterName,
      description: "Image tag the application host runs; set by deploys (aws ssm put-parameter --overwrite)",
      type: "String",
      tier: "Standard",
      value: IMAGE_TAG_NOT_DEPLOYED,
      // Deploys own the value: a plan must never put an older tag back.
      lifecycle: { ignoreChanges: ["value"] },
    });
    this.imageTagParameterName = imageTag.name;
  }
}
