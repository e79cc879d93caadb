import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue, replicaOf } from "../values";

/** A primary database survives the loss of an availability zone through a synchronous standby. */
export const rdsMultiAz: GuardrailRule = {
  id: "RDS-MULTI-AZ",
  description: "Primary DB instances (not read replicas) set multi_az = true.",
  equivalents: { checkov: ["CKV_AWS_157"], cdkNag: ["AwsSolutions-RDS3"], fsbp: ["RDS.5"] },
  appliesTo: ["aws_db_instance"],
  check(db, { stack }) {
    const role = replicaOf(db.config, stack);
    if (role === "replica") return NOT_APPLICABLE;
    if (role === "expression") {
      return cannotVerify(this.id, "replicate_source_db", db.config.replicate_source_db, "the source's identifier");
    }
    const reading = readTrue(db.config.multi_az);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "multi_az", db.config.multi_az, "true");
    return nonCompliant(
      "the database runs in one availability zone, so an AZ outage stops it until a restore",
      "set multi_az = true (about twice the instance cost); Phase 1 accepts a single AZ by acknowledging " +
        "RDS-MULTI-AZ on the aws_db_instance with the reason",
    );
  },
};
