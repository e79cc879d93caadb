import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository, EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { DataAwsSnsTopic } from "@cdktf/provider-aws/lib/data-aws-sns-topic";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformStack } from "cdktf";
import { AlarmNotifications, MetricAlarmSpec, createMetricAlarm } from "../../../modules/monitoring";
import { RuleCase } from "../../support/guardrails";

/** A key policy that keeps the account in control and lets CloudWatch alarms publish to an encrypted topic. */
const CLOUDWATCH_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Account",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "CloudWatchAlarms",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
  ],
});

/** An alarm as the monitoring module writes it. */
const ALARM_SPEC: MetricAlarmSpec = {
  alarmName: "webapp-production-app-cpu-high",
  description: "CPU high",
  namespace: "AWS/EC2",
  metricName: "CPUUtilization",
  statistic: "Average",
  threshold: 80,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  timing: { periodSec: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
  treatMissingData: "missing",
};

function alarm(stack: TerraformStack, change: Partial<CloudwatchMetricAlarmConfig> = {}): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(stack, "CpuHigh", {
    alarmName: "webapp-test-cpu-high",
    namespace: "AWS/EC2",
    metricName: "CPUUtilization",
    statistic: "Average",
    period: 300,
    evaluationPeriods: 1,
    threshold: 80,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    alarmActions: ["arn:aws:sns:ap-northeast-1:123456789012:webapp-test-alarms"],
    ...change,
  });
}

function repository(stack: TerraformStack, change: Partial<EcrRepositoryConfig> = {}): EcrRepository {
  const repo = new EcrRepository(stack, "Repository", {
    name: "webapp/app",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    ...change,
  });
  new EcrLifecyclePolicy(stack, "Lifecycle", {
    repository: repo.name,
    policy: JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: "keep the last 30 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
          action: { type: "expire" },
        },
      ],
    }),
  });
  return repo;
}

