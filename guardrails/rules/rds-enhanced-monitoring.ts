import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { isComputed, numberArg, stringArg } from "../values";

/** Intervals RDS accepts for Enhanced Monitoring, in seconds, other than 0 (off). */
const INTERVALS_SEC = [1, 5, 10, 15, 30, 60];

/**
 * The operating system under the database (memory, swap, the processes using the CPU) is sampled, so a slow or
 * stuck instance can be explained and not only seen.
 */
export const rdsEnhancedMonitoring: GuardrailRule = {
  id: "RDS-ENHANCED-MONITORING",
  description:
    "DB instances (read replicas included) set monitoring_interval to 1, 5, 10, 15, 30 or 60 seconds and " +
    "monitoring_role_arn to the role RDS publishes the samples with.",
  equivalents: { checkov: ["CKV_AWS_118"], fsbp: ["RDS.6"] },
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  check(db) {
    const value = db.config.monitoring_interval;
    const interval = numberArg(value);
    if (interval.state === "unresolved") return cannotVerify(this.id, "monitoring_interval", value, "60");
    if (interval.state !== "set" || !INTERVALS_SEC.includes(interval.value)) {
      return nonCompliant(
        `Enhanced Monitoring is off (monitoring_interval is ${interval.state === "set" ? interval.value : "unset"}), ` +
          "so the memory, swap and processes of the database host leave no record",
        "set monitoring_interval = 60 and monitoring_role_arn to a role trusted by monitoring.rds.amazonaws.com " +
          "(modules/database does both; database.enhancedMonitoringIntervalSec sets the interval)",
      );
    }
    const role = db.config.monitoring_role_arn;
    // A reference names the role, which is checked where it is created.
    if (isComputed(role)) return cannotVerify(this.id, "monitoring_role_arn", role, "a reference to the role's arn");
    if (stringArg(role).state === "unset") {
      return nonCompliant(
        "monitoring_interval is set but monitoring_role_arn is not, so RDS cannot publish the samples",
        "set monitoring_role_arn to a role trusted by monitoring.rds.amazonaws.com that may write the RDSOSMetrics " +
          "log group",
      );
    }
    return COMPLIANT;
  },
};
