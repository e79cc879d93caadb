import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { booleanArg, replicaOf } from "../values";

/** Database storage, its snapshots and its replicas are encrypted at rest. */
export const rdsStorageEncrypted: GuardrailRule = {
  id: "RDS-ENCRYPTED",
  description: "DB instances and Aurora clusters set storage_encrypted = true (read replicas inherit their source's).",
  equivalents: { checkov: ["CKV_AWS_16", "CKV_AWS_96"], cdkNag: ["AwsSolutions-RDS2"], fsbp: ["RDS.3"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const role = replicaOf(db.config);
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", db.config.replicate_source_db, "the source's identifier");
    }
    const value = db.config.storage_encrypted;
    const arg = booleanArg(value);
    if (arg.state === "unresolved") return cannotVerify(this.id, "storage_encrypted", value, "true");
    // A replica left unset inherits its source's encryption, which the rule checks on the source.
    const encrypted = arg.state === "set" ? arg.value : role === "replica";
    if (encrypted) return COMPLIANT;
    return nonCompliant(
      "the database storage is not encrypted, and encryption cannot be turned on later without a snapshot restore",
      "set storage_encrypted = true (optionally kms_key_id for a customer managed key)",
    );
  },
};
