import { z } from "zod";
import { EnvironmentConfig, environmentSchema } from "./environment";
import { defaultAccessLogBucketName, defaultAppBucketName, isEnvironmentName } from "./names";
import { ConfigError } from "./problems";
import {
  DeepReadonly,
  acrossFields,
  acrossItems,
  dottedPath,
  isRecord,
  list,
  problemsOf,
  report,
  section,
  text,
} from "./rules";

const PROJECT_NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;

/** Which environments to build, and what the configuration is checked against. */
export interface LoadOptions {
  /**
   * Environment names to keep; an empty list or `undefined` keeps all of them.
   * @default - all environments
   */
  readonly only?: readonly string[];
  /**
   * The guardrail rule IDs that acknowledgements may name (the guardrails' `RULE_IDS`).
   * @default - rule IDs are not checked
   */
  readonly ruleIds?: readonly string[];
}

/** Resources that each environment must have to itself, by where they are configured. */
const UNSHARED = [
  {
    what: "a state bucket",
    path: ["stateBackend", "bucket"],
    fix: "give each environment its own state bucket: both bootstrap stacks would create it, and a mistake in one environment's state would reach the other's",
  },
  {
    what: "a lock table",
    path: ["stateBackend", "lockTable"],
    fix: "give each environment its own lock table: both bootstrap stacks would create it",
  },
  {
    what: "an application bucket",
    path: ["storage", "bucketName"],
    fix: "give each environment its own bucket, or remove bucketName to get <project>-<environment>-app-files: both storage stacks would create it",
  },
] as const;

/** The value at `path` inside `value`, or `undefined` when some step is not an object. */
function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((inner, key) => (isRecord(inner) ? inner[key] : undefined), value);
}

/**
 * The whole configuration: the project name and its environments. Besides each environment's checks, it refuses
 * a repeated environment and a state bucket, lock table or application bucket shared by two environments, and an
 * `options.only` name that is not configured. It resolves what depends on the project name: the default
 * application bucket name and the tags every resource carries.
 */
export function projectSchema(options: LoadOptions = {}) {
  const fields = section(
    "project",
    {
      /** Short lowercase name used in resource names, bucket names and the Parameter Store path. */
      projectName: text({
        test: (name) => PROJECT_NAME.test(name) && !name.includes("--"),
        expected: "2-16 characters of lowercase letters, digits and single hyphens, starting with a letter",
        fix: "choose a short name such as `webapp`; it becomes part of S3 bucket, IAM and load balancer names",
      }),
      /** The environments to build. */
      environments: acrossItems(
        list(environmentSchema(options.ruleIds), {
          expected: "a list of environments",
          fix: "write environments as a list of { name, phase, network, stateBackend }",
        }),
        (environments, ctx) => {
          environments.forEach((env, i) => {
            const name = at(env, ["name"]);
            if (environments.findIndex((other) => at(other, ["name"]) === name) < i) {
              report(ctx, [i, "name"], name, "each environment once", "remove the duplicate");
            }
          });
        },
      ),
    },
    { fix: "write the configuration as { projectName, environments: [...] }" },
  );
  return acrossFields(fields, (project, ctx) => {
    const environments = Array.isArray(project.environments) ? project.environments : [];
    const names = environments.map((env) => at(env, ["name"]));
    for (const { what, path, fix } of UNSHARED) {
      const owners = new Map<unknown, string>();
      environments.forEach((env, i) => {
        // A repeated environment is reported once, on its name, not again for every resource it repeats.
        if (names.indexOf(names[i]) < i) return;
        const given = at(env, path);
        const derived = given === undefined && path[0] === "storage";
        const value = derived
          ? defaultAppBucketName({ projectName: String(project.projectName), name: String(at(env, ["name"])) })
          : given;
        if (typeof value !== "string") return;
        const first = owners.get(value);
        if (first === undefined) {
          owners.set(value, dottedPath(environmentPath(environments, i), path) + (derived ? " (its default)" : ""));
        } else {
          report(
            ctx,
            ["environments", i, ...path],
            value,
            `${what} no other environment uses (${first} is ${value})`,
            fix,
          );
        }
      });
    }
    for (const name of (options.only ?? []).filter((n) => n.length > 0 && !names.includes(n))) {
      report(
        ctx,
        ["CDKTF_ENVIRONMENTS"],
        name,
        `one of the configured environments (${names.join(", ")})`,
        "set CDKTF_ENVIRONMENTS to a comma-separated list of configured environment names, or unset it to build all",
      );
    }
  }).transform(({ projectName, environments }) =>
    environments.map((env): EnvironmentConfig => ({
      ...env,
      projectName,
      storage: {
        ...env.storage,
        bucketName: env.storage.bucketName ?? defaultAppBucketName({ projectName, name: env.name }),
      },
      loadBalancer: {
        ...env.loadBalancer,
        accessLogBucketName:
          env.loadBalancer.accessLogBucketName ?? defaultAccessLogBucketName({ projectName, name: env.name }),
      },
      tags: { ...env.tags, project: projectName, environment: env.name, "managed-by": "cdktf" },
    })),
  );
}

/** The whole configuration, as written. */
export type ProjectInput = DeepReadonly<z.input<ReturnType<typeof projectSchema>>>;

/** `environments.<name>` for a known environment name, `environments[<index>]` otherwise. */
function environmentPath(environments: readonly unknown[], index: number): string {
  const name = at(environments[index], ["name"]);
  return isEnvironmentName(name) ? `environments.${name}` : `environments[${index}]`;
}

/** The dotted path users read for a path of the project schema. */
function projectPath(input: unknown, path: readonly PropertyKey[]): string {
  const environments = at(input, ["environments"]);
  if (path[0] === "environments" && typeof path[1] === "number" && Array.isArray(environments)) {
    return dottedPath(environmentPath(environments, path[1]), path.slice(2));
  }
  return path.length === 0 ? "configuration" : dottedPath("", path);
}

/**
 * Validates the whole configuration in one pass and resolves defaults and derived values.
 *
 * @throws ConfigError listing every problem (field path, value received, what is expected, how to fix it).
 */
export function loadEnvironments(input: ProjectInput, options: LoadOptions = {}): EnvironmentConfig[] {
  const result = projectSchema(options).safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(problemsOf(result.error.issues, (path) => projectPath(input, path)));
  const only = (options.only ?? []).filter((name) => name.length > 0);
  return only.length === 0 ? result.data : result.data.filter((env) => only.includes(env.name));
}
