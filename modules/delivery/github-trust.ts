import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER } from "./github-oidc-provider";

/** A GitHub repository, as OIDC tokens name it. */
export interface GitHubRepository {
  /** Organization or user, for example `example-org`. */
  readonly owner: string;
  /** Repository name, for example `webapp-infrastructure`. */
  readonly name: string;
  /**
   * Numeric id of the owner. With {@link repositoryId}, trust policies also accept the immutable subject form
   * (`repo:OWNER@<id>/NAME@<id>:...`) that repositories created from 2026-07-15 send.
   * @default - only the legacy form is accepted
   */
  readonly ownerId?: string;
  /**
   * Numeric id of the repository.
   * @default - only the legacy form is accepted
   */
  readonly repositoryId?: string;
}

/** What a workflow run is, as the token's `sub` names it after the repository. */
export type GitHubRunContext =
  | { readonly kind: "branch"; readonly branch: string }
  | { readonly kind: "environment"; readonly environment: string }
  | { readonly kind: "pull-request" };

/**
 * The exact `sub` values of `contexts` in `repository`, legacy form and, when the ids are known, the immutable form:
 * `repo:OWNER/NAME:ref:refs/heads/main`, `repo:OWNER/NAME:environment:production`, `repo:OWNER/NAME:pull_request`.
 */
export function githubSubjects(repository: GitHubRepository, contexts: readonly GitHubRunContext[]): string[] {
  const prefixes = [`repo:${repository.owner}/${repository.name}`];
  if (repository.ownerId && repository.repositoryId) {
    prefixes.push(`repo:${repository.owner}@${repository.ownerId}/${repository.name}@${repository.repositoryId}`);
  }
  return prefixes.flatMap((prefix) => contexts.map((context) => `${prefix}:${suffix(context)}`));
}

function suffix(context: GitHubRunContext): string {
  switch (context.kind) {
    case "branch":
      return `ref:refs/heads/${context.branch}`;
    case "environment":
      return `environment:${context.environment}`;
    case "pull-request":
      return "pull_request";
  }
}

/**
 * A role trust policy for GitHub Actions: the OIDC provider may assume the role only with a token for this
 * audience and one of `subjects` exactly (StringEquals: no wildcard can widen it to other repositories).
 */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_ISSUER}:sub`]: [...subjects],
          },
        },
      },
    ],
  });
}
