import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, readTrue } from "../values";

/** Every pushed image is scanned for known vulnerabilities before a host pulls it. */
export const ecrScanOnPush: GuardrailRule = {
  id: "ECR-SCAN-ON-PUSH",
  description: "ECR repositories set image_scanning_configuration { scan_on_push = true }.",
  equivalents: { checkov: ["CKV_AWS_163"], fsbp: ["ECR.1"] },
  appliesTo: ["aws_ecr_repository"],
  check(repository) {
    const value = nestedBlock(repository.config.image_scanning_configuration)?.scan_on_push;
    const reading = readTrue(value);
    if (reading === "true") return COMPLIANT;
    if (reading === "expression") {
      return cannotVerify(this.id, "image_scanning_configuration.scan_on_push", value, "true");
    }
    return nonCompliant(
      "images are not scanned on push, so known CVEs reach the hosts unnoticed",
      "set image_scanning_configuration { scan_on_push = true } (basic scanning is free)",
    );
  },
};
