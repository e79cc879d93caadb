import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/** Snapshots carry the database's tags, so their owner, environment and cost are known. */
export const rdsCopyTagsToSnapshot: GuardrailRule = {
  id: "RDS-COPY-TAGS",
  description: "DB instances and Aurora clusters set copy_tags_to_snapshot = true.",
  equivalents: { checkov: ["CKV2_AWS_60", "CKV_AWS_313"], fsbp: ["RDS.17", "RDS.16"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const value = db.config.copy_tags_to_snapshot;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "copy_tags_to_snapshot", value, "true");
    return nonCompliant(
      "snapshots do not get the database's tags, so nobody can tell whose they are or what they cost",
      "set copy_tags_to_snapshot = true",
    );
  },
};
