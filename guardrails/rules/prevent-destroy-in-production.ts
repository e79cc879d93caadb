import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isObject, readTrue, replicaOf } from "../values";

/**
 * The resources whose destruction loses something a new one cannot bring back, with what is lost and the setting
 * that protects them in configuration.
 */
export const PROTECTED_TYPES: Readonly<Record<string, { readonly loses: string; readonly setting: string }>> = {
  aws_db_instance: { loses: "the database", setting: "database.preventDestroy" },
  aws_rds_cluster: { loses: "the database", setting: "database.preventDestroy" },
  aws_s3_bucket: { loses: "the objects", setting: "storage.preventDestroy" },
  aws_dynamodb_table: {
    loses: "the items (for the state lock table, every deploy)",
    setting: "the module's lifecycle",
  },
  aws_route53_zone: { loses: "the name servers the registrar points at", setting: "dns.preventDestroy" },
  aws_ecr_repository: { loses: "the images a rollback redeploys", setting: "registry.preventDestroy" },
  aws_kms_key: {
    loses: "the key: destroying it schedules its deletion, after which nothing it encrypted can be read",
    setting: "monitoring.preventDestroy for the alarm topic's key",
  },
  aws_cloudwatch_log_group: {
    loses: "the logs it still retains",
    setting:
      "compute.preventDestroy (application), database.preventDestroy (RDS exports), network.preventFlowLogDestroy (flow logs)",
  },
  aws_eip: {
    loses: "the public address others allow-list (a released address is rarely given back)",
    setting: "compute.preventDestroy for the host's Elastic IP",
  },
};

/**
 * In production, what a destroy would lose for good is refused by Terraform itself (`lifecycle.prevent_destroy`),
 * so that a stray `terraform destroy`, a renamed construct or a replacing change stops at plan time.
 */
export const preventDestroyInProduction: GuardrailRule = {
  id: "PREVENT-DESTROY",
  description:
    "In production, databases (not read replicas), buckets, DynamoDB tables, hosted zones, ECR repositories, KMS " +
    "keys, log groups and Elastic IPs set lifecycle { prevent_destroy = true }.",
  equivalents: {},
  appliesTo: Object.keys(PROTECTED_TYPES),
  check(block, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    // A replica holds nothing its source lacks; RDS-DELETION-PROTECTION still covers it.
    if (block.type === "aws_db_instance" && replicaOf(block.config) === "replica") return NOT_APPLICABLE;
    const lifecycle = isObject(block.config.lifecycle) ? block.config.lifecycle : {};
    const value = lifecycle.prevent_destroy;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "lifecycle.prevent_destroy", value, "true");
    const { loses, setting } = PROTECTED_TYPES[block.type];
    return nonCompliant(
      `terraform destroy, or a plan that replaces it, would delete it and lose ${loses} (lifecycle.prevent_destroy is off)`,
      `set lifecycle { prevent_destroy = true } (configuration: ${setting}, on by default in production); to ` +
        "destroy it on purpose, turn it off in its own apply with PREVENT-DESTROY acknowledged in the environment's " +
        "guardrails and the reason",
    );
  },
};
