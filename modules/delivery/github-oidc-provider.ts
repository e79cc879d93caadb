import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";

/** The audience GitHub's AWS credentials action asks tokens for. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** Props of {@link GitHubOidcProvider}. */
export interface GitHubOidcProviderProps {
  /** The account the provider lives in, for the adopted provider's ARN. */
  readonly accountId: string;
  /**
   * Adopt the provider another environment of the same account created, instead of creating one: an account has
   * at most one provider per issuer URL.
   * @default false - the provider is created here
   */
  readonly adoptExisting?: boolean;
}

/**
 * GitHub's OIDC identity provider in IAM, which lets workflows assume roles with short-lived tokens instead of
 * stored access keys. Created once per AWS account; other environments of the account adopt it.
 *
 * No thumbprint: AWS verifies GitHub's certificate itself and ignores thumbprints for this issuer, and provider
 * 5.100 no longer requires one.
 */
export class GitHubOidcProvider extends Construct {
  /** ARN of the provider, the `Federated` principal of the trust policies. */
  readonly arn: string;
  /** The provider, when this environment creates it. */
  readonly provider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps) {
    super(scope, id);
    if (props.adoptExisting) {
      this.arn = `arn:aws:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}`;
      return;
    }
    this.provider = new IamOpenidConnectProvider(this, "Provider", {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    this.arn = this.provider.arn;
  }
}
