import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { isExplicitlyFalse, isTrueOrUnknown, stringArg } from "../values";

/** Database storage, its snapshots and its replicas are encrypted at rest. */
export const rdsStorageEncrypted: GuardrailRule = {
  id: "RDS-ENCRYPTED",
  description: "DB instances and Aurora clusters set storage_encrypted = true (read replicas inherit their source's).",
  equivalents: { checkov: ["CKV_AWS_16", "CKV_AWS_96"], cdkNag: ["AwsSolutions-RDS2"], fsbp: ["RDS.3"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const isReplica = stringArg(db.config.replicate_source_db).state !== "unset";
    const encrypted = isReplica
      ? !isExplicitlyFalse(db.config.storage_encrypted)
      : isTrueOrUnknown(db.config.storage_encrypted);
    if (encrypted) return COMPLIANT;
    return nonCompliant(
      "the database storage is not encrypted, and encryption cannot be turned on later without a snapshot restore",
      "set storage_encrypted = true (optionally kms_key_id for a customer managed key)",
    );
  },
};
