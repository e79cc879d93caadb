import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { nestedBlock, stringArg } from "../values";

/** Hosts answer metadata requests only with a session token, which stops SSRF from reading role credentials. */
export const instanceRequiresImdsv2: GuardrailRule = {
  id: "EC2-IMDSV2",
  description:
    'Instances, launch templates and launch configurations set metadata_options.http_tokens = "required" (or ' +
    "disable the metadata endpoint).",
  equivalents: { checkov: ["CKV_AWS_79"], fsbp: ["EC2.8", "AutoScaling.3"] },
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  check(block) {
    const declared = nestedBlock(block.config.metadata_options);
    // An instance that leaves the options to its launch template gets them from there; the template is judged.
    if (!declared && block.type === "aws_instance" && launchedFromTemplate(block)) return COMPLIANT;
    const options = declared ?? {};
    const tokens = stringArg(options.http_tokens);
    const endpoint = stringArg(options.http_endpoint);
    if (endpoint.state === "set" && endpoint.value === "disabled") return COMPLIANT;
    if (tokens.state === "set" && tokens.value === "required") return COMPLIANT;
    if (tokens.state === "unresolved") {
      return cannotVerify(this.id, "metadata_options.http_tokens", options.http_tokens, '"required"');
    }
    if (endpoint.state === "unresolved") {
      return cannotVerify(this.id, "metadata_options.http_endpoint", options.http_endpoint, '"disabled"');
    }
    return nonCompliant(
      tokens.state === "set"
        ? `metadata_options.http_tokens is "${tokens.value}", so IMDSv1 answers without a token`
        : "metadata_options.http_tokens is not set, so IMDSv1 stays available unless the AMI says otherwise",
      'set metadata_options { http_tokens = "required", http_endpoint = "enabled" }',
    );
  },
};
