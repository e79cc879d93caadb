import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/** A production database cannot be deleted by a stray `terraform destroy` or a replacement. */
export const rdsDeletionProtectionInProduction: GuardrailRule = {
  id: "RDS-DELETION-PROTECTION",
  description: "In the production environment, DB instances and Aurora clusters set deletion_protection = true.",
  equivalents: {
    checkov: ["CKV_AWS_293", "CKV_AWS_139"],
    cdkNag: ["AwsSolutions-RDS10"],
    fsbp: ["RDS.8", "RDS.7"],
  },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { environment }) {
    if (environment.name !== "production") return NOT_APPLICABLE;
    const value = db.config.deletion_protection;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "deletion_protection", value, "true");
    return nonCompliant(
      "the production database can be deleted (deletion_protection is off)",
      "set deletion_protection = true; turn it off in a separate apply before an intended deletion",
    );
  },
};
