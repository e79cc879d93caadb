import { SynthesizedStack } from "../synthesized-stack";
import {
  COMPLIANT,
  GuardrailRule,
  NOT_APPLICABLE,
  TerraformBlock,
  Verdict,
  cannotVerify,
  nonCompliant,
} from "../types";
import { isComputed, nestedBlocksArg, stringArg } from "../values";

const RULE_ID = "RDS-FORCE-SSL";

/** PostgreSQL refuses unencrypted connections, so credentials and data never cross the VPC in clear text. */
export const rdsTlsForced: GuardrailRule = {
  id: RULE_ID,
  description:
    'PostgreSQL parameter groups set rds.force_ssl = "1", and PostgreSQL DB instances use such a group rather than ' +
    "the engine default.",
  equivalents: { checkov: ["CKV2_AWS_69"] },
  appliesTo: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group", "aws_db_instance"],
  check(block, { stack }) {
    return block.type === "aws_db_instance" ? checkInstance(block, stack) : checkGroup(block);
  },
};

function checkGroup(group: TerraformBlock): Verdict {
  const family = stringArg(group.config.family);
  if (family.state === "unresolved") return cannotVerify(RULE_ID, "family", group.config.family, '"postgres16"');
  if (family.state !== "set" || !/postgres/.test(family.value)) return NOT_APPLICABLE;
  const parameters = nestedBlocksArg(group.config, "parameter");
  if (parameters === "expression") {
    return cannotVerify(
      RULE_ID,
      "parameter",
      group.config.parameter ?? "dynamic",
      'parameter { name = "rds.force_ssl", value = "1" }',
    );
  }
  const forceSsl = parameters.find((p) => p.name === "rds.force_ssl");
  if (!forceSsl) {
    return nonCompliant(
      "rds.force_ssl is not set in the group",
      'add parameter { name = "rds.force_ssl", value = "1" }',
    );
  }
  const value = stringArg(typeof forceSsl.value === "number" ? String(forceSsl.value) : forceSsl.value);
  if (value.state === "unresolved") return cannotVerify(RULE_ID, "parameter rds.force_ssl", forceSsl.value, '"1"');
  if (value.state === "set" && value.value === "1") return COMPLIANT;
  return nonCompliant(
    `rds.force_ssl is ${JSON.stringify(forceSsl.value)}, so clients may connect without TLS`,
    'set the parameter rds.force_ssl to "1"',
  );
}

function checkInstance(db: TerraformBlock, stack: SynthesizedStack): Verdict {
  const group = stringArg(db.config.parameter_group_name);
  // A replica names no engine: it runs its source's, read from the source's resource when it is in this stack. A
  // default PostgreSQL group gives the engine away whatever the instance says.
  const source = stack.referencedResource(db.config.replicate_source_db, ["aws_db_instance"]);
  const engine = stringArg(db.config.engine ?? source?.config.engine);
  const defaultPostgres = group.state === "set" && group.value.startsWith("default.postgres");
  if (!defaultPostgres && (engine.state !== "set" || !/postgres/.test(engine.value))) return NOT_APPLICABLE;
  // A same-region replica without a group of its own takes its source's, which is judged on the source.
  if (group.state === "unset" && stringArg(db.config.replicate_source_db).state !== "unset") return NOT_APPLICABLE;
  // A referenced group is checked on its own; a literal custom name is one the operator vouches for.
  if (isComputed(db.config.parameter_group_name)) {
    return cannotVerify(RULE_ID, "parameter_group_name", db.config.parameter_group_name, "a reference to the group");
  }
  if (group.state === "unresolved" || (group.state === "set" && !group.value.startsWith("default."))) return COMPLIANT;
  return nonCompliant(
    "the database uses the engine's default parameter group, which cannot be changed to force TLS",
    'create an aws_db_parameter_group for the engine family with rds.force_ssl = "1" and set parameter_group_name to it',
  );
}
