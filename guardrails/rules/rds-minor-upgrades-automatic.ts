import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { isExplicitlyFalse } from "../values";

/** Minor engine versions, which carry security fixes, are applied in the maintenance window. */
export const rdsMinorUpgradesAutomatic: GuardrailRule = {
  id: "RDS-MINOR-UPGRADES",
  description: "DB instances and Aurora cluster instances do not set auto_minor_version_upgrade = false.",
  equivalents: { checkov: ["CKV_AWS_226"], fsbp: ["RDS.13"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    if (!isExplicitlyFalse(db.config.auto_minor_version_upgrade)) return COMPLIANT;
    return nonCompliant(
      "automatic minor version upgrades are off, so engine security fixes wait for someone to apply them",
      "remove auto_minor_version_upgrade = false (the default is true) and pin only the major version",
    );
  },
};
