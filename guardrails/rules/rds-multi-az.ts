import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from "../types";
import { isTrueOrUnknown, stringArg } from "../values";

/** A primary database survives the loss of an availability zone through a synchronous standby. */
export const rdsMultiAz: GuardrailRule = {
  id: "RDS-MULTI-AZ",
  description: "Primary DB instances (not read replicas) set multi_az = true.",
  equivalents: { checkov: ["CKV_AWS_157"], cdkNag: ["AwsSolutions-RDS3"], fsbp: ["RDS.5"] },
  appliesTo: ["aws_db_instance"],
  check(db) {
    if (stringArg(db.config.replicate_source_db).state !== "unset") return NOT_APPLICABLE;
    if (isTrueOrUnknown(db.config.multi_az)) return COMPLIANT;
    return nonCompliant(
      "the database runs in one availability zone, so an AZ outage stops it until a restore",
      "set multi_az = true (about twice the instance cost); Phase 1 accepts a single AZ by acknowledging " +
        "RDS-MULTI-AZ on the aws_db_instance with the reason",
    );
  },
};
