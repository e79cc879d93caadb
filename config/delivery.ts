import { z } from "zod";
import { DeepReadonly, acrossFields, failed, flag, report, section, text } from "./rules";

// GitHub: owners 1-39 alphanumerics and single hyphens; repository names of letters, digits, `.`, `_`, `-`.
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const NUMERIC_ID = /^[1-9]\d{0,19}$/;
const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,255}(?<![/.])$/;

/** A GitHub repository whose workflows assume roles of the environment. */
export const githubRepositorySchema = acrossFields(
  section(
    "GitHub repository",
    {
      /** Organization or user that owns the repository, for example `example-org`. */
      owner: text({
        test: (v) => GITHUB_OWNER.test(v),
        expected: "a GitHub organization or user name",
        fix: "copy the owner from the repository's URL, github.com/<owner>/<name>",
      }),
      /** Repository name, for example `webapp-infrastructure`. */
      name: text({
        test: (v) => GITHUB_REPOSITORY.test(v),
        expected: "a GitHub repository name",
        fix: "copy the name from the repository's URL, github.com/<owner>/<name>",
      }),
      /**
       * Numeric id of the owner (`gh api users/<owner> --jq .id`). With `repositoryId`, trust policies also accept
       * the immutable subject form that repositories created from 2026-07-15 send.
       * @default - only the legacy subject form
       */
      ownerId: text({
        test: (v) => NUMERIC_ID.test(v),
        expected: "a numeric GitHub id, as a string",
        fix: "run gh api users/<owner> --jq .id and quote the number",
      }).optional(),
      /**
       * Numeric id of the repository (`gh api repos/<owner>/<name> --jq .id`).
       * @default - only the legacy subject form
       */
      repositoryId: text({
        test: (v) => NUMERIC_ID.test(v),
        expected: "a numeric GitHub id, as a string",
        fix: "run gh api repos/<owner>/<name> --jq .id and quote the number",
      }).optional(),
    },
    { fix: "write the repository as { owner, name }" },
  ),
  (repository, ctx) => {
    const ids = [repository.ownerId, repository.repositoryId].filter((v) => v !== undefined);
    if (ids.length === 1 && !failed(ctx, "ownerId") && !failed(ctx, "repositoryId")) {
      report(
        ctx,
        [repository.ownerId === undefined ? "ownerId" : "repositoryId"],
        undefined,
        "ownerId and repositoryId together",
        "give both numeric ids (the immutable subject names both), or neither",
      );
    }
  },
);

/** GitHub Actions delivery of one environment: who may assume its roles (docs/delivery.md). */
export const deliverySchema = section(
  "delivery section",
  {
    /** The repository of this project: its pull requests plan, its main branch deploys. */
    infrastructureRepository: githubRepositorySchema,
    /** The application's repository: its workflow pushes images and deploys them. */
    applicationRepository: githubRepositorySchema,
    /**
     * Branch the infrastructure deploys from and checks drift on; the plan role trusts exactly this branch. The
     * workflows in .github/workflows use `main`: change them with it.
     * @default "main"
     */
    branch: text({
      test: (v) => BRANCH.test(v) && !/[*?]/.test(v),
      expected: "a branch name, without wildcards",
      fix: "name one branch, for example main: the plan role trusts exactly that branch",
    }).default("main"),
    /**
     * GitHub environment of the deploy jobs in both repositories; give `production` required reviewers and a
     * deployment-branch rule for `main`. The workflows name GitHub environments after the environments: change
     * them with it.
     * @default - the environment's name
     */
    githubEnvironment: text({
      test: (v) => /^[^*?:]{1,255}$/.test(v),
      expected: "a GitHub environment name, without wildcards or colons",
      fix: "use the name of the GitHub environment, for example production",
    }).optional(),
    /**
     * Adopt GitHub's OIDC provider that another environment of the same AWS account created, instead of creating
     * it: an account holds one provider per issuer.
     * @default false
     */
    adoptOidcProvider: flag().default(false),
  },
  { fix: "write delivery as { infrastructureRepository: { owner, name }, applicationRepository: { owner, name } }" },
);

/** GitHub Actions delivery of one environment, as written in configuration. */
export type DeliveryInput = DeepReadonly<z.input<typeof deliverySchema>>;
/** GitHub Actions delivery after validation. */
export type DeliveryConfig = DeepReadonly<z.output<typeof deliverySchema>>;
