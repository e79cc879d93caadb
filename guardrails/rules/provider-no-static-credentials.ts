import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { stringArg } from "../values";

const STATIC_ARGUMENTS = ["access_key", "secret_key", "token"];

/** Keys never live in the configuration: Terraform gets credentials from the environment, SSO or an OIDC role. */
export const providerNoStaticCredentials: GuardrailRule = {
  id: "PROVIDER-NO-STATIC-KEYS",
  description: "The AWS provider sets no access_key, secret_key or token.",
  equivalents: { checkov: ["CKV_AWS_41"] },
  appliesTo: ["provider.aws"],
  check(provider) {
    const set = STATIC_ARGUMENTS.filter((key) => stringArg(provider.config[key]).state !== "unset");
    if (set.length === 0) return COMPLIANT;
    return nonCompliant(
      `the provider sets ${set.join(", ")}, so credentials end up in cdktf.out, in git and in CI logs`,
      "remove them; use AWS_PROFILE or SSO locally and an OIDC-assumed role in CI",
    );
  },
};
