import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { booleanArg, replicaOf } from "../values";

/** Database storage, its snapshots and its replicas are encrypted at rest. */
export const rdsStorageEncrypted: GuardrailRule = {
  id: "RDS-ENCRYPTED",
  description:
    "DB instances and Aurora clusters set storage_encrypted = true; a read replica that leaves it unset inherits its " +
    "source's, which must then be a reference to the source (checked where it is created).",
  equivalents: { checkov: ["CKV_AWS_16", "CKV_AWS_96"], cdkNag: ["AwsSolutions-RDS2"], fsbp: ["RDS.3"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { stack }) {
    const role = replicaOf(db.config, stack);
    const source = db.config.replicate_source_db;
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", source, "the source's identifier");
    }
    const value = db.config.storage_encrypted;
    const arg = booleanArg(value);
    if (arg.state === "unresolved") return cannotVerify(this.id, "storage_encrypted", value, "true");
    if (arg.state === "set" && arg.value) return COMPLIANT;
    // A replica left unset inherits its source's encryption, which the rule checks on the source: the source's own
    // resource, here or in an upstream stack. A literal identifier names a database no rule has seen.
    if (arg.state === "unset" && role === "replica") {
      if (isUnresolved(source)) return COMPLIANT;
      return nonCompliant(
        `the replica inherits the encryption of ${JSON.stringify(source)}, a database not created in this ` +
          "configuration, so nothing shows its storage is encrypted",
        "refer to the source's aws_db_instance (replicate_source_db = its identifier), or set storage_encrypted = true " +
          "on the replica",
      );
    }
    return nonCompliant(
      "the database storage is not encrypted, and encryption cannot be turned on later without a snapshot restore",
      "set storage_encrypted = true (optionally kms_key_id for a customer managed key)",
    );
  },
};
