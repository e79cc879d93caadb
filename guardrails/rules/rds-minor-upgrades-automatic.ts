import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { booleanArg } from "../values";

/** Minor engine versions, which carry security fixes, are applied in the maintenance window. */
export const rdsMinorUpgradesAutomatic: GuardrailRule = {
  id: "RDS-MINOR-UPGRADES",
  description: "DB instances and Aurora cluster instances do not set auto_minor_version_upgrade = false.",
  equivalents: { checkov: ["CKV_AWS_226"], fsbp: ["RDS.13"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    const value = db.config.auto_minor_version_upgrade;
    const arg = booleanArg(value);
    if (arg.state === "unresolved") return cannotVerify(this.id, "auto_minor_version_upgrade", value, "true");
    if (arg.state === "unset" || (arg.state === "set" && arg.value)) return COMPLIANT;
    return nonCompliant(
      "automatic minor version upgrades are off, so engine security fixes wait for someone to apply them",
      "remove auto_minor_version_upgrade = false (the default is true) and pin only the major version",
    );
  },
};
