import { alarmHasActions } from "./rules/alarm-has-actions";
import { alarmTopicSubscribedInProduction } from "./rules/alarm-topic-subscribed-in-production";
import { asgElbHealthCheck } from "./rules/asg-elb-health-check";
import { asgSpansTwoZones } from "./rules/asg-spans-two-zones";
import { asgUsesLaunchTemplate } from "./rules/asg-uses-launch-template";
import { defaultSecurityGroupClosed } from "./rules/default-security-group-closed";
import { dynamodbCustomerManagedKey } from "./rules/dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "./rules/dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./rules/dynamodb-point-in-time-recovery";
import { ebsVolumesEncrypted } from "./rules/ebs-volumes-encrypted";
import { ecrEndpointHasS3Gateway } from "./rules/ecr-endpoint-has-s3-gateway";
import { ecrLifecyclePolicy } from "./rules/ecr-lifecycle-policy";
import { ecrScanOnPush } from "./rules/ecr-scan-on-push";
import { ecrTagsImmutable } from "./rules/ecr-tags-immutable";
import { githubOidcTrustPinned } from "./rules/github-oidc-trust-pinned";
import { hostsAcceptIngressFromSecurityGroupsOnly } from "./rules/hosts-accept-ingress-from-security-groups-only";
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
import { instanceTerminationProtectionInProduction } from "./rules/instance-termination-protection-in-production";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { lbAccessLogsEnabled } from "./rules/lb-access-logs-enabled";
import { lbDeletionProtectionInProduction } from "./rules/lb-deletion-protection-in-production";
import { lbDesyncMitigationDefensive } from "./rules/lb-desync-mitigation-defensive";
import { lbDropsInvalidHeaderFields } from "./rules/lb-drops-invalid-header-fields";
import { lbInternetFacingHasHttpsListener } from "./rules/lb-internet-facing-has-https-listener";
import { lbListenerHttpsOrRedirect } from "./rules/lb-listener-https-or-redirect";
import { lbListenerTlsPolicyCurrent } from "./rules/lb-listener-tls-policy-current";
import { lbTargetGroupHealthCheck } from "./rules/lb-target-group-health-check";
import { logGroupKmsEncrypted } from "./rules/log-group-kms-encrypted";
import { logGroupRetentionSet } from "./rules/log-group-retention-set";
import { noWildcardPrincipal } from "./rules/no-wildcard-principal";
import { productionServesHttps } from "./rules/production-serves-https";
import { providerNoStaticCredentials } from "./rules/provider-no-static-credentials";
import { preventDestroyInProduction } from "./rules/prevent-destroy-in-production";
import { publicSubnetByDesign } from "./rules/public-subnet-by-design";
import { rdsBackupsRetained } from "./rules/rds-backups-retained";
import { rdsBackupsWeekInProduction } from "./rules/rds-backups-week-in-production";
import { rdsCopyTagsToSnapshot } from "./rules/rds-copy-tags-to-snapshot";
import { rdsDatabaseInsights } from "./rules/rds-database-insights";
import { rdsDeletionProtectionInProduction } from "./rules/rds-deletion-protection-in-production";
import { rdsFinalSnapshotInProduction } from "./rules/rds-final-snapshot-in-production";
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
import { vpcEndpointPrivateDns } from "./rules/vpc-endpoint-private-dns";
import { vpcEndpointSecurityGroup } from "./rules/vpc-endpoint-security-group";
import { vpcGatewayEndpointRouted } from "./rules/vpc-gateway-endpoint-routed";
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
  hostsAcceptIngressFromSecurityGroupsOnly,
  productionServesHttps,
  securityGroupRulesDescribed,
  vpcEndpointPrivateDns,
  vpcEndpointSecurityGroup,
  vpcGatewayEndpointRouted,
  ecrEndpointHasS3Gateway,
  // Load balancer
  lbInternetFacingHasHttpsListener,
  lbListenerHttpsOrRedirect,
  lbListenerTlsPolicyCurrent,
  lbDropsInvalidHeaderFields,
  lbDesyncMitigationDefensive,
  lbDeletionProtectionInProduction,
  lbAccessLogsEnabled,
  lbTargetGroupHealthCheck,
  // EC2
  instanceRequiresImdsv2,
  instanceMetadataHopLimitOne,
  ebsVolumesEncrypted,
  instanceHasProfile,
  userDataHasNoSecrets,
  instanceNoPublicIp,
  instanceTerminationProtectionInProduction,
  // Auto Scaling
  asgUsesLaunchTemplate,
  asgElbHealthCheck,
  asgSpansTwoZones,
  instanceDetailedMonitoringInProduction,
  // RDS
  rdsStorageEncrypted,
  rdsInstanceNotPublic,
  rdsMultiAz,
  rdsBackupsRetained,
  rdsBackupsWeekInProduction,
  rdsDeletionProtectionInProduction,
  rdsFinalSnapshotInProduction,
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
  // Protections against destroy
  preventDestroyInProduction,
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
