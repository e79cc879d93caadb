import { refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { stringArg } from "../values";

/** Every VPC records its traffic, so an incident can be reconstructed afterwards. */
export const vpcHasFlowLogs: GuardrailRule = {
  id: "VPC-FLOW-LOGS",
  description: "Every VPC has an aws_flow_log in the same stack that records all traffic (traffic_type = ALL).",
  equivalents: { checkov: ["CKV2_AWS_11"], cdkNag: ["AwsSolutions-VPC7"], fsbp: ["EC2.6"] },
  appliesTo: ["aws_vpc"],
  check(vpc, { stack }) {
    const flowLogs = stack.resources("aws_flow_log").filter((log) => refersTo(log.config.vpc_id, vpc.address));
    if (flowLogs.length === 0) {
      return nonCompliant(
        "the VPC has no flow log, so rejected and accepted connections leave no record",
        "set network.enableFlowLogs: true for the environment in config/environments.ts (CloudWatch Logs ingestion " +
          "costs about USD 0.76 per GB), or acknowledge VPC-FLOW-LOGS for the environment with the reason",
      );
    }
    const traffic = flowLogs.map((log) => stringArg(log.config.traffic_type));
    if (traffic.some((t) => t.state === "set" && t.value === "ALL")) return COMPLIANT;
    const computed = flowLogs.find((log) => stringArg(log.config.traffic_type).state === "unresolved");
    if (computed) return cannotVerify(this.id, "aws_flow_log traffic_type", computed.config.traffic_type, '"ALL"');
    if (traffic.every((t) => t.state === "set")) {
      return nonCompliant(
        "the VPC's flow logs record only accepted or only rejected traffic",
        'set traffic_type = "ALL" so both accepted and rejected connections are recorded',
      );
    }
    return COMPLIANT;
  },
};
