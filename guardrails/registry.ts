import { alarmHasActions } from "./rules/alarm-has-actions";
import { alarmTopicSubscribedInProduction } from "./rules/alarm-topic-subscribed-in-production";
import { defaultSecurityGroupClosed } from "./rules/default-security-group-closed";
import { dynamodbCustomerManagedKey } from "./rules/dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "./rules/dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./rules/dynamodb-point-in-time-recovery";
import { ebsVolumesEncrypted } from "./rules/ebs-volumes-encrypted";
import { ecrLifecyclePolicy } from "./rules/ecr-lifecycle-policy";
import { ecrScanOnPush } from "./rules/ecr-scan-on-push";
import { ecrTagsImmutable } from "./rules/ecr-tags-immutable";
import { iamAllowWithoutNotAction } from "./rules/iam-allow-without-not-action";
import { iamNoAdminWildcard } from "./rules/iam-no-admin-wildcard";
import { iamNoServiceWildcardOnAnyResource } from "./rules/iam-no-service-wildcard-on-any-resource";
import { iamPassRoleNamesRoles } from "./rules/iam-pass-role-names-roles";
import { iamWritesNameResources } from "./rules/iam-writes-name-resources";
import { instanceDetailedMonitoringInProduction } from "./rules/instance-detailed-monitoring-in-production";
import { instanceHasProfile } from "./rules/instance-has-profile";
import { instanceMetadataHopLimitOne } from "./rules/instance-metadata-hop-limit-one";
import { instanceNoPublicIp } from "./rules/instance-no-public-ip";
import { instanceRequiresImdsv2 } from "./rules/instance-requires-imdsv2";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { logGroupKmsEncrypted } from "./rules/log-group-kms-encrypted";
import { logGroupRetentionSet } from "./rules/log-group-retention-set";
import { noWildcardPrincipal } from "./rules/no-wildcard-principal";
import { githubOidcTrustPinned } from "./rules/github-oidc-trust-pinned";
import { providerNoStaticCredentials } from "./rules/provider-no-static-credentials";
import { publicSubnetByDesign } from "./rules/public-subnet-by-design";
import { rdsBackupsRetained } from "./rules/rds-backups-retained";
import { rdsCopyTagsToSnapshot } from "./rules/rds-copy-tags-to-snapshot";
import { rdsDatabaseInsights } from "./rules/rds-database-insights";
import { rdsDeletionProtectionInProduction } from "./rules/rds-deletion-protection-in-production";
import { rdsInstanceNotPublic } from "./rules/rds-instance-not-public";
import { rdsEnhancedMonitoring } from "./rules/rds-enhanced-monitoring";
import { rdsLogsExported } from "./rules/rds-logs-exported";
import { rdsMasterPasswordManaged } from "./rules/rds-master-password-managed";
import { rdsMinorUpgradesAutomatic } from "./rules/rds-minor-upgrades-automatic";
import { rdsMultiAz } from "./rules/rds-multi-az";
import { rdsQueryLogging } from "./rules/rds-query-logging";
import { rdsStorageEncrypted } from "./rules/rds-storage-encrypted";
import { rdsTlsForced } from "./rules/rds-tls-forced";
import { s3AccessLogged } from "./rules/s3-access-logged";
import { s3BucketOwnerEnforced } from "./rules/s3-bucket-owner-enforced";
import { s3EncryptedByDefault } from "./rules/s3-encrypted-by-default";
import { s3LifecycleAbortsIncompleteUploads } from "./rules/s3-lifecycle-aborts-incomplete-uploads";
import { s3PublicAccessBlocked } from "./rules/s3-public-access-blocked";
import { s3TlsOnly } from "./rules/s3-tls-only";
import { s3VersioningEnabled } from "./rules/s3-versioning-enabled";
import { securityGroupRulesDescribed } from "./rules/security-group-rules-described";
import { snsTopicEncryptedForCloudwatch } from "./rules/sns-topic-encrypted-for-cloudwatch";
import { ssmSecretsSecureString } from "./rules/ssm-secrets-secure-string";
import { subnetNoPublicIpOnLaunch } from "./rules/subnet-no-public-ip-on-launch";
import { userDataHasNoSecrets } from "./rules/user-data-has-no-secrets";
import { vpcHasFlowLogs } from "./rules/vpc-has-flow-logs";
import { worldIngressOnlyWebToEntryPoint } from "./rules/world-ingress-only-web-to-entry-point";
import { GuardrailRule } from "./types";

/** Every guardrail, grouped by service in the order of the rule table in docs/guardrails.md. */
export const RULES: readonly GuardrailRule[] = [
  // Network
  vpcHasFlowLogs,
  defaultSecurityGroupClosed,
  subnetNoPublicIpOnLaunch,
  publicSubnetByDesign,
  worldIngressOnlyWebToEntryPoint,
  securityGroupRulesDescribed,
  // EC2
  instanceRequiresImdsv2,
  instanceMetadataHopLimitOne,
  ebsVolumesEncrypted,
  instanceHasProfile,
  userDataHasNoSecrets,
  instanceNoPublicIp,
  instanceDetailedMonitoringInProduction,
  // RDS
  rdsStorageEncrypted,
  rdsInstanceNotPublic,
  rdsMultiAz,
  rdsBackupsRetained,
  rdsDeletionProtectionInProduction,
  rdsLogsExported,
  rdsMinorUpgradesAutomatic,
  rdsCopyTagsToSnapshot,
  rdsTlsForced,
  rdsMasterPasswordManaged,
  rdsEnhancedMonitoring,
  rdsDatabaseInsights,
  rdsQueryLogging,
  // S3
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3VersioningEnabled,
  s3EncryptedByDefault,
  s3BucketOwnerEnforced,
  s3LifecycleAbortsIncompleteUploads,
  s3AccessLogged,
  // DynamoDB
  dynamodbPointInTimeRecovery,
  dynamodbDeletionProtection,
  dynamodbCustomerManagedKey,
  // Logs, alarms, notifications
  logGroupRetentionSet,
  logGroupKmsEncrypted,
  alarmHasActions,
  alarmTopicSubscribedInProduction,
  snsTopicEncryptedForCloudwatch,
  // SSM, ECR, KMS
  ssmSecretsSecureString,
  ecrScanOnPush,
  ecrTagsImmutable,
  ecrLifecyclePolicy,
  kmsKeyRotation,
  // IAM and credentials
  iamNoAdminWildcard,
  iamNoServiceWildcardOnAnyResource,
  iamWritesNameResources,
  iamPassRoleNamesRoles,
  iamAllowWithoutNotAction,
  noWildcardPrincipal,
  githubOidcTrustPinned,
  providerNoStaticCredentials,
];

/** Every rule ID, for validating acknowledgements. */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/** The rule with `id`, or `undefined`. */
export function ruleById(id: string): GuardrailRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
