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
      guardrails: { acknowledgements: [PHASE_1_WITHOUT_FLOW_LOGS] },
    },
    {
      name: "test",
      phase: 1,
      network: {
        vpcCidr: "10.20.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      },
      stateBackend: { bucket: "webapp-test-tfstate", lockTable: "webapp-test-tfstate-lock" },
      guardrails: { acknowledgements: [PHASE_1_WITHOUT_FLOW_LOGS] },
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
      guardrails: { acknowledgements: [PHASE_1_WITHOUT_FLOW_LOGS] },
    },
  ],
};
