import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, readTrue, stringArg } from "../values";

/**
 * The master password is created and rotated by RDS in Secrets Manager: it never appears in the configuration, the
 * synthesized JSON or the Terraform state.
 */
export const rdsMasterPasswordManaged: GuardrailRule = {
  id: "RDS-MANAGED-PASSWORD",
  description:
    "Primary DB instances and Aurora clusters set manage_master_user_password = true and no password argument.",
  equivalents: {},
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const c = db.config;
    const sources = ["replicate_source_db", "snapshot_identifier", "global_cluster_identifier"].filter(
      (key) => stringArg(c[key]).state !== "unset",
    );
    const computed = sources.find((key) => isComputed(c[key]));
    if (computed) return cannotVerify(this.id, computed, c[computed], "the source's identifier");
    if (sources.length > 0) return NOT_APPLICABLE;
    if (stringArg(c.password).state !== "unset" || stringArg(c.master_password).state !== "unset") {
      return nonCompliant(
        "a master password is set in the configuration, so it is stored in cdktf.out and in the Terraform state",
        "remove the password and set manage_master_user_password = true; the application reads the secret from " +
          "Secrets Manager",
      );
    }
    const reading = readTrue(c.manage_master_user_password);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") {
      return cannotVerify(this.id, "manage_master_user_password", c.manage_master_user_password, "true");
    }
    return nonCompliant("the master password is not managed by RDS", "set manage_master_user_password = true");
  },
};
