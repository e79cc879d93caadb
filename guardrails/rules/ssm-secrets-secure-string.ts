import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { stringArg } from "../values";

// Parameter names that hold secrets by convention; matched on the whole path, case-insensitively.
const SECRET_NAME =
  /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential|connection[-_]?string|database[-_]?url|dsn)/i;

// Names of parameters that point at a secret (DB_SECRET_ARN) rather than hold one.
const POINTER_NAME = /[-_/.](arn|id|name)$/i;

/** A secret in Parameter Store is a SecureString: encrypted with KMS and shown only to who may decrypt it. */
export const ssmSecretsSecureString: GuardrailRule = {
  id: "SSM-SECURE-STRING",
  description:
    "SSM parameters whose name says they hold a secret (password, secret, token, api key, credential, " +
    'database URL, ...) have type = "SecureString".',
  equivalents: { checkov: ["CKV2_AWS_34"] },
  appliesTo: ["aws_ssm_parameter"],
  check(parameter) {
    const type = stringArg(parameter.config.type);
    if (type.state === "unresolved") return cannotVerify(this.id, "type", parameter.config.type, '"SecureString"');
    const secure = type.state === "set" && type.value === "SecureString";
    const name = stringArg(parameter.config.name);
    // A computed name may well be a secret's; only a SecureString is safe whatever it turns out to be.
    if (name.state === "unresolved") {
      return secure ? COMPLIANT : cannotVerify(this.id, "name", parameter.config.name, "the parameter path");
    }
    if (name.state !== "set" || !SECRET_NAME.test(name.value) || POINTER_NAME.test(name.value)) return NOT_APPLICABLE;
    if (secure) return COMPLIANT;
    return nonCompliant(
      `the parameter ${name.value} looks like a secret but is stored as ${type.state === "set" ? type.value : "plain text"}`,
      'set type = "SecureString" and grant the host kms:Decrypt on the key through its role',
    );
  },
};
