import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ecrRepositoryName } from "../config";
import { ContainerRegistry } from "../modules/container-registry";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The ECR repository of the application image (E1). */
export class RegistryStack extends EnvironmentStack {
  /** The repository. */
  readonly registry: ContainerRegistry;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "registry", props);
    const env = props.environment;
    this.registry = new ContainerRegistry(this, "ContainerRegistry", {
      repositoryName: ecrRepositoryName(env),
      keepImageCount: env.registry.keepImageCount,
      untaggedExpiryDays: env.registry.untaggedExpiryDays,
      preventDestroy: env.registry.preventDestroy,
    });
    new TerraformOutput(this, "RepositoryUrl", { value: this.registry.repositoryUrl });
    new TerraformOutput(this, "RepositoryArn", { value: this.registry.repositoryArn });
  }
}
