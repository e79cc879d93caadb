import { hasScopingCondition, hasWildcardPrincipal, readPolicy } from "../policy";
import { COMPLIANT, GuardrailRule, TerraformBlock, nonCompliant } from "../types";

/** Where each resource type keeps the policy that names who may use it. */
const POLICY_ARGUMENT: Readonly<Record<string, string>> = {
  aws_iam_role: "assume_role_policy",
  aws_s3_bucket_policy: "policy",
  aws_sns_topic: "policy",
  aws_sns_topic_policy: "policy",
  aws_sqs_queue_policy: "policy",
  aws_ecr_repository_policy: "policy",
  aws_kms_key: "policy",
  aws_kms_key_policy: "policy",
  aws_cloudwatch_log_resource_policy: "policy_document",
};

/**
 * Trust and resource policies never allow anyone at all: an `Allow` for principal `*` must be pinned by a
 * condition to this account, organisation or source.
 */
export const noWildcardPrincipal: GuardrailRule = {
  id: "IAM-NO-WILDCARD-PRINCIPAL",
  description:
    'Role trust policies and resource policies (S3, SNS, SQS, ECR, KMS, CloudWatch Logs) have no Allow for principal "*" ' +
    "unless a condition pins it to a source or account (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, ...).",
  equivalents: {
    checkov: ["CKV_AWS_60", "CKV_AWS_32", "CKV_AWS_169"],
    cdkNag: ["AwsSolutions-ECR1"],
  },
  appliesTo: Object.keys(POLICY_ARGUMENT),
  check(block, { stack }) {
    const document = readPolicy(policyOf(block), stack);
    if (document.state !== "parsed") return COMPLIANT;
    const open = document.statements.find(
      (s) => s.effect === "Allow" && hasWildcardPrincipal(s) && !hasScopingCondition(s),
    );
    if (!open) return COMPLIANT;
    return nonCompliant(
      `a statement allows ${open.actions.join(", ") || "actions"} to any principal ("*")`,
      "name the principals (a service, a role ARN, this account), or add a condition on aws:SourceArn, " +
        "aws:SourceAccount or aws:PrincipalOrgID",
    );
  },
};

function policyOf(block: TerraformBlock): unknown {
  return block.config[POLICY_ARGUMENT[block.type]];
}
