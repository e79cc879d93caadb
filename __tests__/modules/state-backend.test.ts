import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { acknowledgementsOn } from "../../guardrails/acknowledge";
import { StateBackend } from "../../modules/state-backend";
import { synthModule } from "../support/module-stack";

function backend() {
  return synthModule(
    (scope) =>
      new StateBackend(scope, "StateBackend", {
        bucketName: "webapp-test-tfstate",
        lockTableName: "webapp-test-tfstate-lock",
      }),
  );
}

describe("StateBackend", () => {
  test("the lock table is on demand, recoverable, protected and encrypted with the AWS managed key", () => {
    expect(backend().json).toHaveResourceWithProperties(DynamodbTable, {
      name: "webapp-test-tfstate-lock",
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
  });

  test("the lock table's AWS managed key is acknowledged on the table, with what it holds", () => {
    const { construct } = backend();
    const table = construct.node.findAll().find((c) => c instanceof DynamodbTable) as DynamodbTable;
    expect(acknowledgementsOn(table)).toEqual([
      { ruleId: "DYNAMODB-CMK", reason: expect.stringMatching(/lock IDs and the state's MD5 digest, never state/) },
    ]);
  });
});
