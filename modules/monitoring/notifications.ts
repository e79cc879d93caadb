import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";

/** Props of {@link AlarmNotifications}. */
export interface AlarmNotificationsProps {
  /** Prefix of the topic, key alias and alarm names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Region of the alarms; part of the alarm ARNs the policies accept. */
  readonly region: string;
  /** AWS account id (may be a token); the account that owns the topic, the key and the alarms. */
  readonly accountId: string;
  /**
   * Email addresses subscribed to the topic; each must confirm the subscription mail.
   * @default []
   */
  readonly emailAddresses?: readonly string[];
  /**
   * ARNs of existing SNS topics, in the alarms' region, that every alarm also notifies (for example the topic an
   * Amazon Q Developer chat channel or an incident tool already subscribes to). Their policies, keys and
   * subscribers are managed where they live; each must let `cloudwatch.amazonaws.com` publish.
   * @default []
   */
  readonly existingTopicArns?: readonly string[];
  /**
   * Refuse `terraform destroy` of the key (`lifecycle.prevent_destroy`): a destroy schedules its deletion, after
   * which nothing it encrypted can be read.
   * @default true
   */
  readonly preventKeyDestroy?: boolean;
  /**
   * Days KMS waits before deleting the key after `terraform destroy`; the key can be recovered until then.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
}

/**
 * The alarm topic of one environment: an SNS topic encrypted with a customer-managed KMS key that CloudWatch
 * alarms may use, a policy that accepts only TLS and only this account's alarms, and email subscriptions; plus any
 * existing topics the alarms notify as well.
 *
 * The AWS-managed key `alias/aws/sns` cannot be used: its policy cannot be changed to let
 * `cloudwatch.amazonaws.com` generate data keys, so alarm notifications to such a topic are dropped silently.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export class AlarmNotifications extends Construct {
  /** ARN of the topic every alarm notifies. */
  readonly topicArn: string;
  /** ARNs of every topic the alarms notify: {@link topicArn}, then the existing topics, in configuration order. */
  readonly notificationArns: readonly string[];
  /** ARN of the key that encrypts the topic. */
  readonly keyArn: string;
  /** The topic resource. */
  readonly topic: SnsTopic;
  /** The key resource. */
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    const account = props.accountId;
    const alarmArnPattern = `arn:aws:cloudwatch:${props.region}:${account}:alarm:${props.namePrefix}-*`;
    // Confused-deputy guard: CloudWatch may use the key and the topic only on behalf of this account's alarms.
    const fromOwnAlarms = {
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: { "aws:SourceArn": alarmArnPattern },
    };

    this.key = new KmsKey(this, "Key", {
      description: `Encrypts the ${props.namePrefix} alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      lifecycle: (props.preventKeyDestroy ?? true) ? { preventDestroy: true } : undefined,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            // Without this statement IAM policies could not grant use of the key and it could become unmanageable.
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: fromOwnAlarms,
          },
        ],
      }),
    });
    new KmsAlias(this, "KeyAlias", { name: `alias/${props.namePrefix}-alarms`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;

    this.topic = new SnsTopic(this, "Topic", {
      name: `${props.namePrefix}-alarms`,
      displayName: `${props.namePrefix} alarms`,
      kmsMasterKeyId: this.key.arn,
    });
    this.topicArn = this.topic.arn;
    this.notificationArns = [this.topicArn, ...(props.existingTopicArns ?? [])];

    new SnsTopicPolicy(this, "TopicPolicy", {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:*",
            Resource: this.topic.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            // A topic policy replaces the default one, so the owner's rights are restated here.
            Sid: "AccountManagesTopic",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: [
              "sns:GetTopicAttributes",
              "sns:SetTopicAttributes",
              "sns:AddPermission",
              "sns:RemovePermission",
              "sns:DeleteTopic",
              "sns:Subscribe",
              "sns:ListSubscriptionsByTopic",
              "sns:Publish",
            ],
            Resource: this.topic.arn,
          },
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: fromOwnAlarms,
          },
        ],
      }),
    });

    // Keyed by address, not position: removing one address leaves the other subscriptions alone.
    for (const email of props.emailAddresses ?? []) {
      new SnsTopicSubscription(this, `Email-${email.toLowerCase()}`, {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: email,
      });
    }
  }
}
