import {
  IDENTITY_POLICY_TYPES,
  identityPoliciesOf,
  isAdministratorAction,
  isServiceWildcard,
  judgeActionsOnAnyResource,
  judgePolicies,
} from "../policy";
import { GuardrailRule } from "../types";

const RULE_ID = "IAM-WRITES-NAME-RESOURCES";

/**
 * Verbs that start the name of an action that writes, deletes, runs or changes permissions. An action name is
 * the part after the service prefix; `Batch` is read past (`BatchWriteItem` writes, `BatchGetImage` reads).
 * Reads (`Get`, `List`, `Describe`, `Head`, `Query`, `Scan`, ...) and data-plane verbs (`Decrypt`, `Receive`,
 * `Connect`) are not writes here.
 */
export const WRITE_VERBS: readonly string[] = [
  "Abort",
  "Accept",
  "Add",
  "Allocate",
  "Apply",
  "Associate",
  "Attach",
  "Authorize",
  "Cancel",
  "Change",
  "Complete",
  "Copy",
  "Create",
  "Delete",
  "Deregister",
  "Detach",
  "Disable",
  "Disassociate",
  "Enable",
  "Execute",
  "Import",
  "Invoke",
  "Modify",
  "Move",
  "Publish",
  "Put",
  "Reboot",
  "Register",
  "Reject",
  "Release",
  "Remove",
  "Rename",
  "Replace",
  "Reset",
  "Restore",
  "Revoke",
  "Rotate",
  "Run",
  "Send",
  "Set",
  "Start",
  "Stop",
  "Tag",
  "Terminate",
  "Untag",
  "Update",
  "Upload",
  "Write",
];

/**
 * Write actions that act only on the caller itself, that AWS's own agent policies grant on `"*"`, and that take no
 * resource ARN: the SSM Agent reporting inventory and opening its Session Manager channels (AmazonSSMManagedInstanceCore),
 * and the CloudWatch agent publishing metrics (CloudWatchAgentServerPolicy; `cloudwatch:PutMetricData` has no
 * resource type and is narrowed with the `cloudwatch:namespace` condition key instead).
 *
 * The agent's writes that do take an instance, association or document ARN (`ssm:UpdateInstanceInformation`,
 * `ssm:PutComplianceItems`, `ssm:UpdateAssociationStatus`, `ssm:UpdateInstanceAssociationStatus`) are not here:
 * they name the account's instances (modules/app-runtime does).
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 */
export const CALLER_SCOPED_WRITES: readonly string[] = [
  "cloudwatch:PutMetricData",
  "ssm:PutConfigurePackageResult",
  "ssm:PutInventory",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "ec2messages:AcknowledgeMessage",
  "ec2messages:DeleteMessage",
  "ec2messages:FailMessage",
  "ec2messages:SendReply",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];

/**
 * True when an action (or pattern) may write: its name starts with a {@link WRITE_VERBS write verb}, or it is a
 * pattern that can match such a name (`s3:*Object`, `s3:P*`; `s3:Get*` cannot). `iam:PassRole`, `"*"` and `"svc:*"` are left to
 * IAM-PASS-ROLE-NAMED, IAM-NO-ADMIN and IAM-NO-SERVICE-WILDCARD.
 */
export function isWriteAction(action: string): boolean {
  if (isAdministratorAction(action) || isServiceWildcard(action)) return false;
  if (action.toLowerCase() === "iam:passrole") return false;
  if (CALLER_SCOPED_WRITES.some((allowed) => allowed.toLowerCase() === action.toLowerCase())) return false;
  const name = action.split(":")[1] ?? action;
  const unbatched = name.replace(/^Batch/i, "").toLowerCase();
  const wildcard = unbatched.search(/[*?]/);
  const literalPrefix = wildcard < 0 ? unbatched : unbatched.slice(0, wildcard);
  return WRITE_VERBS.map((verb) => verb.toLowerCase()).some(
    (verb) => literalPrefix.startsWith(verb) || (wildcard >= 0 && verb.startsWith(literalPrefix)),
  );
}

/**
 * Writes and permission changes name the resources they touch: on `"*"`, a leaked credential can delete or
 * rewrite anything of the service in the account, and `Put*Policy`, `Attach*`, `Create*` on `"*"` hand out new
 * permissions.
 */
export const iamWritesNameResources: GuardrailRule = {
  id: RULE_ID,
  description:
    "No identity policy allows a write or permission-changing action (Put*, Create*, Delete*, Update*, Attach*, Tag*, " +
    '... or a pattern starting with a wildcard) on Resource "*"; reads, and the few writes that act only on the ' +
    'caller (the SSM Agent\'s, cloudwatch:PutMetricData), may stay on "*".',
  equivalents: {
    checkov: ["CKV_AWS_290", "CKV_AWS_111", "CKV_AWS_289", "CKV_AWS_109", "CKV_AWS_355"],
    cdkNag: ["AwsSolutions-IAM5"],
  },
  appliesTo: [...IDENTITY_POLICY_TYPES, "aws_iam_role"],
  check(block, { stack }) {
    return judgePolicies(
      RULE_ID,
      identityPoliciesOf(block),
      stack,
      (statement) =>
        judgeActionsOnAnyResource(
          statement,
          isWriteAction,
          (actions) => `a statement allows ${actions.join(", ")} on every resource`,
        ),
      "set Resource to the ARNs these actions change (a reference such as ${aws_s3_bucket.Files.arn} is fine); where " +
        "AWS offers no resource-level permission, narrow the statement with the service's condition keys and " +
        `acknowledge ${RULE_ID} on this resource with the reason`,
    );
  },
};
