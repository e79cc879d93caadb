import { EnvironmentInput } from "../../config";
import { environmentConfig, problemsFor } from "../support/environment";

const REPOSITORIES = {
  infrastructureRepository: { owner: "example-org", name: "webapp-infrastructure" },
  applicationRepository: { owner: "example-org", name: "webapp" },
};

describe("delivery configuration", () => {
  test("production ships with a marked placeholder account and its repositories; the GitHub environment defaults", () => {
    const production = environmentConfig("production");
    expect(production.allowedAccountId).toMatch(/^\d{12}$/);
    expect(production.delivery).toEqual({
      ...REPOSITORIES,
      branch: "main",
      githubEnvironment: "production",
      adoptOidcProvider: false,
    });
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "production without an account",
      ({ allowedAccountId: _, ...env }) => env,
      /environments\.production\.allowedAccountId: got undefined; expected the production account's 12-digit id\. Fix: set allowedAccountId/,
    ],
    [
      "a wildcard branch",
      (env) => ({ ...env, delivery: { ...REPOSITORIES, branch: "release/*" } }),
      /delivery\.branch: got "release\/\*"; expected a branch name, without wildcards/,
    ],
    [
      "an owner with a slash",
      (env) => ({ ...env, delivery: { ...REPOSITORIES, applicationRepository: { owner: "org/*", name: "webapp" } } }),
      /delivery\.applicationRepository\.owner: got "org\/\*"; expected a GitHub organization or user name/,
    ],
    [
      "one numeric id without the other",
      (env) => ({
        ...env,
        delivery: { ...REPOSITORIES, applicationRepository: { owner: "o", name: "r", ownerId: "12" } },
      }),
      /delivery\.applicationRepository\.repositoryId: got undefined; expected ownerId and repositoryId together/,
    ],
    [
      "an unknown key",
      (env) => ({ ...env, delivery: { ...REPOSITORIES, repository: "o/r" } as never }),
      /delivery\.repository/,
    ],
  ])("refused: %s", (_, change, message) => {
    expect(problemsFor("production", change)).toMatch(message);
  });

  test("delivery outside production needs the account its role ARNs name", () => {
    expect(problemsFor("test", (env) => ({ ...env, delivery: REPOSITORIES }))).toMatch(
      /environments\.test\.allowedAccountId: got undefined; expected the account's 12-digit id, which the delivery roles' ARNs name\. Fix: set allowedAccountId, or remove delivery/,
    );
    const test = environmentConfig("test", (env) => ({
      ...env,
      allowedAccountId: "123456789012",
      delivery: REPOSITORIES,
    }));
    expect(test.delivery?.githubEnvironment).toBe("test");
  });
});
