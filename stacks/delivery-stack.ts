import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ecrRepositoryName, imageTagParameterName, resourcePrefix } from "../config";
import { DeliveryRoles, GitHubOidcProvider } from "../modules/delivery";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/**
 * The roles GitHub Actions assumes for this environment (Q1, Q2; docs/delivery.md): GitHub's OIDC provider
 * (created, or adopted from another environment of the account) and the plan, deploy, image and app-deploy roles.
 * Empty without `delivery` in configuration.
 *
 * A stack of its own, deployed by an administrator and never by the pipeline: the deploy role must not be able to
 * change the roles, its own included. It names everything from configuration, so it depends on no other stack.
 */
export class DeliveryStack extends EnvironmentStack {
  /** The roles, when delivery is configured. */
  readonly roles?: DeliveryRoles;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "delivery", props);
    const env = props.environment;
    const delivery = env.delivery;
    if (delivery === undefined) return;
    // Validation requires the account with delivery: the ARNs below name it.
    const accountId = env.allowedAccountId!;
    const prefix = resourcePrefix(env);
    const oidc = new GitHubOidcProvider(this, "GitHubOidc", { accountId, adoptExisting: delivery.adoptOidcProvider });
    this.roles = new DeliveryRoles(this, "Roles", {
      namePrefix: prefix,
      providerArn: oidc.arn,
      repositories: { infrastructure: delivery.infrastructureRepository, application: delivery.applicationRepository },
      branch: delivery.branch,
      githubEnvironment: delivery.githubEnvironment,
      region: env.region,
      accountId,
      state: {
        bucket: env.stateBackend.bucket,
        keyPrefix: `${env.name}/`,
        lockTable: env.stateBackend.locking === "dynamodb" ? env.stateBackend.lockTable : undefined,
      },
      scope: {
        projectName: env.projectName,
        environmentName: env.name,
        // The access-log bucket too in Phase 1: the switch to Phase 2 must not wait for this stack's deploy.
        bucketNames: [env.storage.bucketName, env.loadBalancer.accessLogBucketName],
        imageRepositoryName: ecrRepositoryName(env),
        imageParameterName: imageTagParameterName(env),
        // The names modules/load-balancer and modules/app-fleet give them (asserted against a Phase 2 synth).
        loadBalancerName: prefix,
        targetGroupName: `${prefix}-app`,
        autoScalingGroupName: `${prefix}-app`,
      },
    });
    const outputs = {
      PlanRoleArn: [this.roles.planRole.arn, "AWS_PLAN_ROLE_ARN_<ENVIRONMENT> (infrastructure repository variable)"],
      DeployRoleArn: [this.roles.deployRole.arn, "AWS_DEPLOY_ROLE_ARN (infrastructure repository, GitHub environment)"],
      ImageRoleArn: [this.roles.imageRole.arn, "AWS_IMAGE_ROLE_ARN (application repository, GitHub environment)"],
      AppDeployRoleArn: [
        this.roles.appDeployRole.arn,
        "AWS_APP_DEPLOY_ROLE_ARN (application repository, GitHub environment)",
      ],
    } as const;
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value, description: `Set as ${description}` });
    }
  }
}
