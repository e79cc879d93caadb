import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { numberArg, replicaOf } from "../values";

/** Automated backups are on, so the database can be restored to any second of the retention window. */
export const rdsBackupsRetained: GuardrailRule = {
  id: "RDS-BACKUPS",
  description:
    "Primary DB instances and Aurora clusters keep automated backups: backup_retention_period between 1 and 35 days " +
    "(unset means AWS's default of 1).",
  equivalents: { checkov: ["CKV_AWS_133"], cdkNag: ["AwsSolutions-RDS13"], fsbp: ["RDS.11"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { stack }) {
    const role = replicaOf(db.config, stack);
    if (role === "replica") return NOT_APPLICABLE;
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", db.config.replicate_source_db, "the source's identifier");
    }
    const days = numberArg(db.config.backup_retention_period);
    if (days.state === "unresolved") {
      return cannotVerify(this.id, "backup_retention_period", db.config.backup_retention_period, "7");
    }
    if (days.state === "unset" || (days.value >= 1 && days.value <= 35)) return COMPLIANT;
    return nonCompliant(
      `backup_retention_period is ${days.value}, so automated backups and point-in-time recovery are off`,
      "set backup_retention_period to 1-35 days (7 is a common choice; storage up to the database size is free)",
    );
  },
};
