import { ConfigError, ConfigProblem } from "./problems";
import { EnvironmentInput } from "./environment";
import { ProjectInput } from "./validate";

/** The environment variable that carries a {@link ConfigPatch} into `main.ts` (read there, never in a module). */
export const CONFIG_PATCH_VARIABLE = "CDKTF_CONFIG_PATCH";

/**
 * Changes to the configuration of some environments, by environment name: each value is a JSON merge patch
 * (RFC 7396) of that environment as written in `environments.ts`, for example
 * `{"production": {"capabilities": {"database": {"multiAz": true}}}}`.
 */
export type ConfigPatch = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies a JSON merge patch (RFC 7396) to `target` and returns the result; neither argument is modified.
 *
 * Objects merge key by key, `null` deletes a key, and anything else (arrays included) replaces the target value.
 * @see https://www.rfc-editor.org/rfc/rfc7396
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Parses the text of a {@link ConfigPatch}, as given in {@link CONFIG_PATCH_VARIABLE}.
 *
 * @throws ConfigError when the text is not JSON or not an object.
 */
export function parseConfigPatch(text: string, source = CONFIG_PATCH_VARIABLE): ConfigPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([
      {
        path: source,
        value: text,
        expected: `JSON (${(error as Error).message})`,
        fix: 'write a JSON object keyed by environment name, for example {"production": {"phase": 1}}',
      },
    ]);
  }
  if (!isObject(parsed)) {
    throw new ConfigError([
      {
        path: source,
        value: parsed,
        expected: "a JSON object keyed by environment name",
        fix: 'wrap the changes in the environment they apply to, for example {"production": {"phase": 1}}',
      },
    ]);
  }
  return parsed;
}

/**
 * Applies `patch` to the environments of `project` it names and returns the changed project, before validation
 * (so a patched environment is validated like any other).
 *
 * @throws ConfigError naming every environment of the patch that the project does not configure, every
 * environment patch that is not an object, and every attempt to rename an environment.
 */
export function applyConfigPatch(
  project: ProjectInput,
  patch: ConfigPatch,
  source = CONFIG_PATCH_VARIABLE,
): ProjectInput {
  const names = project.environments.map((env) => env.name);
  const problems: ConfigProblem[] = [];
  for (const [name, changes] of Object.entries(patch)) {
    if (!names.includes(name)) {
      problems.push({
        path: `${source}.${name}`,
        value: name,
        expected: `one of the configured environments (${names.join(", ")})`,
        fix: "key the patch by the name of an environment in config/environments.ts",
      });
    } else if (!isObject(changes)) {
      problems.push({
        path: `${source}.${name}`,
        value: changes,
        expected: "an object of changes to that environment (a JSON merge patch)",
        fix: 'write the fields to change, for example {"phase": 1}; environments cannot be removed by a patch',
      });
    } else if ("name" in changes) {
      problems.push({
        path: `${source}.${name}.name`,
        value: changes.name,
        expected: "no change of the environment name",
        fix: "remove `name` from the patch; an environment is renamed in config/environments.ts",
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...project,
    environments: project.environments.map((env) =>
      env.name in patch ? (mergePatch(env, patch[env.name]) as EnvironmentInput) : env,
    ),
  };
}

/**
 * One merge patch with the effect of applying `first`, then `second` (RFC 7396): the keys `second` deletes stay
 * `null`, so that they also delete what the target itself holds.
 */
export function composePatches(first: unknown, second: unknown): unknown {
  if (!isObject(second)) return second;
  const result: Record<string, unknown> = isObject(first) ? { ...first } : {};
  for (const [key, value] of Object.entries(second)) {
    result[key] = value === null ? null : composePatches(result[key], value);
  }
  return result;
}
