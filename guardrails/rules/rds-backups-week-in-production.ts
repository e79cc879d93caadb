import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { numberArg, replicaOf } from "../values";

/** The shortest automated backup retention production accepts, in days (FSBP RDS.11's default minimum). */
export const PRODUCTION_MIN_BACKUP_RETENTION_DAYS = 7;

/** Production can be restored to any second of the last week: a problem found on Monday is still recoverable. */
export const rdsBackupsWeekInProduction: GuardrailRule = {
  id: "RDS-BACKUPS-7-DAYS",
  description:
    "In production, primary DB instances and Aurora clusters keep automated backups at least 7 days " +
    "(backup_retention_period of 7 or more; unset means AWS's default of 1).",
  equivalents: { fsbp: ["RDS.11"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const role = replicaOf(db.config);
    if (role === "replica") return NOT_APPLICABLE;
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", db.config.replicate_source_db, "the source's identifier");
    }
    const days = numberArg(db.config.backup_retention_period);
    if (days.state === "unresolved") {
      return cannotVerify(this.id, "backup_retention_period", db.config.backup_retention_period, "7");
    }
    if (days.state === "set" && days.value >= PRODUCTION_MIN_BACKUP_RETENTION_DAYS) return COMPLIANT;
    const kept = days.state === "set" ? `${days.value} day(s)` : "AWS's default of 1 day (unset)";
    return nonCompliant(
      `automated backups are kept ${kept}, so a problem noticed later than that cannot be undone by a restore`,
      `set backup_retention_period to ${PRODUCTION_MIN_BACKUP_RETENTION_DAYS}-35 (database.backupRetentionDays, ` +
        "7 by default); to keep less on purpose, acknowledge RDS-BACKUPS-7-DAYS in the environment's guardrails " +
        "with the reason",
    );
  },
};
