import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/** The database is reachable only from inside the VPC, never through a public DNS name. */
export const rdsInstanceNotPublic: GuardrailRule = {
  id: "RDS-NOT-PUBLIC",
  description: "DB instances and Aurora cluster instances do not set publicly_accessible = true.",
  equivalents: { checkov: ["CKV_AWS_17"], fsbp: ["RDS.2"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    const value = db.config.publicly_accessible;
    const reading = readTrue(value);
    if (reading === "not-true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "publicly_accessible", value, "false");
    return nonCompliant(
      "the database has a public endpoint (publicly_accessible = true)",
      "set publicly_accessible = false, keep it in the private subnets and allow only the application's security group",
    );
  },
};
