import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { nestedBlocksArg, stringArg } from "../values";

const RULE_ID = "RDS-QUERY-LOGGING";
const LOGGED_STATEMENTS = ["ddl", "mod", "all"];

/**
 * The PostgreSQL log (exported to CloudWatch by RDS-LOG-EXPORTS) records schema changes and slow statements, so
 * a dropped table or a query that stalls the application can be traced to its statement.
 */
export const rdsQueryLogging: GuardrailRule = {
  id: RULE_ID,
  description:
    'PostgreSQL parameter groups set log_statement to "ddl", "mod" or "all" and log_min_duration_statement to a ' +
    "threshold of 0 ms or more (-1, the default, logs no slow statement).",
  equivalents: { checkov: ["CKV2_AWS_30"] },
  appliesTo: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
  check(group) {
    const family = stringArg(group.config.family);
    if (family.state === "unresolved") return cannotVerify(RULE_ID, "family", group.config.family, '"postgres17"');
    if (family.state !== "set" || !/postgres/.test(family.value)) return NOT_APPLICABLE;
    const parameters = nestedBlocksArg(group.config, "parameter");
    if (parameters === "expression") {
      return cannotVerify(
        RULE_ID,
        "parameter",
        group.config.parameter ?? "dynamic",
        'parameter { name = "log_statement", value = "ddl" }',
      );
    }
    const valueOf = (name: string) => {
      const value = parameters.find((p) => p.name === name)?.value;
      return { value, read: stringArg(typeof value === "number" ? String(value) : value) };
    };
    const statement = valueOf("log_statement");
    if (statement.read.state === "unresolved") {
      return cannotVerify(RULE_ID, "parameter log_statement", statement.value, '"ddl"');
    }
    if (statement.read.state !== "set" || !LOGGED_STATEMENTS.includes(statement.read.value)) {
      return nonCompliant(
        `log_statement is ${statement.read.state === "set" ? JSON.stringify(statement.read.value) : "not set"}, ` +
          "so schema changes (CREATE, ALTER, DROP) leave no trace in the PostgreSQL log",
        'add parameter { name = "log_statement", value = "ddl" } (modules/database sets it)',
      );
    }
    const duration = valueOf("log_min_duration_statement");
    if (duration.read.state === "unresolved") {
      return cannotVerify(RULE_ID, "parameter log_min_duration_statement", duration.value, '"1000"');
    }
    const ms = duration.read.state === "set" ? Number(duration.read.value) : NaN;
    if (!Number.isInteger(ms) || ms < 0) {
      return nonCompliant(
        `log_min_duration_statement is ${duration.read.state === "set" ? JSON.stringify(duration.read.value) : "not set"}, ` +
          "so slow statements are not logged",
        'add parameter { name = "log_min_duration_statement", value = "1000" } (milliseconds; ' +
          "database.slowQueryThresholdMs sets it)",
      );
    }
    return COMPLIANT;
  },
};
