import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";

/** Old images expire, so storage does not grow with every build. */
export const ecrLifecyclePolicy: GuardrailRule = {
  id: "ECR-LIFECYCLE",
  description: "Every ECR repository has an aws_ecr_lifecycle_policy.",
  equivalents: { fsbp: ["ECR.3"] },
  appliesTo: ["aws_ecr_repository"],
  check(repository, { stack }) {
    const policies = stack.referencing("aws_ecr_lifecycle_policy", repository, {
      attribute: "repository",
      value: repository.config.name,
    });
    if (policies.length > 0) return COMPLIANT;
    return nonCompliant(
      "the repository has no lifecycle policy, so every pushed image is stored (and billed) forever",
      "add an aws_ecr_lifecycle_policy that keeps the last N images (enough to roll back) and expires untagged ones",
    );
  },
};
