import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, TerraformBlock, cannotVerify, nonCompliant } from "../types";
import { booleanArg, nestedBlock, nestedBlocks, nestedBlocksArg, readTrue } from "../values";

/** Every EBS volume is encrypted at rest, declared here rather than left to the AMI or the account default. */
export const ebsVolumesEncrypted: GuardrailRule = {
  id: "EC2-EBS-ENCRYPTED",
  description:
    "Instance and launch configuration root and EBS block devices, launch template block device mappings and EBS " +
    "volumes set encrypted = true; aws_ebs_encryption_by_default is not disabled.",
  equivalents: {
    checkov: ["CKV_AWS_8", "CKV_AWS_3", "CKV_AWS_106"],
    cdkNag: ["AwsSolutions-EC26"],
    fsbp: ["EC2.3", "EC2.7"],
  },
  appliesTo: [
    "aws_instance",
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_ebs_volume",
    "aws_ebs_encryption_by_default",
  ],
  check(block) {
    const { unencrypted, computed } = volumes(block);
    if (computed) return cannotVerify(this.id, computed.argument, computed.value, computed.literal);
    if (unencrypted.length === 0) return COMPLIANT;
    return nonCompliant(`not encrypted: ${unencrypted.join(", ")}`, fixFor(block));
  },
};

/** The volumes a block leaves unencrypted, and the first encryption argument written as an expression. */
interface Volumes {
  readonly unencrypted: string[];
  readonly computed?: { readonly argument: string; readonly value: unknown; readonly literal: string };
}

function volumes(block: TerraformBlock): Volumes {
  const c = block.config;
  const unencrypted: string[] = [];
  let computed: Volumes["computed"];
  const encrypted = (argument: string, value: unknown, literal = "true"): boolean => {
    const reading = readTrue(value);
    if (reading === "expression") computed ??= { argument, value, literal };
    return reading !== "not-true";
  };
  switch (block.type) {
    case "aws_instance":
    case "aws_launch_configuration": {
      const root = nestedBlock(c.root_block_device);
      // Without its own root_block_device, an instance launched from a template gets the template's mapping.
      const inherited = !root && block.type === "aws_instance" && launchedFromTemplate(block);
      if (!inherited && (!root || !encrypted("root_block_device.encrypted", root.encrypted))) {
        unencrypted.push("the root volume");
      }
      nestedBlocks(c.ebs_block_device).forEach((device, i) => {
        if (!encrypted(`ebs_block_device[${i}].encrypted`, device.encrypted))
          unencrypted.push(`ebs_block_device[${i}]`);
      });
      break;
    }
    case "aws_launch_template": {
      const mappings = nestedBlocksArg(c, "block_device_mappings");
      if (mappings === "expression") {
        computed = {
          argument: "block_device_mappings",
          value: c.block_device_mappings ?? c.dynamic,
          literal: "blocks",
        };
        break;
      }
      // Without an ebs mapping, every volume comes from the AMI's snapshots, encrypted or not.
      if (mappings.length === 0) unencrypted.push("the root volume (no block_device_mappings)");
      else if (mappings.every((mapping) => !nestedBlock(mapping.ebs))) {
        unencrypted.push("the root volume (no block_device_mappings with an ebs block)");
      }
      mappings.forEach((mapping, i) => {
        const ebs = nestedBlock(mapping.ebs);
        if (ebs && !encrypted(`block_device_mappings[${i}].ebs.encrypted`, ebs.encrypted, '"true"')) {
          unencrypted.push(`block_device_mappings[${i}]`);
        }
      });
      break;
    }
    case "aws_ebs_volume":
      if (!encrypted("encrypted", c.encrypted)) unencrypted.push("the volume");
      break;
    default: {
      const arg = booleanArg(c.enabled);
      if (arg.state === "unresolved") computed = { argument: "enabled", value: c.enabled, literal: "true" };
      else if (arg.state === "set" && !arg.value) unencrypted.push("new volumes of the region (enabled = false)");
    }
  }
  return { unencrypted, computed };
}

function fixFor(block: TerraformBlock): string {
  switch (block.type) {
    case "aws_instance":
    case "aws_launch_configuration":
      return "set root_block_device { encrypted = true } and encrypted = true on every ebs_block_device";
    case "aws_launch_template":
      return 'add block_device_mappings for the root device name with ebs { encrypted = "true" }';
    case "aws_ebs_volume":
      return "set encrypted = true";
    default:
      return "set enabled = true";
  }
}
