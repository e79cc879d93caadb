import {
  ConfigError,
  EnvironmentConfig,
  EnvironmentInput,
  PROJECT,
  ProjectInput,
  loadEnvironments,
} from "../../config";

/** A project input with one environment changed by `change`; the others are kept as configured. */
export function projectWith(name: string, change: (env: EnvironmentInput) => EnvironmentInput): ProjectInput {
  return { ...PROJECT, environments: PROJECT.environments.map((env) => (env.name === name ? change(env) : env)) };
}

/** The validated configuration of one configured environment, optionally changed first. */
export function environmentConfig(
  name = "development",
  change: (env: EnvironmentInput) => EnvironmentInput = (env) => env,
): EnvironmentConfig {
  const [env] = loadEnvironments(projectWith(name, change), { only: [name] });
  return env;
}

/** The message of the ConfigError that loading `name`, changed by `change`, must throw. */
export function problemsFor(name: string, change: (env: EnvironmentInput) => EnvironmentInput): string {
  return problemsForProject(projectWith(name, change));
}

/** The message of the ConfigError that loading `project` must throw. */
export function problemsForProject(project: ProjectInput): string {
  try {
    loadEnvironments(project);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}
