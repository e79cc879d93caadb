import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { isTrueOrUnknown } from "../values";

/** A table cannot be deleted by a stray `terraform destroy` or a console click. */
export const dynamodbDeletionProtection: GuardrailRule = {
  id: "DYNAMODB-DELETION-PROTECTION",
  description: "DynamoDB tables set deletion_protection_enabled = true.",
  equivalents: {},
  appliesTo: ["aws_dynamodb_table"],
  check(table) {
    if (isTrueOrUnknown(table.config.deletion_protection_enabled)) return COMPLIANT;
    return nonCompliant(
      "the table can be deleted (deletion_protection_enabled is off); for the state lock table that stops every deploy",
      "set deletion_protection_enabled = true",
    );
  },
};
