import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { readTrue } from "../values";

/** No subnet hands out public addresses by itself; a public address is always a deliberate choice. */
export const subnetNoPublicIpOnLaunch: GuardrailRule = {
  id: "SUBNET-NO-AUTO-PUBLIC-IP",
  description: "No subnet sets map_public_ip_on_launch = true.",
  equivalents: { checkov: ["CKV_AWS_130"], fsbp: ["EC2.15"] },
  appliesTo: ["aws_subnet"],
  check(subnet) {
    const value = subnet.config.map_public_ip_on_launch;
    const reading = readTrue(value);
    if (reading === "not-true") return COMPLIANT;
    if (reading === "expression") return cannotVerify(this.id, "map_public_ip_on_launch", value, "false");
    return nonCompliant(
      "every instance launched in the subnet gets a public IPv4 address (map_public_ip_on_launch = true)",
      "set map_public_ip_on_launch = false; give the one host that needs it an Elastic IP or put it behind the load balancer",
    );
  },
};
