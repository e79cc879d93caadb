import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { isComputed } from "../values";

/** What a secret looks like in a boot script, and what to call it in the message. */
const SECRET_PATTERNS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: "an AWS access key ID", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: "an AWS secret access key", pattern: /aws_secret_access_key\s*[=:]/i },
  { kind: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  {
    kind: "a password, token or API key assigned a literal value",
    // Only plain literals count: values read at boot (`$(aws ssm get-parameter ...)`, `$VAR`) or built by a tool
    // (`\(.password)` in jq) contain `$`, `(` or `\\` and are the fix, not the problem.
    pattern:
      /\b[A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY)[A-Z0-9_]*\s*[=:]\s*["']?[A-Za-z0-9+/=_\-!@#%^&*.~:,]{8,}(?=["'\s]|$)/i,
  },
  {
    kind: "a Terraform reference to a secret value",
    pattern:
      /\$\{[^}]*(aws_ssm_parameter\.[^}]*\.(insecure_)?value|\.password\b|aws_secretsmanager_secret_version\.[^}]*\.secret_string)/,
  },
];

/**
 * Boot scripts carry no secrets: user data is readable by anyone allowed `ec2:DescribeInstanceAttribute` and from
 * inside the host at 169.254.169.254, and it is stored in the Terraform state.
 */
export const userDataHasNoSecrets: GuardrailRule = {
  id: "EC2-USER-DATA-NO-SECRETS",
  description:
    "Instance and launch template user data contains no access keys, private keys, literal passwords or tokens, and " +
    "no interpolated secret values.",
  equivalents: { checkov: ["CKV_AWS_46"] },
  appliesTo: ["aws_instance", "aws_launch_template"],
  check(block) {
    const script = userData(block);
    const found = SECRET_PATTERNS.find(({ pattern }) => pattern.test(script));
    // A script Terraform builds (file(), templatefile(), a variable) has contents nobody here can read.
    const computed = (["user_data", "user_data_base64"] as const).find((key) => isComputed(block.config[key]));
    if (!found && computed) {
      return cannotVerify(this.id, computed, block.config[computed], "the script, with references only");
    }
    if (!found) return COMPLIANT;
    return nonCompliant(
      `the user data contains ${found.kind}`,
      "store the value in SSM Parameter Store as a SecureString and read it at boot with the instance role " +
        "(aws ssm get-parameter --with-decryption)",
    );
  },
};

function userData(block: TerraformBlock): string {
  const c = block.config;
  const plain = typeof c.user_data === "string" ? c.user_data : "";
  const encoded = typeof c.user_data_base64 === "string" ? c.user_data_base64 : "";
  // Launch templates take base64 user data in `user_data`; decode whatever decodes to text.
  return [plain, encoded].map(decodeIfBase64).join("\n");
}

function decodeIfBase64(value: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) || value.trim().length % 4 !== 0) return value;
  const decoded = Buffer.from(value.trim(), "base64").toString("utf8");
  // eslint-disable-next-line no-control-regex
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded) ? decoded : value;
}
