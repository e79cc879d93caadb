/**
 * Names every stack derives from configuration alone, so that a stack can refer to another stack's resource by
 * name without a cross-stack reference (and the dependency, or cycle, that would come with it).
 *
 * Changing any of these renames (and so replaces) real infrastructure.
 */

/** The environments this project knows. Adding one means adding its configuration in `environments.ts`. */
export const ENVIRONMENT_NAMES = ["development", "test", "production"] as const;

/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** True when `name` is one of {@link ENVIRONMENT_NAMES}. */
export function isEnvironmentName(name: unknown): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly unknown[]).includes(name);
}

/** The two configuration fields every name is built from. */
export interface NamingContext {
  /** Project name, for example `webapp`. */
  readonly projectName: string;
  /** Environment name, for example `production`. */
  readonly name: string;
}

/** Prefix of resource names that share one namespace per account: `<project>-<environment>`. */
export function resourcePrefix(env: NamingContext): string {
  return `${env.projectName}-${env.name}`;
}

/** The CloudWatch Logs group the application container writes to: `/<project>/<environment>/app`. */
export function appLogGroupName(env: NamingContext): string {
  return `/${env.projectName}/${env.name}/app`;
}

/** Root of this environment's Parameter Store namespace, without a trailing slash: `/<project>/<environment>`. */
export function parameterPath(env: NamingContext): string {
  return `/${env.projectName}/${env.name}`;
}

/**
 * Path of the application's environment variables: one parameter per variable, named after it
 * (`/<project>/<environment>/app/DB_HOST`). Operators add their secrets here as SecureString.
 */
export function appParameterPath(env: NamingContext): string {
  return `${parameterPath(env)}/app`;
}

/** Parameter holding the image tag the host runs; deploys change it, Terraform never does after creating it. */
export function imageTagParameterName(env: NamingContext): string {
  return `${parameterPath(env)}/deploy/image-tag`;
}

/** Parameter holding the ECR repository URL the host pulls from. */
export function imageRepositoryParameterName(env: NamingContext): string {
  return `${parameterPath(env)}/deploy/image-repository`;
}

/**
 * Parameter holding the ARN of the database's master user secret. It lives outside `app/`, so the container never
 * receives it: only the host's first-start step reads it, to create the application's own database user.
 */
export function databaseMasterSecretParameterName(env: NamingContext): string {
  return `${parameterPath(env)}/database/master-secret-arn`;
}

/** The ECR repository of the application image: `<project>/<environment>/app`. */
export function ecrRepositoryName(env: NamingContext): string {
  return `${env.projectName}/${env.name}/app`;
}

/** The RDS instance identifier (also the prefix of its CloudWatch log groups): `<project>-<environment>`. */
export function databaseIdentifier(env: NamingContext): string {
  return resourcePrefix(env);
}

/** The IAM role of the application host: `<project>-<environment>-app-host`. */
export function appHostRoleName(env: NamingContext): string {
  return `${resourcePrefix(env)}-app-host`;
}

/** The default name of the application bucket, when configuration names none. */
export function defaultAppBucketName(env: NamingContext): string {
  return `${resourcePrefix(env)}-app-files`;
}

/** The default name of the load balancer's access-log bucket, when configuration names none. */
export function defaultAccessLogBucketName(env: NamingContext): string {
  return `${resourcePrefix(env)}-alb-logs`;
}
