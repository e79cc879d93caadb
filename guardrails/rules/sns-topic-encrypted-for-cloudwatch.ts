import { actionMatches, readPolicy } from "../policy";
import { SynthesizedStack, refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg } from "../values";

const CLOUDWATCH = "cloudwatch.amazonaws.com";
const REQUIRED_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * Alarm topics are encrypted with a customer managed key that CloudWatch may use: CloudWatch cannot publish to a
 * topic encrypted with the AWS managed `alias/aws/sns` key, and the alarm then fails silently.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export const snsTopicEncryptedForCloudwatch: GuardrailRule = {
  id: "SNS-ENCRYPTED",
  description:
    "SNS topics set kms_master_key_id to a customer managed key (not alias/aws/sns); when the key is in the same " +
    "stack, its policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*.",
  equivalents: { checkov: ["CKV_AWS_26"], cdkNag: ["AwsSolutions-SNS2"], fsbp: ["SNS.1"] },
  appliesTo: ["aws_sns_topic"],
  check(topic, { stack }) {
    const keyId = stringArg(topic.config.kms_master_key_id);
    if (keyId.state === "unset") {
      return nonCompliant(
        "the topic is not encrypted",
        "set kms_master_key_id to a customer managed key whose policy lets cloudwatch.amazonaws.com use " +
          "kms:Decrypt and kms:GenerateDataKey*",
      );
    }
    // A reference must lead to a key: an aws_kms_key or aws_kms_alias, a data source, an upstream stack's output
    // or a module output. A reference to any other resource's attribute carries a value nobody here can read.
    const referenced = /^\$\{([a-z][a-z0-9_]*)\./.exec(String(topic.config.kms_master_key_id ?? ""))?.[1];
    const leadsToKey = !referenced || ["data", "module", "aws_kms_key", "aws_kms_alias"].includes(referenced);
    if (isComputed(topic.config.kms_master_key_id) || !leadsToKey) {
      return cannotVerify(
        this.id,
        "kms_master_key_id",
        topic.config.kms_master_key_id,
        "a reference to the aws_kms_key",
      );
    }
    if ((keyId.state === "set" && keyId.value.includes("alias/aws/sns")) || looksUpAwsManagedKey(stack, topic)) {
      return nonCompliant(
        "the topic uses the AWS managed key alias/aws/sns, which CloudWatch alarms cannot publish with",
        "use a customer managed key whose policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*",
      );
    }
    const key = keyOf(stack, topic.config.kms_master_key_id);
    if (!key || cloudwatchMayUse(stack, key)) return COMPLIANT;
    return nonCompliant(
      `the key ${key.address} does not let cloudwatch.amazonaws.com use it, so alarms cannot publish to the topic`,
      `add a key policy statement allowing Principal { Service = "${CLOUDWATCH}" } the actions kms:Decrypt and ` +
        "kms:GenerateDataKey*",
    );
  },
};

/** True when the key argument reads an AWS managed key through a data source (`data.aws_kms_alias` of alias/aws/sns). */
function looksUpAwsManagedKey(stack: SynthesizedStack, topic: TerraformBlock): boolean {
  const value = topic.config.kms_master_key_id;
  const match =
    typeof value === "string" ? /^\$\{data\.(aws_kms_alias|aws_kms_key)\.([A-Za-z0-9_-]+)\./.exec(value) : null;
  const lookup = match ? stack.dataSource(match[1], match[2]) : undefined;
  return [lookup?.name, lookup?.key_id].some((name) => typeof name === "string" && name.startsWith("alias/aws/"));
}

/** The aws_kms_key a topic's key argument points at, directly or through an aws_kms_alias of the same stack. */
function keyOf(stack: SynthesizedStack, value: unknown): TerraformBlock | undefined {
  const target = stack.referencedResource(value, ["aws_kms_key", "aws_kms_alias"]);
  if (target?.type === "aws_kms_alias") return stack.referencedResource(target.config.target_key_id, ["aws_kms_key"]);
  return target;
}

function cloudwatchMayUse(stack: SynthesizedStack, key: TerraformBlock): boolean {
  const separate = stack.resources("aws_kms_key_policy").filter((p) => refersTo(p.config.key_id, key.address));
  const policies = [key.config.policy, ...separate.map((p) => p.config.policy)]
    .map((policy) => readPolicy(policy, stack))
    .filter((policy) => policy.state !== "unset");
  // Without a policy the key gets the default one, which trusts the account's IAM principals only.
  if (policies.length === 0) return false;
  return policies.some((policy) => {
    if (policy.state !== "parsed") return true;
    const forCloudwatch = policy.statements.filter(
      (s) =>
        s.effect === "Allow" && s.principals.some((p) => p.type === "Service" && p.identifiers.includes(CLOUDWATCH)),
    );
    return REQUIRED_ACTIONS.every((action) =>
      forCloudwatch.some((s) => s.actions.some((pattern) => actionMatches(pattern, action))),
    );
  });
}
