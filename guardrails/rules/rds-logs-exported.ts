import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { stringArg, stringList } from "../values";

/** Database logs leave the instance for CloudWatch Logs, where they outlive it and can be searched. */
export const rdsLogsExported: GuardrailRule = {
  id: "RDS-LOG-EXPORTS",
  description:
    'DB instances and Aurora clusters export their logs to CloudWatch Logs (PostgreSQL: "postgresql" in ' +
    "enabled_cloudwatch_logs_exports).",
  equivalents: { checkov: ["CKV_AWS_129", "CKV_AWS_324"], fsbp: ["RDS.9"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  check(db, { stack }) {
    const raw = db.config.enabled_cloudwatch_logs_exports;
    const exports = stringList(raw);
    if (isUnresolved(raw) || exports.some(isUnresolved)) {
      return cannotVerify(this.id, "enabled_cloudwatch_logs_exports", raw, '["postgresql", "upgrade"]');
    }
    // A replica names no engine: it runs its source's, read from the source's resource when it is in this stack.
    const source = stack.referencedResource(db.config.replicate_source_db, ["aws_db_instance"]);
    const engine = stringArg(db.config.engine ?? source?.config.engine);
    const isPostgres = engine.state === "set" && /postgres/.test(engine.value);
    if (isPostgres ? exports.includes("postgresql") : exports.length > 0) return COMPLIANT;
    return nonCompliant(
      exports.length === 0
        ? "the database exports no logs to CloudWatch Logs"
        : `the database exports ${exports.join(", ")} but not the postgresql log`,
      isPostgres
        ? 'set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"] (instances) or ["postgresql"] (Aurora)'
        : "set enabled_cloudwatch_logs_exports to the engine's error and audit logs",
    );
  },
};
