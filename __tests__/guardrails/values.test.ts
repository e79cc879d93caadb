import { isComputed, isReference, readTrue } from "../../guardrails/values";

describe("isReference", () => {
  test.each([
    ["a resource attribute", "${aws_kms_key.Key.arn}"],
    ["an upstream stack's output", "${data.terraform_remote_state.Network.outputs.cross-stack-output-vpc_id}"],
    ["a module output", "${module.network.vpc_id}"],
    ["a reference inside a literal ARN", "arn:aws:iam::${data.aws_caller_identity.Me.account_id}:root"],
    ["an indexed attribute", "${aws_db_instance.Db.master_user_secret[0].secret_arn}"],
  ])("follows %s", (_name, value) => {
    expect(isReference(value)).toBe(true);
    expect(isComputed(value)).toBe(false);
  });

  test.each([
    ["a literal wrapped in an expression", "${true}"],
    ["a comparison", "${1 == 2}"],
    ["a conditional", "${var.x ? true : false}"],
    ["a variable", "${var.encrypted}"],
    ["a local", "${local.encrypted}"],
    ["a function call", '${file("boot.sh")}'],
    ["a conditional between references", "${var.x ? aws_kms_key.A.arn : aws_kms_key.B.arn}"],
  ])("does not follow %s", (_name, value) => {
    expect(isReference(value)).toBe(false);
    expect(isComputed(value)).toBe(true);
  });

  test("reads Terraform's $${ escape as a literal, not an expression", () => {
    expect(isComputed("echo $${HOME}")).toBe(false);
  });
});

describe("readTrue", () => {
  test.each([
    [true, "true"],
    ["true", "true"],
    [false, "not-true"],
    [undefined, "not-true"],
    ["${true}", "expression"],
    ["${var.enabled ? true : false}", "expression"],
  ])("reads %p as %s", (value, reading) => {
    expect(readTrue(value)).toBe(reading);
  });
});
