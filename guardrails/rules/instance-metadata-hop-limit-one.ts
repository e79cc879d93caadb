import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, numberArg, stringArg } from "../values";

/**
 * Metadata responses do not travel past the host itself: with a hop limit of 1, a container behind Docker's
 * bridge network cannot read the instance role's credentials.
 */
export const instanceMetadataHopLimitOne: GuardrailRule = {
  id: "EC2-IMDS-HOP-LIMIT",
  description:
    "Instances, launch templates and launch configurations set metadata_options.http_put_response_hop_limit = 1.",
  equivalents: { checkov: ["CKV_AWS_341"] },
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  check(block) {
    const declared = nestedBlock(block.config.metadata_options);
    // An instance that leaves the options to its launch template gets them from there; the template is judged.
    if (!declared && block.type === "aws_instance" && launchedFromTemplate(block)) return COMPLIANT;
    const options = declared ?? {};
    const endpoint = stringArg(options.http_endpoint);
    if (endpoint.state === "set" && endpoint.value === "disabled") return COMPLIANT;
    const limit = numberArg(options.http_put_response_hop_limit);
    if (limit.state === "unresolved") {
      return cannotVerify(
        this.id,
        "metadata_options.http_put_response_hop_limit",
        options.http_put_response_hop_limit,
        "1",
      );
    }
    if (limit.state === "set" && limit.value === 1) return COMPLIANT;
    return nonCompliant(
      limit.state === "set"
        ? `the metadata hop limit is ${limit.value}, so containers on the host can read the instance role's credentials`
        : "the metadata hop limit is not set, so it comes from the AMI (Amazon Linux 2023 uses 2)",
      "set metadata_options.http_put_response_hop_limit = 1; when containers must use the instance role (Docker " +
        "on EC2), acknowledge EC2-IMDS-HOP-LIMIT on this resource with the reason",
    );
  },
};
