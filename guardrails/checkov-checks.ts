/**
 * Every Checkov check that applies to a resource type of the shipped production stacks, and what this project
 * does about it: the guardrail rules that enforce it, or why none does.
 *
 * Checkov cannot run on CDKTF output with per-resource suppressions (docs/guardrails.md), so the project carries
 * its own rules; this table keeps the list honest. It was built from Checkov's sources
 * (`checkov/terraform/checks/resource/aws/`, `checkov/terraform/checks/graph_checks/aws/`, main of 2026-08) for
 * the types in `cdktf.out/stacks/production-*\/cdk.tf.json`, each check judged against the synthesized JSON.
 * The guardrail report (`cdktf.out/guardrails/<environment>.md`) prints it; `__tests__/guardrails/checkov-checks.test.ts`
 * checks that every entry names a registered rule for its types, or carries a reason.
 */

/** One Checkov check and how the project answers it. */
export interface CheckovCheck {
  /** Checkov's ID, for example `CKV_AWS_118`. */
  readonly id: string;
  /** What Checkov checks, in its own words, shortened. */
  readonly title: string;
  /** The resource types of the production stacks it inspects. */
  readonly resourceTypes: readonly string[];
  /** Guardrail rules that enforce the same condition; empty when none does. */
  readonly enforcedBy: readonly string[];
  /**
   * Without rules: why the check is not enforced. With rules: where Checkov's verdict on the production stacks
   * differs from the rules', and why.
   */
  readonly reason?: string;
}

const IAM_POLICIES = ["aws_iam_policy", "aws_iam_role_policy"];

