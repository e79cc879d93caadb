import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, readTrue, replicaOf, stringArg } from "../values";

/** Deleting a production database, on purpose or not, leaves a snapshot to restore from. */
export const rdsFinalSnapshotInProduction: GuardrailRule = {
  id: "RDS-FINAL-SNAPSHOT",
  description:
    "In production, primary DB instances and Aurora clusters take a final snapshot on deletion: " +
    "skip_final_snapshot is not true and final_snapshot_identifier is set.",
  equivalents: {},
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const role = replicaOf(db.config);
    if (role === "replica") return NOT_APPLICABLE;
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", db.config.replicate_source_db, "the source's identifier");
    }
    const skip = db.config.skip_final_snapshot;
    const skipping = readTrue(skip);
    if (skipping === "expression") return cannotVerify(this.id, "skip_final_snapshot", skip, "false");
    const fix =
      "set skip_final_snapshot = false and final_snapshot_identifier (database.enableFinalSnapshot, on by default " +
      "in production, names it <identifier>-final); to delete without one on purpose, acknowledge " +
      "RDS-FINAL-SNAPSHOT in the environment's guardrails with the reason";
    if (skipping === "true") {
      return nonCompliant("skip_final_snapshot = true: deleting the database keeps no snapshot of its data", fix);
    }
    const identifier = db.config.final_snapshot_identifier;
    if (isComputed(identifier)) {
      return cannotVerify(this.id, "final_snapshot_identifier", identifier, '"<identifier>-final"');
    }
    if (stringArg(identifier).state === "unset") {
      return nonCompliant(
        "no final_snapshot_identifier: a deletion fails instead of keeping a snapshot, and the way out is to set " +
          "skip_final_snapshot",
        fix,
      );
    }
    return COMPLIANT;
  },
};
