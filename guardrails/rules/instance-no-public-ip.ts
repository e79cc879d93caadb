import { autoScalingGroupsUsing } from "../relations";
import { refersTo } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { booleanArg, nestedBlocks, nestedBlocksArg, readTrue } from "../values";

/**
 * Hosts have no public address: from Phase 2 they sit in private subnets behind the load balancer. Phase 1's single
 * public host is the one exception, acknowledged on its resource.
 */
export const instanceNoPublicIp: GuardrailRule = {
  id: "EC2-NO-PUBLIC-IP",
  description:
    "Instances and launch configurations do not set associate_public_ip_address = true and instances have no " +
    "Elastic IP; launch templates do not assign public IPs to network interfaces, and those an Auto Scaling group " +
    'uses set associate_public_ip_address = "false".',
  equivalents: { checkov: ["CKV_AWS_88"], fsbp: ["EC2.9", "EC2.25", "AutoScaling.5"] },
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  check(block, { stack }) {
    let how: string | undefined;
    if (block.type === "aws_launch_configuration") {
      const associate = block.config.associate_public_ip_address;
      const reading = readTrue(associate);
      if (reading === "expression") return cannotVerify(this.id, "associate_public_ip_address", associate, "false");
      if (reading === "true") how = "a launch configuration with associate_public_ip_address = true";
    } else if (block.type === "aws_instance") {
      // An Elastic IP may be attached to the instance or to a network interface the instance uses.
      const interfaces = nestedBlocks(block.config.network_interface)
        .map((n) => stack.referencedResource(n.network_interface_id, ["aws_network_interface"]))
        .filter((n): n is TerraformBlock => n !== undefined);
      const targets = [block, ...interfaces].map((t) => t.address);
      const eip = [...stack.resources("aws_eip"), ...stack.resources("aws_eip_association")].find((e) =>
        targets.some((address) =>
          ["instance", "instance_id", "network_interface", "network_interface_id"].some((key) =>
            refersTo(e.config[key], address),
          ),
        ),
      );
      const associate = block.config.associate_public_ip_address;
      if (readTrue(associate) === "expression") {
        return cannotVerify(this.id, "associate_public_ip_address", associate, "false");
      }
      if (readTrue(associate) === "true") how = "associate_public_ip_address = true";
      else if (eip) how = `the Elastic IP ${eip.address}`;
    } else {
      const declared = nestedBlocksArg(block.config, "network_interfaces");
      if (declared === "expression") {
        const value = block.config.network_interfaces ?? block.config.dynamic;
        return cannotVerify(this.id, "network_interfaces", value, "network_interfaces blocks");
      }
      const interfaces = declared;
      const computed = interfaces.find((n) => readTrue(n.associate_public_ip_address) === "expression");
      if (computed) {
        return cannotVerify(
          this.id,
          "network_interfaces.associate_public_ip_address",
          computed.associate_public_ip_address,
          '"false"',
        );
      }
      if (interfaces.some((n) => readTrue(n.associate_public_ip_address) === "true")) {
        how = "network_interfaces with associate_public_ip_address = true";
      }
      // Left unset, the subnet decides (map_public_ip_on_launch, true in a default VPC): a group's hosts say no.
      const group = autoScalingGroupsUsing(stack, block)[0];
      const explicit =
        interfaces.length > 0 &&
        interfaces.every(
          (n) =>
            readTrue(n.associate_public_ip_address) !== "true" &&
            booleanArg(n.associate_public_ip_address).state === "set",
        );
      if (!how && group && !explicit) {
        return nonCompliant(
          `the template does not set network_interfaces.associate_public_ip_address = "false", so the hosts ` +
            `${group.address} launches get a public address whenever their subnet maps one`,
          'declare network_interfaces { associate_public_ip_address = "false", security_groups = [...] } on the ' +
            "template (and no vpc_security_group_ids beside it)",
        );
      }
    }
    if (!how) return COMPLIANT;
    return nonCompliant(
      `the host is reachable from the internet through ${how}`,
      "put hosts in private subnets behind the load balancer; Phase 1's single public host acknowledges " +
        "EC2-NO-PUBLIC-IP on its aws_instance with the reason",
    );
  },
};
