import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { readTrue, stringArg } from "../values";

/** Symmetric customer managed keys get new key material every year, without re-encrypting anything. */
export const kmsKeyRotation: GuardrailRule = {
  id: "KMS-ROTATION",
  description: "Symmetric KMS keys set enable_key_rotation = true.",
  equivalents: { checkov: ["CKV_AWS_7"], cdkNag: ["AwsSolutions-KMS5"] },
  appliesTo: ["aws_kms_key"],
  check(key) {
    const spec = stringArg(key.config.customer_master_key_spec);
    // AWS rotates only symmetric encryption keys.
    if (spec.state === "set" && spec.value !== "SYMMETRIC_DEFAULT") return NOT_APPLICABLE;
    const value = key.config.enable_key_rotation;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "enable_key_rotation", value, "true");
    return nonCompliant("automatic key rotation is off", "set enable_key_rotation = true");
  },
};
