import { COMPLIANT, GuardrailRule, nonCompliant } from "../types";
import { isTrueOrUnknown, nestedBlock } from "../values";

/** Every pushed image is scanned for known vulnerabilities before a host pulls it. */
export const ecrScanOnPush: GuardrailRule = {
  id: "ECR-SCAN-ON-PUSH",
  description: "ECR repositories set image_scanning_configuration { scan_on_push = true }.",
  equivalents: { checkov: ["CKV_AWS_163"], fsbp: ["ECR.1"] },
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    if (isTrueOrUnknown(nestedBlock(repository.config.image_scanning_configuration)?.scan_on_push)) return COMPLIANT;
    return nonCompliant(
      "images are not scanned on push, so known CVEs reach the hosts unnoticed",
      "set image_scanning_configuration { scan_on_push = true } (basic scanning is free)",
    );
  },
};
