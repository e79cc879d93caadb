import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance, InstanceConfig } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformStack } from "cdktf";
import { RuleCase } from "../../support/guardrails";

/** A host that meets every EC2 rule; cases change one setting. */
function host(stack: TerraformStack, change: Partial<InstanceConfig> = {}): Instance {
  return new Instance(stack, "Host", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t4g.micro",
    iamInstanceProfile: "webapp-app-host",
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: "gp3" },
    userData: "#!/bin/bash\ndnf install -y docker\n",
    ...change,
  });
}

/** A launch template that meets every EC2 rule; cases change one setting. */
function template(stack: TerraformStack, change: Partial<LaunchTemplateConfig> = {}): LaunchTemplate {
  return new LaunchTemplate(stack, "Template", {
    imageId: "ami-0123456789abcdef0",
    iamInstanceProfile: { name: "webapp-app-host" },
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } }],
    ...change,
  });
}

/** An instance that takes everything but its type (and what a case adds) from `launchTemplate`. */
function hostFromTemplate(stack: TerraformStack, launchTemplate: LaunchTemplate, change: Partial<InstanceConfig> = {}) {
  return new Instance(stack, "Host", {
    launchTemplate: { id: launchTemplate.id, version: "$Latest" },
    instanceType: "t4g.micro",
    ...change,
  });
}

