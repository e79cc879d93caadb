import { ProjectInput } from "./validate";

/**
 * Phase 1's deliberate trade-off, acknowledged in the open: no VPC flow logs (network.enableFlowLogs is off).
 * Turning flow logs on makes this acknowledgement match nothing, and synth then asks for its removal.
 */
const PHASE_1_WITHOUT_FLOW_LOGS = {
  ruleId: "VPC-FLOW-LOGS",
  reason:
    "Phase 1 stays near the free tier: flow log ingestion costs about USD 0.76 per GB in ap-northeast-1. " +
    "Set network.enableFlowLogs: true and remove this acknowledgement to record traffic.",
};

/**
 * No S3 server access logs yet (S3-ACCESS-LOGGED, Checkov CKV_AWS_18, Security Hub S3.9): a deliberate gap, in the
 * open. Adding a log bucket and an aws_s3_bucket_logging per bucket makes this match nothing; then remove it.
 */
const BUCKETS_WITHOUT_ACCESS_LOGS = {
  ruleId: "S3-ACCESS-LOGGED",
  reason:
    "No log bucket yet: server access logs need one per environment and one more for bootstrap (local state), " +
    "and S3 delivers them best effort. The app bucket denies its objects to all but the host role, the state " +
    "bucket is reached only by the delivery roles, and CloudTrail records policy and configuration changes; " +
    "object reads stay unrecorded until a log bucket or CloudTrail data events are added.",
};

/**
 * Log groups under CloudWatch Logs' own encryption (LOGS-KMS-ENCRYPTED, Checkov CKV_AWS_158), in the open.
 */
const LOG_GROUPS_WITHOUT_OWN_KEY = {
  ruleId: "LOGS-KMS-ENCRYPTED",
  reason:
    "CloudWatch Logs encrypts the log groups at rest with its own keys. A customer managed key (USD 1 a month) " +
    "would add decrypt control beyond logs:GetLogEvents, but it must live in a stack that both compute and " +
    "database read. The application must not log secrets or personal data; revisit this when it has to.",
};

/**
 * REPLACE before the first bootstrap: the production account's id (`aws sts get-caller-identity`). Terraform
 * refuses to plan or deploy production in any account but this one, so the placeholder stops a deploy until it is
 * replaced; synthesizing needs no AWS access.
 */
const PRODUCTION_ACCOUNT_ID = "000000000000";

/**
 * REPLACE with your repositories: the workflows of these two may assume production's delivery roles
 * (docs/delivery.md).
 */
const GITHUB_REPOSITORIES = {
  infrastructureRepository: { owner: "example-org", name: "webapp-infrastructure" },
  applicationRepository: { owner: "example-org", name: "webapp" },
};

/**
 * Production has no domain yet, so its host serves plain HTTP on port 80 (and keeps 443 closed): acknowledged in the
 * open, so that the guardrail report says so. Setting dns.domainName turns HTTPS on, this acknowledgement then
 * matches nothing, and synth asks for its removal.
 */
const PRODUCTION_WITHOUT_DOMAIN = {
  ruleId: "HTTPS-IN-PRODUCTION",
  reason:
    "No domain is configured yet, and a certificate needs a name: the host serves plain HTTP on port 80 until " +
    "dns.domainName is set, which turns on HTTPS with certificates the host renews itself. Do not send credentials " +
    "or personal data to production before then.",
};

/** REPLACE with the on-call addresses: production's alarms must reach a person (each confirms a mail from SNS). */
const PRODUCTION_ALARM_EMAILS = ["ops@example.com"];

/**
 * The configuration of every environment: the one place to change what gets built.
 *
 * State bucket names are global across all AWS accounts: change `stateBackend.bucket` to a name of your own
 * before the first bootstrap.
 */
export const PROJECT: ProjectInput = {
  projectName: "webapp",
  environments: [
    {
      name: "development",
      phase: 1,
      network: {
        vpcCidr: "10.10.0.0/16",
        // ap-northeast-1b is not offered to accounts created after 2012; a, c and d are.
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      },
      stateBackend: { bucket: "webapp-development-tfstate", lockTable: "webapp-development-tfstate-lock" },
      guardrails: {
        acknowledgements: [PHASE_1_WITHOUT_FLOW_LOGS, BUCKETS_WITHOUT_ACCESS_LOGS, LOG_GROUPS_WITHOUT_OWN_KEY],
      },
    },
    {
      name: "test",
      phase: 1,
      network: {
        vpcCidr: "10.20.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      },
      stateBackend: { bucket: "webapp-test-tfstate", lockTable: "webapp-test-tfstate-lock" },
      guardrails: {
        acknowledgements: [PHASE_1_WITHOUT_FLOW_LOGS, BUCKETS_WITHOUT_ACCESS_LOGS, LOG_GROUPS_WITHOUT_OWN_KEY],
      },
    },
    {
      name: "production",
      allowedAccountId: PRODUCTION_ACCOUNT_ID,
      phase: 1,
      network: {
        vpcCidr: "10.30.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
      },
      stateBackend: { bucket: "webapp-production-tfstate", lockTable: "webapp-production-tfstate-lock" },
      // One-minute host metrics (about USD 2.10 a month), checked by EC2-DETAILED-MONITORING in production.
      compute: { enableDetailedMonitoring: true },
      monitoring: { alarmEmails: PRODUCTION_ALARM_EMAILS },
      delivery: GITHUB_REPOSITORIES,
      guardrails: {
        acknowledgements: [
          PHASE_1_WITHOUT_FLOW_LOGS,
          PRODUCTION_WITHOUT_DOMAIN,
          BUCKETS_WITHOUT_ACCESS_LOGS,
          LOG_GROUPS_WITHOUT_OWN_KEY,
        ],
      },
    },
  ],
};
