import {
  IDENTITY_POLICY_TYPES,
  identityPoliciesOf,
  isServiceWildcard,
  judgeActionsOnAnyResource,
  judgePolicies,
} from "../policy";
import { GuardrailRule } from "../types";

const RULE_ID = "IAM-NO-SERVICE-WILDCARD";

/** No identity gets a whole service on every resource (`s3:*` on `*`): that is administrator of the service. */
export const iamNoServiceWildcardOnAnyResource: GuardrailRule = {
  id: RULE_ID,
  description:
    'No identity policy allows every action of a service ("s3:*") on Resource "*" (or an ARN that is only ' +
    "wildcards, or NotResource).",
  equivalents: { checkov: ["CKV_AWS_355"], cdkNag: ["AwsSolutions-IAM5"], fsbp: ["IAM.21"] },
  appliesTo: [...IDENTITY_POLICY_TYPES, "aws_iam_role"],
  check(block, { stack }) {
    return judgePolicies(
      RULE_ID,
      identityPoliciesOf(block),
      stack,
      (statement) =>
        judgeActionsOnAnyResource(
          statement,
          isServiceWildcard,
          (actions) => `a statement allows ${actions.join(", ")} on every resource`,
        ),
      "list the service's actions this identity calls, on the ARNs of the resources it uses",
    );
  },
};
