import { launchedFromTemplate } from "../relations";
import { COMPLIANT, GuardrailRule, TerraformBlock, nonCompliant } from "../types";
import { isExplicitlyFalse, isTrueOrUnknown, nestedBlock, nestedBlocks } from "../values";

/** Every EBS volume is encrypted at rest, declared here rather than left to the AMI or the account default. */
export const ebsVolumesEncrypted: GuardrailRule = {
  id: "EC2-EBS-ENCRYPTED",
  description:
    "Instance root and EBS block devices, launch template block device mappings and EBS volumes set encrypted = true; " +
    "aws_ebs_encryption_by_default is not disabled.",
  equivalents: {
    checkov: ["CKV_AWS_8", "CKV_AWS_3", "CKV_AWS_106"],
    cdkNag: ["AwsSolutions-EC26"],
    fsbp: ["EC2.3", "EC2.7"],
  },
  appliesTo: ["aws_instance", "aws_launch_template", "aws_ebs_volume", "aws_ebs_encryption_by_default"],
  check(block) {
    const unencrypted = unencryptedVolumes(block);
    if (unencrypted.length === 0) return COMPLIANT;
    return nonCompliant(`not encrypted: ${unencrypted.join(", ")}`, fixFor(block));
  },
};

function unencryptedVolumes(block: TerraformBlock): string[] {
  const c = block.config;
  switch (block.type) {
    case "aws_instance": {
      const root = nestedBlock(c.root_block_device);
      const found: string[] = [];
      // Without its own root_block_device, an instance launched from a template gets the template's mapping.
      const inherited = !root && launchedFromTemplate(block);
      if (!inherited && (!root || !isTrueOrUnknown(root.encrypted))) found.push("the root volume");
      nestedBlocks(c.ebs_block_device).forEach((device, i) => {
        if (!isTrueOrUnknown(device.encrypted)) found.push(`ebs_block_device[${i}]`);
      });
      return found;
    }
    case "aws_launch_template": {
      const mappings = nestedBlocks(c.block_device_mappings);
      if (mappings.length === 0) return ["the root volume (no block_device_mappings)"];
      return mappings
        .map((mapping, i) => ({ i, ebs: nestedBlock(mapping.ebs) }))
        .filter(({ ebs }) => ebs !== undefined && !isTrueOrUnknown(ebs.encrypted))
        .map(({ i }) => `block_device_mappings[${i}]`);
    }
    case "aws_ebs_volume":
      return isTrueOrUnknown(c.encrypted) ? [] : ["the volume"];
    default:
      return isExplicitlyFalse(c.enabled) ? ["new volumes of the region (enabled = false)"] : [];
  }
}

function fixFor(block: TerraformBlock): string {
  switch (block.type) {
    case "aws_instance":
      return "set root_block_device { encrypted = true } and encrypted = true on every ebs_block_device";
    case "aws_launch_template":
      return 'add block_device_mappings for the root device name with ebs { encrypted = "true" }';
    case "aws_ebs_volume":
      return "set encrypted = true";
    default:
      return "set enabled = true";
  }
}