/** The Checkov checks of the production stacks' resource types, in Checkov's ID order. */
export const CHECKOV_CHECKS: readonly CheckovCheck[] = [
  // Resource checks
  {
    id: "CKV_AWS_7",
    title: "KMS keys rotate",
    resourceTypes: ["aws_kms_key"],
    enforcedBy: ["KMS-ROTATION"],
  },
  {
    id: "CKV_AWS_8",
    title: "instance EBS volumes are encrypted",
    resourceTypes: ["aws_instance"],
    enforcedBy: ["EC2-EBS-ENCRYPTED"],
    reason:
      "Checkov reads root_block_device on the aws_instance only; the host takes its encrypted root volume from its " +
      "launch template, which EC2-EBS-ENCRYPTED follows, so Checkov reports a failure that is not one",
  },
  {
    id: "CKV_AWS_16",
    title: "RDS storage is encrypted",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-ENCRYPTED"],
  },
  {
    id: "CKV_AWS_17",
    title: "RDS is not publicly accessible",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-NOT-PUBLIC"],
  },
  {
    id: "CKV_AWS_23",
    title: "security groups and rules have descriptions",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
    enforcedBy: ["SG-DESCRIBED"],
  },
  {
    id: "CKV_AWS_24",
    title: "no SSH (22) from 0.0.0.0/0",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule"],
    enforcedBy: ["SG-WORLD-INGRESS-WEB-ONLY"],
  },
  {
    id: "CKV_AWS_25",
    title: "no RDP (3389) from 0.0.0.0/0",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule"],
    enforcedBy: ["SG-WORLD-INGRESS-WEB-ONLY"],
  },
  {
    id: "CKV_AWS_26",
    title: "SNS topics are encrypted",
    resourceTypes: ["aws_sns_topic"],
    enforcedBy: ["SNS-ENCRYPTED"],
  },
  {
    id: "CKV_AWS_28",
    title: "DynamoDB point-in-time recovery",
    resourceTypes: ["aws_dynamodb_table"],
    enforcedBy: ["DYNAMODB-PITR"],
  },
  {
    id: "CKV_AWS_33",
    title: "KMS key policies have no wildcard principal",
    resourceTypes: ["aws_kms_key"],
    enforcedBy: ["IAM-NO-WILDCARD-PRINCIPAL"],
  },
  {
    id: "CKV_AWS_41",
    title: "no static credentials in the AWS provider",
    resourceTypes: ["provider.aws"],
    enforcedBy: ["PROVIDER-NO-STATIC-KEYS"],
  },
  {
    id: "CKV_AWS_46",
    title: "no secrets in EC2 user data",
    resourceTypes: ["aws_instance", "aws_launch_template"],
    enforcedBy: ["EC2-USER-DATA-NO-SECRETS"],
  },
  {
    id: "CKV_AWS_51",
    title: "ECR tags are immutable",
    resourceTypes: ["aws_ecr_repository"],
    enforcedBy: ["ECR-IMMUTABLE-TAGS"],
  },
  {
    id: "CKV_AWS_53",
    title: "S3 blocks public ACLs",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    enforcedBy: ["S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV_AWS_54",
    title: "S3 blocks public policies",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    enforcedBy: ["S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV_AWS_55",
    title: "S3 ignores public ACLs",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    enforcedBy: ["S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV_AWS_56",
    title: "S3 restricts public buckets",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    enforcedBy: ["S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV_AWS_60",
    title: "IAM roles cannot be assumed by anyone",
    resourceTypes: ["aws_iam_role"],
    enforcedBy: ["IAM-NO-WILDCARD-PRINCIPAL"],
  },
  {
    id: "CKV_AWS_61",
    title: "IAM roles are not assumable by a whole account (arn:aws:iam::ACCOUNT:root)",
    resourceTypes: ["aws_iam_role"],
    enforcedBy: [],
    reason:
      "passes: every role trusts a service (ec2, monitoring.rds) or GitHub's OIDC provider pinned by " +
      "GITHUB-OIDC-TRUST-PINNED; trusting an account's root is a normal cross-account pattern that this project " +
      "does not forbid, only never uses",
  },
  {
    id: "CKV_AWS_62",
    title: 'no IAM policy allows "*" on "*"',
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-NO-ADMIN"],
  },
  {
    id: "CKV_AWS_63",
    title: 'no IAM policy allows Action "*"',
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-NO-ADMIN", "IAM-NO-SERVICE-WILDCARD"],
    reason:
      'IAM-NO-ADMIN flags "*" on every resource; "*" on named resources passes it. No policy of the project ' +
      'writes Action "*", so Checkov passes too',
  },
  {
    id: "CKV_AWS_66",
    title: "log groups set a retention",
    resourceTypes: ["aws_cloudwatch_log_group"],
    enforcedBy: ["LOGS-RETENTION"],
  },
  {
    id: "CKV_AWS_70",
    title: "S3 bucket policies allow no action to any principal",
    resourceTypes: ["aws_s3_bucket_policy"],
    enforcedBy: ["IAM-NO-WILDCARD-PRINCIPAL"],
  },
  {
    id: "CKV_AWS_79",
    title: "IMDSv1 is disabled",
    resourceTypes: ["aws_instance", "aws_launch_template"],
    enforcedBy: ["EC2-IMDSV2"],
  },
  {
    id: "CKV_AWS_88",
    title: "EC2 instances have no public IP",
    resourceTypes: ["aws_instance", "aws_launch_template"],
    enforcedBy: ["EC2-NO-PUBLIC-IP"],
    reason:
      "Checkov reads associate_public_ip_address only and passes; EC2-NO-PUBLIC-IP also sees the Elastic IP and " +
      "reports the Phase 1 host, acknowledged on the instance (one public host until Phase 2)",
  },
  {
    id: "CKV_AWS_93",
    title: "S3 bucket policies do not lock out everyone but root",
    resourceTypes: ["aws_s3_bucket_policy"],
    enforcedBy: [],
    reason:
      "passes: the only Deny for everyone is the TLS-only statement (S3-TLS-ONLY), and the app bucket's object " +
      "Deny exempts the host role by aws:PrincipalArn; a lockout is an operational mistake, not an exposure",
  },
  {
    id: "CKV_AWS_118",
    title: "RDS Enhanced Monitoring",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-ENHANCED-MONITORING"],
  },
  {
    id: "CKV_AWS_119",
    title: "DynamoDB tables use a customer managed KMS key",
    resourceTypes: ["aws_dynamodb_table"],
    enforcedBy: ["DYNAMODB-CMK"],
    reason:
      "fails on the state lock table, acknowledged on it (modules/state-backend): it holds lock IDs and the " +
      "state's MD5 digest under the AWS managed aws/dynamodb key, no state and no secret",
  },
  {
    id: "CKV_AWS_126",
    title: "EC2 detailed monitoring",
    resourceTypes: ["aws_instance"],
    enforcedBy: ["EC2-DETAILED-MONITORING"],
    reason:
      "enforced in production only: development and test keep five-minute metrics (one-minute ones cost about " +
      "USD 2.10 per instance per month), so Checkov fails their hosts",
  },
  {
    id: "CKV_AWS_129",
    title: "RDS exports its logs",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-LOG-EXPORTS"],
  },
  {
    id: "CKV_AWS_130",
    title: "subnets do not assign public IPs on launch",
    resourceTypes: ["aws_subnet"],
    enforcedBy: ["SUBNET-NO-AUTO-PUBLIC-IP"],
  },
  {
    id: "CKV_AWS_133",
    title: "RDS keeps backups",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-BACKUPS"],
  },
  {
    id: "CKV_AWS_135",
    title: "EC2 instances are EBS optimized",
    resourceTypes: ["aws_instance"],
    enforcedBy: [],
    reason:
      "fails on the unset ebs_optimized argument, but every current instance family (t4g, the host's default, " +
      "included) is EBS optimized by default at no cost, and the argument cannot turn that off; it only matters " +
      "for previous-generation types, which the configuration does not offer as defaults",
  },
  {
    id: "CKV_AWS_136",
    title: "ECR repositories are encrypted with KMS",
    resourceTypes: ["aws_ecr_repository"],
    enforcedBy: [],
    reason:
      'passes: the repository sets encryption_type = "KMS" (modules/container-registry); no rule, because images ' +
      "are not secret and AES256, ECR's default, would be an accepted choice",
  },
  {
    id: "CKV_AWS_143",
    title: "S3 buckets have Object Lock",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: [],
    reason:
      "not enforced: Object Lock makes objects undeletable for a retention period, which the application's files " +
      "(users delete their images) and the state bucket (old versions expire after 90 days) must not be; " +
      "versioning (S3-VERSIONING) and prevent_destroy protect them instead",
  },
  {
    id: "CKV_AWS_157",
    title: "RDS Multi-AZ",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-MULTI-AZ"],
  },
  {
    id: "CKV_AWS_158",
    title: "log groups are encrypted with a customer managed KMS key",
    resourceTypes: ["aws_cloudwatch_log_group"],
    enforcedBy: ["LOGS-KMS-ENCRYPTED"],
    reason:
      "fails on every log group, acknowledged per environment in config/environments.ts: CloudWatch Logs " +
      "encrypts them with its own keys, and a key of their own must live in a stack compute and database both read",
  },
  {
    id: "CKV_AWS_161",
    title: "RDS IAM authentication",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: [],
    reason:
      "passes: modules/database sets iam_database_authentication_enabled = true; the application's IAM " +
      "database user is the work of the database-credentials change (issue 9), which may add a rule",
  },
  {
    id: "CKV_AWS_163",
    title: "ECR scans images on push",
    resourceTypes: ["aws_ecr_repository"],
    enforcedBy: ["ECR-SCAN-ON-PUSH"],
  },
  {
    id: "CKV_AWS_169",
    title: "SNS topic policies are not public",
    resourceTypes: ["aws_sns_topic_policy"],
    enforcedBy: ["IAM-NO-WILDCARD-PRINCIPAL"],
  },
  {
    id: "CKV_AWS_211",
    title: "RDS uses a current CA certificate",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: [],
    reason:
      "passes: ca_cert_identifier is unset, so RDS gives new instances its current default (rds-ca-rsa2048-g1); " +
      "Checkov passes an unset value too",
  },
  {
    id: "CKV_AWS_226",
    title: "RDS minor upgrades are automatic",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-MINOR-UPGRADES"],
  },
  {
    id: "CKV_AWS_227",
    title: "KMS keys are enabled",
    resourceTypes: ["aws_kms_key"],
    enforcedBy: [],
    reason: "passes: no key sets is_enabled = false; a disabled key is an operator's deliberate act, not a default",
  },
  {
    id: "CKV_AWS_250",
    title: "RDS PostgreSQL is past the log_fdw vulnerability (AWS-2022-004)",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: [],
    reason:
      'unknown to Checkov (engine_version is the major version "17"); every version the configuration accepts ' +
      "(14 and later) is past the fix, which reached 13.3, 12.7, 11.12 and 10.17",
  },
  {
    id: "CKV_AWS_260",
    title: "no HTTP (80) from 0.0.0.0/0",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule"],
    enforcedBy: ["SG-WORLD-INGRESS-WEB-ONLY"],
    reason:
      "fails on the Phase 1 host, which serves port 80 to the internet by design (C1: reachable over HTTP/HTTPS); " +
      "SG-WORLD-INGRESS-WEB-ONLY allows 80 and 443 on the entry point only, as FSBP EC2.18 does",
  },
  {
    id: "CKV_AWS_274",
    title: "no AdministratorAccess",
    resourceTypes: ["aws_iam_role", "aws_iam_role_policy_attachment"],
    enforcedBy: ["IAM-NO-ADMIN"],
  },
  {
    id: "CKV_AWS_277",
    title: "no ingress on all ports from 0.0.0.0/0",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_ingress_rule"],
    enforcedBy: ["SG-WORLD-INGRESS-WEB-ONLY"],
  },
  {
    id: "CKV_AWS_286",
    title: "IAM policies allow no privilege escalation (cloudsplaining)",
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-PASS-ROLE-NAMED", "IAM-WRITES-NAME-RESOURCES"],
    reason:
      'Checkov flags escalation combinations on Resource "*" only; the deploy role\'s iam:PutRolePolicy and ' +
      "iam:PassRole are limited to this environment's role names, which both rules require",
  },
  {
    id: "CKV_AWS_287",
    title: "IAM policies allow no credentials exposure (cloudsplaining)",
    resourceTypes: IAM_POLICIES,
    enforcedBy: [],
    reason:
      'fails on ecr:GetAuthorizationToken on "*" (host and deploy roles): ECR offers no resource-level permission ' +
      "for it, and the token lets the caller pull or push only what its other statements name",
  },
  {
    id: "CKV_AWS_288",
    title: "IAM policies allow no data exfiltration (cloudsplaining)",
    resourceTypes: IAM_POLICIES,
    enforcedBy: [],
    reason:
      "passes: s3:GetObject, ssm:GetParameter* and secretsmanager:GetSecretValue name their bucket, path and " +
      "secret (modules/app-runtime, whose test lists every action); no rule, because reads on named resources are " +
      "what the application needs",
  },
  {
    id: "CKV_AWS_289",
    title: "IAM policies allow no permissions management without constraints",
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-WRITES-NAME-RESOURCES"],
  },
  {
    id: "CKV_AWS_290",
    title: "IAM policies allow no write access without constraints",
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-WRITES-NAME-RESOURCES"],
    reason:
      "fails on the deploy role's creates that AWS cannot scope (route53:CreateHostedZone, kms:CreateKey with a " +
      "tag condition, logs query definitions), acknowledged on that one policy with the reason, and on the agent " +
      "writes that take no resource ARN (ssm:PutInventory, ssmmessages, cloudwatch:PutMetricData with a namespace " +
      "condition), which the rule lets through",
  },
  {
    id: "CKV_AWS_293",
    title: "RDS deletion protection",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-DELETION-PROTECTION"],
    reason: "enforced in production; development and test may be destroyed, so Checkov fails their databases",
  },
  {
    id: "CKV_AWS_300",
    title: "S3 lifecycle aborts incomplete uploads",
    resourceTypes: ["aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket"],
    enforcedBy: ["S3-LIFECYCLE"],
  },
  {
    id: "CKV_AWS_319",
    title: "CloudWatch alarm actions are enabled",
    resourceTypes: ["aws_cloudwatch_metric_alarm"],
    enforcedBy: ["ALARM-ACTIONS"],
  },
  {
    id: "CKV_AWS_337",
    title: "SSM parameters use a customer managed KMS key",
    resourceTypes: ["aws_ssm_parameter"],
    enforcedBy: [],
    reason:
      "passes: Checkov judges SecureString parameters only, and every parameter is a plain String setting " +
      "(see CKV2_AWS_34); the master password lives in Secrets Manager, managed by RDS. No rule: a secret " +
      "parameter added later must be SecureString (SSM-SECURE-STRING), with the aws/ssm key or a key of its own",
  },
  {
    id: "CKV_AWS_338",
    title: "log groups keep logs at least one year",
    resourceTypes: ["aws_cloudwatch_log_group"],
    enforcedBy: [],
    reason:
      "not enforced: requirement M3 sets 30 days for application logs, and the PostgreSQL logs follow it " +
      "(database.logRetentionDays, compute.appLogRetentionDays accept 365 and more). Storage is USD 0.033 per " +
      "GB-month; an audit duty of a year is met by raising both settings, which LOGS-RETENTION accepts",
  },
  {
    id: "CKV_AWS_341",
    title: "launch templates keep the metadata hop limit at 1",
    resourceTypes: ["aws_launch_template"],
    enforcedBy: ["EC2-IMDS-HOP-LIMIT"],
  },
  {
    id: "CKV_AWS_353",
    title: "RDS Performance Insights",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-DATABASE-INSIGHTS"],
  },
  {
    id: "CKV_AWS_354",
    title: "Performance Insights data is encrypted with a customer managed KMS key",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: [],
    reason:
      "not enforced: Performance Insights encrypts its data with the account's aws/rds key; the provider cannot " +
      "change performance_insights_kms_key_id once set, and a key costs USD 1 a month. The data is query text " +
      "and wait statistics, readable only to principals allowed pi:* and rds:DescribeDBInstances",
  },
  {
    id: "CKV_AWS_355",
    title: 'IAM policies allow no restrictable action on Resource "*"',
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-NO-SERVICE-WILDCARD", "IAM-WRITES-NAME-RESOURCES", "IAM-PASS-ROLE-NAMED"],
    reason:
      'Checkov flags any action that supports resource-level permissions on "*"; the rules flag service ' +
      'wildcards, writes and iam:PassRole there, and allow reads (Describe*, List*, Get*) on "*", so Checkov ' +
      "also fails the deploy and plan roles' read statements and the SSM Agent's reads (ssm:DescribeAssociation, " +
      "ssm:GetDocument), whose resources vary per request",
  },
  {
    id: "CKV_AWS_382",
    title: "no egress on all ports to 0.0.0.0/0",
    resourceTypes: ["aws_security_group", "aws_vpc_security_group_egress_rule"],
    enforcedBy: [],
    reason:
      "passes: the host's egress is 443 to anywhere (AWS APIs, ECR, packages) and PostgreSQL to the database's " +
      "group; the database has none. No rule: egress is narrowed by design in modules/app-runtime",
  },
  {
    id: "CKV_AWS_385",
    title: "SNS topic policies allow no cross-account access",
    resourceTypes: ["aws_sns_topic_policy"],
    enforcedBy: ["IAM-NO-WILDCARD-PRINCIPAL"],
  },
  {
    id: "CKV_AWS_388",
    title: "Aurora PostgreSQL is past a local file read flaw",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: [],
    reason: "not applicable: the engine is RDS for PostgreSQL, not Aurora",
  },
  {
    id: "CKV_AWS_393",
    title: "GitHub Actions OIDC trust is pinned",
    resourceTypes: ["aws_iam_role"],
    enforcedBy: ["GITHUB-OIDC-TRUST-PINNED"],
  },
  // Graph checks (relations between resources)
  {
    id: "CKV2_AWS_1",
    title: "network ACLs are attached to subnets",
    resourceTypes: ["aws_subnet", "aws_vpc"],
    enforcedBy: [],
    reason:
      "not applicable: it judges aws_network_acl resources, and the project declares none (subnets keep the " +
      "VPC's default ACL; security groups do the filtering)",
  },
  {
    id: "CKV2_AWS_5",
    title: "security groups are attached to a resource",
    resourceTypes: ["aws_security_group"],
    enforcedBy: [],
    reason:
      "passes: the host's group is on its network interface, the database's on the instance; an unattached group " +
      "opens nothing",
  },
  {
    id: "CKV2_AWS_6",
    title: "S3 buckets have a public access block",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: ["S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV2_AWS_7",
    title: "EMR clusters' security groups are not open to the world",
    resourceTypes: ["aws_security_group"],
    enforcedBy: [],
    reason: "not applicable: there is no EMR cluster; world ingress is SG-WORLD-INGRESS-WEB-ONLY's for every group",
  },
  {
    id: "CKV2_AWS_10",
    title: "CloudTrail trails send to CloudWatch Logs",
    resourceTypes: ["aws_cloudwatch_log_group"],
    enforcedBy: [],
    reason: "not applicable: the project declares no aws_cloudtrail; the account's trail belongs to its baseline",
  },
  {
    id: "CKV2_AWS_11",
    title: "VPC flow logs",
    resourceTypes: ["aws_vpc"],
    enforcedBy: ["VPC-FLOW-LOGS"],
  },
  {
    id: "CKV2_AWS_12",
    title: "the default security group allows nothing",
    resourceTypes: ["aws_default_security_group", "aws_vpc"],
    enforcedBy: ["DEFAULT-SG-CLOSED"],
  },
  {
    id: "CKV2_AWS_16",
    title: "DynamoDB tables scale their capacity",
    resourceTypes: ["aws_dynamodb_table"],
    enforcedBy: [],
    reason: "passes: the lock table is PAY_PER_REQUEST (modules/state-backend), which has no capacity to scale",
  },
  {
    id: "CKV_AWS_18",
    title: "S3 buckets log access",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: ["S3-ACCESS-LOGGED"],
    reason:
      "fails on the state and app buckets, acknowledged per environment in config/environments.ts until a log " +
      "bucket exists; S3-ACCESS-LOGGED exempts buckets that receive access logs, which Checkov and cdk-nag S1 flag",
  },
  {
    id: "CKV2_AWS_19",
    title: "Elastic IPs are attached to EC2 instances",
    resourceTypes: ["aws_eip"],
    enforcedBy: [],
    reason:
      "fails: the Elastic IP is associated with the host's network interface, not the instance, so the address " +
      "stays while the instance is replaced; the interface is always attached to the host, so no idle address is " +
      "billed, which is what the check is for",
  },
  {
    id: "CKV_AWS_19",
    title: "S3 buckets are encrypted",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"],
    enforcedBy: ["S3-ENCRYPTION"],
  },
  {
    id: "CKV_AWS_20",
    title: "S3 buckets do not allow public READ by ACL",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: ["S3-OWNER-ENFORCED", "S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV_AWS_21",
    title: "S3 versioning",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_versioning"],
    enforcedBy: ["S3-VERSIONING"],
  },
  {
    id: "CKV2_AWS_23",
    title: "Route 53 A records point at an existing resource",
    resourceTypes: ["aws_eip", "aws_instance", "aws_db_instance", "aws_s3_bucket"],
    enforcedBy: [],
    reason:
      "not applicable without a domain (the shipped production has none); with one, the records stack writes the " +
      "host's Elastic IP, an output of the compute stack deployed before it, so Checkov cannot connect the two",
  },
  {
    id: "CKV2_AWS_30",
    title: "PostgreSQL logs queries (log_statement, log_min_duration_statement)",
    resourceTypes: ["aws_db_instance", "aws_db_parameter_group"],
    enforcedBy: ["RDS-QUERY-LOGGING"],
  },
  {
    id: "CKV2_AWS_34",
    title: "SSM parameters are SecureString",
    resourceTypes: ["aws_ssm_parameter"],
    enforcedBy: ["SSM-SECURE-STRING"],
    reason:
      "Checkov wants every parameter encrypted and fails all ten production parameters: they hold settings " +
      "(AWS_REGION, DB_HOST, DB_PORT, DB_NAME, DB_SECRET_ARN, LOG_GROUP, PGSSLMODE, S3_BUCKET, the image repository " +
      "and tag), no secret. SSM-SECURE-STRING requires SecureString for names that say they hold one; plain " +
      "String keeps the settings readable to the plan role, which on purpose cannot decrypt SecureString values",
  },
  {
    id: "CKV2_AWS_35",
    title: "default routes use a NAT gateway, not a NAT instance",
    resourceTypes: ["aws_route", "aws_route_table"],
    enforcedBy: [],
    reason: "passes: the only default route goes to the internet gateway; Phase 2 uses VPC endpoints, not NAT",
  },
  {
    id: "CKV2_AWS_40",
    title: "no IAM policy allows iam:*",
    resourceTypes: IAM_POLICIES,
    enforcedBy: ["IAM-NO-SERVICE-WILDCARD"],
    reason:
      "Checkov flags iam:* on any resource; IAM-NO-SERVICE-WILDCARD on every resource. The only iam:* is the deploy " +
      "role's Deny on the delivery roles, which both pass",
  },
  {
    id: "CKV2_AWS_41",
    title: "EC2 instances have an IAM role",
    resourceTypes: ["aws_instance"],
    enforcedBy: ["EC2-INSTANCE-PROFILE"],
  },
  {
    id: "CKV2_AWS_44",
    title: "route tables with VPC peering have no route to all traffic",
    resourceTypes: ["aws_route", "aws_route_table"],
    enforcedBy: [],
    reason: "not applicable: there is no VPC peering connection",
  },
  {
    id: "CKV2_AWS_46",
    title: "CloudFront S3 origins use origin access",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: [],
    reason: "not applicable: there is no CloudFront distribution in Phase 1",
  },
  {
    id: "CKV2_AWS_56",
    title: "no IAMFullAccess managed policy",
    resourceTypes: ["aws_iam_role", "aws_iam_policy", "aws_iam_role_policy_attachment"],
    enforcedBy: [],
    reason:
      "passes: the delivery roles attach only their own customer managed policies; IAM-NO-ADMIN refuses " +
      "AdministratorAccess, and iam:* on every resource is IAM-NO-SERVICE-WILDCARD's",
  },
  {
    id: "CKV_AWS_57",
    title: "S3 buckets do not allow public WRITE by ACL",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: ["S3-OWNER-ENFORCED", "S3-PUBLIC-ACCESS-BLOCK"],
  },
  {
    id: "CKV2_AWS_60",
    title: "RDS copies tags to snapshots",
    resourceTypes: ["aws_db_instance"],
    enforcedBy: ["RDS-COPY-TAGS"],
  },
  {
    id: "CKV2_AWS_61",
    title: "S3 buckets have a lifecycle configuration",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_lifecycle_configuration"],
    enforcedBy: ["S3-LIFECYCLE"],
  },
  {
    id: "CKV2_AWS_62",
    title: "S3 buckets send event notifications",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: [],
    reason: "not enforced: nothing consumes bucket events; a notification without a consumer protects nothing",
  },
  {
    id: "CKV2_AWS_64",
    title: "KMS keys have a key policy",
    resourceTypes: ["aws_kms_key"],
    enforcedBy: [],
    reason:
      "passes: the alarm key's policy is written out (SNS-ENCRYPTED reads it for the CloudWatch grant); no rule of " +
      "its own, because the account default policy grants CloudWatch nothing, which SNS-ENCRYPTED then reports",
  },
  {
    id: "CKV2_AWS_65",
    title: "S3 ACLs are disabled",
    resourceTypes: ["aws_s3_bucket_ownership_controls", "aws_s3_bucket"],
    enforcedBy: ["S3-OWNER-ENFORCED"],
  },
  {
    id: "CKV2_AWS_68",
    title: "SageMaker notebook roles are not overly permissive",
    resourceTypes: ["aws_iam_role"],
    enforcedBy: [],
    reason: "not applicable: there is no SageMaker notebook",
  },
  {
    id: "CKV2_AWS_69",
    title: "RDS PostgreSQL forces TLS",
    resourceTypes: ["aws_db_instance", "aws_db_parameter_group"],
    enforcedBy: ["RDS-FORCE-SSL"],
  },
  {
    id: "CKV_AWS_144",
    title: "S3 buckets replicate across regions",
    resourceTypes: ["aws_s3_bucket"],
    enforcedBy: [],
    reason:
      "not enforced: the project runs in one region (ap-northeast-1); replication doubles storage and needs a " +
      "second region's bucket and key. Versioning and prevent_destroy guard against deletion; a regional outage " +
      "is accepted",
  },
  {
    id: "CKV_AWS_145",
    title: "S3 buckets are encrypted with KMS by default",
    resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"],
    enforcedBy: ["S3-ENCRYPTION"],
    reason:
      "S3-ENCRYPTION also accepts SSE-S3, which load balancer access log buckets require; the production buckets " +
      "use SSE-KMS and pass Checkov",
  },
  {
    id: "CKV_AWS_106",
    title: "EBS encryption by default (account and region setting)",
    resourceTypes: ["aws_ebs_encryption_by_default"],
    enforcedBy: ["EC2-EBS-ENCRYPTED"],
    reason:
      "no stack declares aws_ebs_encryption_by_default (FSBP EC2.7), so Checkov has nothing to check: the setting " +
      "belongs to the account and region, not to an environment, and two environments sharing an account would " +
      "both own it (destroying one would switch it off for the other). Every volume this project creates is " +
      "encrypted, which EC2-EBS-ENCRYPTED checks; turn the account default on in the account baseline " +
      "(aws ec2 enable-ebs-encryption-by-default, once per region)",
  },
];
