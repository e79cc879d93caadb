import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { numberArg, readTrue, stringArg } from "../values";

// Performance Insights is not offered for MySQL and MariaDB on these classes (AWS's engine and class support
// table, which Checkov's CKV_AWS_353 follows); PostgreSQL has it on every class, db.t4g.micro included.
const UNSUPPORTED_MYSQL_CLASSES = [
  "db.t2.micro",
  "db.t2.small",
  "db.t3.micro",
  "db.t3.small",
  "db.t4g.micro",
  "db.t4g.small",
];
const ADVANCED_RETENTION_DAYS = 465;

/**
 * Which queries load the database, and what they wait on, is recorded: CloudWatch Database Insights, which
 * replaces the Performance Insights console (end of life 2026-06-30), reads Performance Insights data in both of
 * its modes.
 */
export const rdsDatabaseInsights: GuardrailRule = {
  id: "RDS-DATABASE-INSIGHTS",
  description:
    'DB instances set performance_insights_enabled = true; database_insights_mode, when set, is "standard" or ' +
    '"advanced", and "advanced" keeps performance_insights_retention_period >= 465 days.',
  equivalents: { checkov: ["CKV_AWS_353"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    const engine = stringArg(db.config.engine);
    const instanceClass = stringArg(db.config.instance_class);
    if (
      engine.state === "set" &&
      /^(mysql|mariadb)$/.test(engine.value) &&
      instanceClass.state === "set" &&
      UNSUPPORTED_MYSQL_CLASSES.includes(instanceClass.value)
    ) {
      return NOT_APPLICABLE;
    }
    const enabled = db.config.performance_insights_enabled;
    const reading = readTrue(enabled);
    if (reading === "expression") return cannotVerify(this.id, "performance_insights_enabled", enabled, "true");
    if (reading !== "true") {
      return nonCompliant(
        "Performance Insights is off, so Database Insights cannot show which queries load the database or what " +
          "they wait on",
        'set performance_insights_enabled = true and database_insights_mode = "standard" (free, 7 days; ' +
          "modules/database does both)",
      );
    }
    const mode = stringArg(db.config.database_insights_mode);
    if (mode.state === "unresolved") {
      return cannotVerify(this.id, "database_insights_mode", db.config.database_insights_mode, '"standard"');
    }
    if (mode.state === "set" && mode.value !== "standard" && mode.value !== "advanced") {
      return nonCompliant(`database_insights_mode is ${JSON.stringify(mode.value)}`, 'write "standard" or "advanced"');
    }
    if (mode.state === "set" && mode.value === "advanced") {
      const retention = numberArg(db.config.performance_insights_retention_period);
      if (retention.state === "unresolved") {
        return cannotVerify(
          this.id,
          "performance_insights_retention_period",
          db.config.performance_insights_retention_period,
          String(ADVANCED_RETENTION_DAYS),
        );
      }
      if (retention.state !== "set" || retention.value < ADVANCED_RETENTION_DAYS) {
        return nonCompliant(
          "the advanced mode of Database Insights needs 465 days of Performance Insights retention, and RDS " +
            "refuses the change without it",
          `set performance_insights_retention_period = ${ADVANCED_RETENTION_DAYS}`,
        );
      }
    }
    return COMPLIANT;
  },
};
