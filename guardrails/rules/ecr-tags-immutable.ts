import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { stringArg } from "../values";

/** A tag names one image forever, so a rollback to a tag redeploys exactly what ran before. */
export const ecrTagsImmutable: GuardrailRule = {
  id: "ECR-IMMUTABLE-TAGS",
  description: 'ECR repositories set image_tag_mutability = "IMMUTABLE".',
  equivalents: { checkov: ["CKV_AWS_51"], fsbp: ["ECR.2"] },
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    const mutability = stringArg(repository.config.image_tag_mutability);
    if (mutability.state === "unresolved") {
      return cannotVerify(this.id, "image_tag_mutability", repository.config.image_tag_mutability, '"IMMUTABLE"');
    }
    if (mutability.state === "set" && mutability.value.startsWith("IMMUTABLE")) return COMPLIANT;
    return nonCompliant(
      "image tags are mutable, so a push can silently replace the image a tag pointed at",
      'set image_tag_mutability = "IMMUTABLE" and tag images with the commit SHA',
    );
  },
};
