import { PolicyStatement, actionMatches, hasWildcardPrincipal, readPolicy } from "../policy";
import { bucketConfigurations } from "../relations";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";

/** The bucket refuses plain HTTP: every request, from anyone, must use TLS. */
export const s3TlsOnly: GuardrailRule = {
  id: "S3-TLS-ONLY",
  description:
    'Every bucket has a bucket policy that denies s3:* to every principal when "aws:SecureTransport" is "false".',
  equivalents: { cdkNag: ["AwsSolutions-S10"], fsbp: ["S3.5"] },
  appliesTo: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const written = bucketConfigurations(stack, bucket, "aws_s3_bucket_policy");
    const policies = written.map((p) => readPolicy(p.config.policy, stack));
    if (policies.some((policy) => policy.state === "parsed" && policy.statements.some(deniesPlainHttp))) {
      return COMPLIANT;
    }
    const computed = policies.findIndex((policy) => policy.state === "unresolved");
    if (computed >= 0) {
      return cannotVerify(this.id, "aws_s3_bucket_policy policy", written[computed].config.policy, "a JSON document");
    }
    return nonCompliant(
      policies.length === 0
        ? "the bucket has no bucket policy, so requests over plain HTTP are accepted"
        : "the bucket policy does not deny requests over plain HTTP",
      'add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket ARN, bucket ARN/*], ' +
        'Condition: { Bool: { "aws:SecureTransport": "false" } } } (SecureBucket does this)',
    );
  },
};

function deniesPlainHttp(statement: PolicyStatement): boolean {
  return (
    statement.effect === "Deny" &&
    // A NotPrincipal exempts the principals it names from the deny.
    statement.notPrincipals.length === 0 &&
    hasWildcardPrincipal(statement) &&
    statement.actions.some(
      (action) => actionMatches(action, "s3:GetObject") && actionMatches(action, "s3:PutObject"),
    ) &&
    statement.conditions.some(
      (c) => c.operator === "Bool" && c.key.toLowerCase() === "aws:securetransport" && c.values.includes("false"),
    )
  );
}