export const SERVICE_CASES: readonly RuleCase[] = [
  {
    ruleId: "LOGS-RETENTION",
    name: "30 days",
    expect: "compliant",
    build: (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/app", retentionInDays: 30 }),
  },
  {
    ruleId: "LOGS-RETENTION",
    name: "no retention",
    expect: "non-compliant",
    message: /keeps its events forever/,
    build: (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/app" }),
  },
  {
    ruleId: "LOGS-RETENTION",
    name: "retention 0 (never expire)",
    expect: "non-compliant",
    build: (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/app", retentionInDays: 0 }),
  },
  {
    ruleId: "LOGS-KMS-ENCRYPTED",
    name: "a log group under a customer managed key",
    expect: "compliant",
    build: (s) =>
      new CloudwatchLogGroup(s, "Logs", {
        name: "/webapp/app",
        retentionInDays: 30,
        kmsKeyId: new KmsKey(s, "Key", { enableKeyRotation: true }).arn,
      }),
  },
  {
    ruleId: "LOGS-KMS-ENCRYPTED",
    name: "a log group under CloudWatch Logs' own keys",
    expect: "non-compliant",
    message: /CloudWatch Logs' own keys only/,
    build: (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/app", retentionInDays: 30 }),
  },
  { ruleId: "ALARM-ACTIONS", name: "an alarm that notifies a topic", expect: "compliant", build: (s) => alarm(s) },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "a production alarm topic with an e-mail subscriber",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => {
      const topic = new SnsTopic(s, "Alarms", { name: "webapp-production-alarms" });
      new SnsTopicSubscription(s, "Ops", { topicArn: topic.arn, protocol: "email", endpoint: "ops@example.com" });
      alarm(s, { alarmActions: [topic.arn] });
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "a production alarm that also notifies an existing topic named by ARN (monitoring.alarmTopicArns)",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => {
      const topic = new SnsTopic(s, "Alarms", { name: "webapp-production-alarms" });
      alarm(s, { alarmActions: [topic.arn, "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts"] });
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "a production alarm that notifies an existing topic looked up by name",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => {
      const existing = new DataAwsSnsTopic(s, "OpsAlerts", { name: "ops-alerts" });
      alarm(s, { alarmActions: [existing.arn] });
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "the notifications module with an existing topic and no address",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => {
      const notifications = new AlarmNotifications(s, "Notifications", {
        namePrefix: "webapp-production",
        region: "ap-northeast-1",
        accountId: "123456789012",
        existingTopicArns: ["arn:aws:sns:ap-northeast-1:123456789012:ops-alerts"],
      });
      createMetricAlarm(s, "Cpu", notifications.notificationArns, ALARM_SPEC);
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "bypass: production alarms with actions that notify a topic nobody is subscribed to",
    expect: "non-compliant",
    environment: { name: "production" },
    message:
      /no alarm action reaches a person: aws_sns_topic\.Alarms has no aws_sns_topic_subscription.*monitoring\.alarmEmails.*monitoring\.alarmTopicArns/,
    build: (s) => {
      const topic = new SnsTopic(s, "Alarms", { name: "webapp-production-alarms" });
      alarm(s, { alarmActions: [topic.arn] });
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "bypass: the stack's own unsubscribed topic listed again by its ARN, as if it were an existing topic",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /aws_sns_topic\.Alarms has no aws_sns_topic_subscription/,
    build: (s) => {
      const topic = new SnsTopic(s, "Alarms", { name: "webapp-production-alarms" });
      alarm(s, { alarmActions: [topic.arn, "arn:aws:sns:ap-northeast-1:123456789012:webapp-production-alarms"] });
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "bypass: the notifications module used directly in production with no address and no existing topic",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /no alarm action reaches a person/,
    build: (s) => {
      const notifications = new AlarmNotifications(s, "Notifications", {
        namePrefix: "webapp-production",
        region: "ap-northeast-1",
        accountId: "123456789012",
      });
      createMetricAlarm(s, "Cpu", notifications.notificationArns, ALARM_SPEC);
    },
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "a production alarm whose only action is EC2 recovery",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /arn:aws:automate:ap-northeast-1:ec2:recover is not an SNS topic/,
    build: (s) => alarm(s, { alarmActions: ["arn:aws:automate:ap-northeast-1:ec2:recover"] }),
  },
  {
    ruleId: "ALARM-SUBSCRIBED",
    name: "outside production a topic without subscribers is allowed",
    expect: "not-applicable",
    build: (s) => {
      const topic = new SnsTopic(s, "Alarms", { name: "webapp-development-alarms" });
      alarm(s, { alarmActions: [topic.arn] });
    },
  },
  {
    ruleId: "ALARM-ACTIONS",
    name: "an alarm without actions",
    expect: "non-compliant",
    message: /no alarm_actions/,
    build: (s) => alarm(s, { alarmActions: undefined }),
  },
  {
    ruleId: "ALARM-ACTIONS",
    name: "an alarm with actions disabled",
    expect: "non-compliant",
    message: /actions_enabled = false/,
    build: (s) => alarm(s, { actionsEnabled: false }),
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "a topic on a customer managed key CloudWatch may use",
    expect: "compliant",
    build: (s) => {
      const key = new KmsKey(s, "Key", { enableKeyRotation: true, policy: CLOUDWATCH_KEY_POLICY });
      new SnsTopic(s, "Alarms", { name: "webapp-test-alarms", kmsMasterKeyId: key.arn });
    },
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "a topic on that key through an alias",
    expect: "compliant",
    build: (s) => {
      const key = new KmsKey(s, "Key", { enableKeyRotation: true, policy: CLOUDWATCH_KEY_POLICY });
      const alias = new KmsAlias(s, "Alias", { name: "alias/webapp-test-alarms", targetKeyId: key.keyId });
      new SnsTopic(s, "Alarms", { name: "webapp-test-alarms", kmsMasterKeyId: alias.arn });
    },
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "an unencrypted topic",
    expect: "non-compliant",
    message: /not encrypted/,
    build: (s) => new SnsTopic(s, "Alarms", { name: "webapp-test-alarms" }),
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "a topic on the AWS managed key",
    expect: "non-compliant",
    message: /alias\/aws\/sns, which CloudWatch alarms cannot publish with/,
    build: (s) => new SnsTopic(s, "Alarms", { name: "webapp-test-alarms", kmsMasterKeyId: "alias/aws/sns" }),
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "a topic on a key with the default key policy",
    expect: "non-compliant",
    message: /does not let cloudwatch\.amazonaws\.com use it/,
    build: (s) => {
      const key = new KmsKey(s, "Key", { enableKeyRotation: true });
      new SnsTopic(s, "Alarms", { name: "webapp-test-alarms", kmsMasterKeyId: key.arn });
    },
  },
  {
    ruleId: "SSM-SECURE-STRING",
    name: "a password stored as a SecureString",
    expect: "compliant",
    build: (s) =>
      new SsmParameter(s, "Password", { name: "/webapp/app/DB_PASSWORD", type: "SecureString", value: "x" }),
  },
  {
    ruleId: "SSM-SECURE-STRING",
    name: "a plain setting",
    expect: "not-applicable",
    build: (s) => new SsmParameter(s, "LogLevel", { name: "/webapp/app/LOG_LEVEL", type: "String", value: "info" }),
  },
  {
    ruleId: "SSM-SECURE-STRING",
    name: "the ARN of a secret (a pointer, not the secret)",
    expect: "not-applicable",
    build: (s) =>
      new SsmParameter(s, "SecretArn", { name: "/webapp/app/DB_SECRET_ARN", type: "String", value: "arn:aws:..." }),
  },
  {
    ruleId: "SSM-SECURE-STRING",
    name: "an API key stored as a String",
    expect: "non-compliant",
    message: /looks like a secret but is stored as String/,
    build: (s) => new SsmParameter(s, "ApiKey", { name: "/webapp/app/STRIPE_API_KEY", type: "String", value: "x" }),
  },
  { ruleId: "ECR-SCAN-ON-PUSH", name: "scan on push", expect: "compliant", build: (s) => repository(s) },
  {
    ruleId: "ECR-SCAN-ON-PUSH",
    name: "no scanning",
    expect: "non-compliant",
    message: /not scanned on push/,
    build: (s) => repository(s, { imageScanningConfiguration: undefined }),
  },
  { ruleId: "ECR-IMMUTABLE-TAGS", name: "immutable tags", expect: "compliant", build: (s) => repository(s) },
  {
    ruleId: "ECR-IMMUTABLE-TAGS",
    name: "mutable tags",
    expect: "non-compliant",
    message: /tags are mutable/,
    build: (s) => repository(s, { imageTagMutability: "MUTABLE" }),
  },
  { ruleId: "ECR-LIFECYCLE", name: "a lifecycle policy", expect: "compliant", build: (s) => repository(s) },
  {
    ruleId: "ECR-LIFECYCLE",
    name: "no lifecycle policy",
    expect: "non-compliant",
    message: /no lifecycle policy/,
    build: (s) => new EcrRepository(s, "Repository", { name: "webapp/app" }),
  },
  {
    ruleId: "KMS-ROTATION",
    name: "rotation on",
    expect: "compliant",
    build: (s) => new KmsKey(s, "Key", { enableKeyRotation: true }),
  },
  {
    ruleId: "KMS-ROTATION",
    name: "an asymmetric signing key (AWS cannot rotate it)",
    expect: "not-applicable",
    build: (s) => new KmsKey(s, "Key", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }),
  },
  {
    ruleId: "KMS-ROTATION",
    name: "rotation off",
    expect: "non-compliant",
    message: /rotation is off/,
    build: (s) => new KmsKey(s, "Key", {}),
  },
];