export const EC2_CASES: readonly RuleCase[] = [
  { ruleId: "EC2-IMDSV2", name: "an instance requiring tokens", expect: "compliant", build: (s) => host(s) },
  {
    ruleId: "EC2-IMDSV2",
    name: "an instance that leaves its metadata options to a compliant launch template",
    expect: "compliant",
    build: (s) => hostFromTemplate(s, template(s)),
  },
  {
    ruleId: "EC2-IMDSV2",
    name: "an instance with optional tokens",
    expect: "non-compliant",
    message: /"optional", so IMDSv1 answers/,
    build: (s) => host(s, { metadataOptions: { httpTokens: "optional" } }),
  },
  {
    ruleId: "EC2-IMDSV2",
    name: "a launch template without metadata options",
    expect: "non-compliant",
    message: /not set/,
    build: (s) => template(s, { metadataOptions: undefined }),
  },
  { ruleId: "EC2-IMDS-HOP-LIMIT", name: "a hop limit of 1", expect: "compliant", build: (s) => template(s) },
  {
    ruleId: "EC2-IMDS-HOP-LIMIT",
    name: "a launch template with a hop limit of 2 (Docker)",
    expect: "non-compliant",
    message: /hop limit is 2.*acknowledge EC2-IMDS-HOP-LIMIT/,
    build: (s) => template(s, { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }),
  },
  {
    ruleId: "EC2-IMDS-HOP-LIMIT",
    name: "an instance that leaves the hop limit to the AMI",
    expect: "non-compliant",
    message: /not set/,
    build: (s) => host(s, { metadataOptions: { httpTokens: "required" } }),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "an encrypted root volume, an encrypted EBS volume and encryption by default",
    expect: "compliant",
    build: (s) => {
      host(s);
      new EbsVolume(s, "Data", { availabilityZone: "ap-northeast-1a", size: 10, encrypted: true });
      new EbsEncryptionByDefault(s, "EncryptionByDefault", { enabled: true });
    },
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "an instance whose root volume comes from an encrypted launch template mapping",
    expect: "compliant",
    build: (s) => hostFromTemplate(s, template(s)),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "an instance without a root_block_device",
    expect: "non-compliant",
    message: /the root volume/,
    build: (s) => host(s, { rootBlockDevice: undefined }),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "a launch template mapping with encrypted = false",
    expect: "non-compliant",
    message: /block_device_mappings\[0\]/,
    build: (s) => template(s, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "encryption by default switched off",
    expect: "non-compliant",
    message: /enabled = false/,
    build: (s) => new EbsEncryptionByDefault(s, "EncryptionByDefault", { enabled: false }),
  },
  { ruleId: "EC2-INSTANCE-PROFILE", name: "an instance with a profile", expect: "compliant", build: (s) => host(s) },
  {
    ruleId: "EC2-INSTANCE-PROFILE",
    name: "a template without a profile, used only by an instance that sets one",
    expect: "compliant",
    build: (s) =>
      hostFromTemplate(s, template(s, { iamInstanceProfile: undefined }), { iamInstanceProfile: "webapp-app-host" }),
  },
  {
    ruleId: "EC2-INSTANCE-PROFILE",
    name: "an instance without a profile",
    expect: "non-compliant",
    message: /no IAM instance profile/,
    build: (s) => host(s, { iamInstanceProfile: undefined }),
  },
  {
    ruleId: "EC2-INSTANCE-PROFILE",
    name: "a template without a profile used by an Auto Scaling group",
    expect: "non-compliant",
    build: (s) => {
      const lt = template(s, { iamInstanceProfile: undefined });
      new AutoscalingGroup(s, "Hosts", { minSize: 2, maxSize: 4, launchTemplate: { id: lt.id } });
    },
  },
  {
    ruleId: "EC2-USER-DATA-NO-SECRETS",
    name: "user data that reads its secrets at boot",
    expect: "compliant",
    build: (s) =>
      host(s, {
        userData: [
          "#!/bin/bash",
          'DB_PASSWORD="$(aws ssm get-parameter --with-decryption --name /webapp/db --query Parameter.Value)"',
          `jq -r '"DB_USER=\\(.username)\\nDB_PASSWORD=\\(.password)"' secret.json > .env`,
        ].join("\n"),
      }),
  },
  {
    ruleId: "EC2-USER-DATA-NO-SECRETS",
    name: "a literal password",
    expect: "non-compliant",
    message: /a password, token or API key assigned a literal value/,
    build: (s) => host(s, { userData: "#!/bin/bash\nexport DB_PASSWORD=correct-horse-battery\n" }),
  },
  {
    ruleId: "EC2-USER-DATA-NO-SECRETS",
    name: "an access key ID",
    expect: "non-compliant",
    message: /an AWS access key ID/,
    build: (s) => host(s, { userData: "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE" }),
  },
  {
    ruleId: "EC2-USER-DATA-NO-SECRETS",
    name: "a private key in a launch template's base64 user data",
    expect: "non-compliant",
    message: /a private key/,
    build: (s) =>
      template(s, {
        userData: Buffer.from(
          "#!/bin/bash\ncat > key.pem <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nEOF\n",
        ).toString("base64"),
      }),
  },
  {
    ruleId: "EC2-USER-DATA-NO-SECRETS",
    name: "a SecureString value interpolated into the user data",
    expect: "non-compliant",
    message: /a Terraform reference to a secret value/,
    build: (s) => {
      const secret = new SsmParameter(s, "DbPassword", { name: "/webapp/db", type: "SecureString", value: "x" });
      host(s, { userData: `#!/bin/bash\necho ${secret.value} > /etc/app/db` });
    },
  },
  { ruleId: "EC2-NO-PUBLIC-IP", name: "a private host", expect: "compliant", build: (s) => host(s) },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "an instance with associate_public_ip_address",
    expect: "non-compliant",
    message: /associate_public_ip_address = true/,
    build: (s) => host(s, { associatePublicIpAddress: true }),
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "an Elastic IP on the host's network interface",
    expect: "non-compliant",
    message: /the Elastic IP aws_eip\.Address/,
    build: (s) => {
      const eni = new NetworkInterface(s, "Interface", { subnetId: "subnet-1" });
      new Eip(s, "Address", { domain: "vpc", networkInterface: eni.id });
      host(s, { networkInterface: [{ networkInterfaceId: eni.id, deviceIndex: 0 }] });
    },
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "a launch template that assigns public IPs",
    expect: "non-compliant",
    message: /network_interfaces with associate_public_ip_address/,
    build: (s) => template(s, { networkInterfaces: [{ associatePublicIpAddress: "true", deviceIndex: 0 }] }),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "a production host with one-minute metrics",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => host(s, { monitoring: true }),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "a production launch template with one-minute metrics, and an instance that leaves it to the template",
    expect: "compliant",
    environment: { name: "production" },
    build: (s) => hostFromTemplate(s, template(s, { monitoring: { enabled: true } })),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "a development host with five-minute metrics",
    expect: "not-applicable",
    build: (s) => host(s, { monitoring: false }),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "a production host with five-minute metrics",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /five-minute metrics only.*monitoring = true/,
    build: (s) => host(s),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "a production launch template without a monitoring block",
    expect: "non-compliant",
    environment: { name: "production" },
    message: /monitoring\.enabled = true/,
    build: (s) => template(s),
  },
  {
    ruleId: "EC2-DETAILED-MONITORING",
    name: "bypass attempt: a compliant template, overridden to five-minute metrics on the instance",
    expect: "non-compliant",
    environment: { name: "production" },
    build: (s) => hostFromTemplate(s, template(s, { monitoring: { enabled: true } }), { monitoring: false }),
  },
];
