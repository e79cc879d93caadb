import { AutoscalingAttachment } from "@cdktf/provider-aws/lib/autoscaling-attachment";
import { AutoscalingGroup, AutoscalingGroupConfig } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchConfiguration, LaunchConfigurationConfig } from "@cdktf/provider-aws/lib/launch-configuration";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { TerraformStack } from "cdktf";
import { RuleCase } from "../../support/guardrails";

/** The launch template Phase 2 hosts come from: IMDSv2, no public IP, encrypted root, a profile. */
function template(stack: TerraformStack, change: Partial<LaunchTemplateConfig> = {}): LaunchTemplate {
  return new LaunchTemplate(stack, "Template", {
    name: "webapp-test-app",
    imageId: "ami-0123456789abcdef0",
    instanceType: "t4g.small",
    iamInstanceProfile: { name: "webapp-test-app-host" },
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0, securityGroups: ["sg-app"] }],
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } }],
    ...change,
  });
}

/** Two private subnets in two zones. */
function subnets(stack: TerraformStack, zones = ["ap-northeast-1a", "ap-northeast-1c"]): Subnet[] {
  return zones.map(
    (zone, i) =>
      new Subnet(stack, `Private-${i}`, {
        vpcId: "vpc-1",
        cidrBlock: `10.0.${128 + i * 16}.0/20`,
        availabilityZone: zone,
      }),
  );
}

/**
 * An Auto Scaling group as Phase 2 builds it; cases change one setting. The template and the subnets are created
 * unless the change names its own.
 */
function group(
  stack: TerraformStack,
  change: Partial<AutoscalingGroupConfig> = {},
  launchTemplate?: LaunchTemplate,
): AutoscalingGroup {
  const targets = new LbTargetGroup(stack, "App", {
    port: 80,
    protocol: "HTTP",
    vpcId: "vpc-1",
    healthCheck: { path: "/health" },
  });
  const lt = "launchTemplate" in change ? undefined : (launchTemplate ?? template(stack));
  return new AutoscalingGroup(stack, "Hosts", {
    name: "webapp-test-app",
    minSize: 2,
    maxSize: 4,
    launchTemplate: lt ? { id: lt.id, version: lt.latestVersion.toString() } : undefined,
    vpcZoneIdentifier: "vpcZoneIdentifier" in change ? undefined : subnets(stack).map((s) => s.id),
    healthCheckType: "ELB",
    healthCheckGracePeriod: 300,
    targetGroupArns: [targets.arn],
    ...change,
  });
}

/** A launch configuration (deprecated, refused by ASG-LAUNCH-TEMPLATE) that meets the EC2 rules; cases change one. */
function launchConfiguration(
  stack: TerraformStack,
  change: Partial<LaunchConfigurationConfig> = {},
): LaunchConfiguration {
  return new LaunchConfiguration(stack, "Legacy", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "t4g.small",
    iamInstanceProfile: "webapp-test-app-host",
    associatePublicIpAddress: false,
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: "gp3" },
    ...change,
  });
}

export const AUTO_SCALING_CASES: readonly RuleCase[] = [
  // ASG-LAUNCH-TEMPLATE
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "a group launching from a template of the same stack",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "a template named literally, created in the same stack",
    expect: "compliant",
    build: (s) => group(s, { launchTemplate: { name: template(s).name, version: "$Latest" } }),
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "a template that is an upstream stack's output",
    expect: "compliant",
    build: (s) =>
      group(s, {
        launchTemplate: { id: "${data.terraform_remote_state.Compute.outputs.launch_template_id}", version: "$Latest" },
      }),
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "a launch configuration",
    expect: "non-compliant",
    message: /launch configuration, which AWS has deprecated/,
    build: (s) => group(s, { launchTemplate: undefined, launchConfiguration: "webapp-test-lc" }),
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "bypass attempt: a literal template ID no rule has seen",
    expect: "non-compliant",
    message: /launch_template\.id is "lt-0123456789abcdef0", a template not created in this stack/,
    build: (s) => group(s, { launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" } }),
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "bypass attempt: a compliant base template, overridden by an unchecked one in the mixed instances policy",
    expect: "non-compliant",
    message: /override\[0\]\.launch_template_specification\.launch_template_id is "lt-0fedcba9876543210"/,
    build: (s) => {
      const base = template(s);
      group(s, {
        launchTemplate: undefined,
        mixedInstancesPolicy: {
          launchTemplate: {
            launchTemplateSpecification: { launchTemplateId: base.id },
            override: [
              {
                instanceType: "t4g.medium",
                launchTemplateSpecification: { launchTemplateId: "lt-0fedcba9876543210" },
              },
            ],
          },
        },
      });
    },
  },
  {
    ruleId: "ASG-LAUNCH-TEMPLATE",
    name: "bypass attempt: the template ID is a reference to something that is not a template",
    expect: "non-compliant",
    message: /refers to aws_ssm_parameter\.TemplateId, which is not a launch template/,
    build: (s) => {
      const id = new SsmParameter(s, "TemplateId", { name: "/webapp/test/lt", type: "String", value: "lt-1" });
      group(s, { launchTemplate: { id: id.value, version: "$Latest" } });
    },
  },
  // ASG-ELB-HEALTH-CHECK
  {
    ruleId: "ASG-ELB-HEALTH-CHECK",
    name: "ELB health checks for a group with a target group",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "ASG-ELB-HEALTH-CHECK",
    name: "ELB and EBS health checks together",
    expect: "compliant",
    build: (s) => group(s, { healthCheckType: "ELB,EBS" }),
  },
  {
    ruleId: "ASG-ELB-HEALTH-CHECK",
    name: "EC2 health checks for a group behind no load balancer",
    expect: "not-applicable",
    build: (s) => group(s, { targetGroupArns: undefined, healthCheckType: "EC2" }),
  },
  {
    ruleId: "ASG-ELB-HEALTH-CHECK",
    name: "a group with a target group left on EC2 health checks (the default)",
    expect: "non-compliant",
    message: /uses EC2 \(the default\) health checks.*health_check_type = "ELB"/,
    build: (s) => group(s, { healthCheckType: undefined }),
  },
  {
    ruleId: "ASG-ELB-HEALTH-CHECK",
    name: "bypass attempt: the target group attached by a separate aws_autoscaling_attachment",
    expect: "non-compliant",
    message: /uses EC2 health checks/,
    build: (s) => {
      const hosts = group(s, { targetGroupArns: undefined, healthCheckType: "EC2" });
      new AutoscalingAttachment(s, "Attachment", { autoscalingGroupName: hosts.name, lbTargetGroupArn: "arn:tg" });
    },
  },
  // ASG-MULTI-AZ
  {
    ruleId: "ASG-MULTI-AZ",
    name: "private subnets in two zones",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "ASG-MULTI-AZ",
    name: "two subnets that are upstream stack outputs",
    expect: "compliant",
    build: (s) =>
      group(s, {
        vpcZoneIdentifier: [
          "${data.terraform_remote_state.Network.outputs.cross-stack-output-aws_subnetPrivate-0id}",
          "${data.terraform_remote_state.Network.outputs.cross-stack-output-aws_subnetPrivate-1id}",
        ],
      }),
  },
  {
    ruleId: "ASG-MULTI-AZ",
    name: "one subnet",
    expect: "non-compliant",
    message: /launches into one subnet/,
    build: (s) => group(s, { vpcZoneIdentifier: ["subnet-a"] }),
  },
  {
    ruleId: "ASG-MULTI-AZ",
    name: "bypass attempt: the same subnet listed twice",
    expect: "non-compliant",
    message: /launches into one subnet/,
    build: (s) => group(s, { vpcZoneIdentifier: ["subnet-a", "subnet-a"] }),
  },
  {
    ruleId: "ASG-MULTI-AZ",
    name: "bypass attempt: two subnets of this stack in the same zone",
    expect: "non-compliant",
    message: /subnets are all in ap-northeast-1a/,
    build: (s) => {
      const [a, b] = subnets(s, ["ap-northeast-1a", "ap-northeast-1a"]).map((subnet) => subnet.id);
      group(s, { vpcZoneIdentifier: [a, b] });
    },
  },
  // The EC2 rules judge the group's template as they judge an instance's.
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "a group's template that says associate_public_ip_address = false",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "bypass attempt: a group's template without network interfaces (the subnet decides)",
    expect: "non-compliant",
    message:
      /does not set network_interfaces\.associate_public_ip_address = "false", so the hosts aws_autoscaling_group\.Hosts launches/,
    build: (s) => group(s, {}, template(s, { networkInterfaces: undefined, vpcSecurityGroupIds: ["sg-app"] })),
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "a group's template that assigns public IPs",
    expect: "non-compliant",
    message: /network_interfaces with associate_public_ip_address = true/,
    build: (s) =>
      group(s, {}, template(s, { networkInterfaces: [{ associatePublicIpAddress: "true", deviceIndex: 0 }] })),
  },
  {
    ruleId: "EC2-IMDSV2",
    name: "a group's template requiring tokens",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "EC2-IMDSV2",
    name: "a group's template with optional tokens",
    expect: "non-compliant",
    message: /"optional", so IMDSv1 answers/,
    build: (s) =>
      group(s, {}, template(s, { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } })),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "a group's template with an encrypted root mapping",
    expect: "compliant",
    build: (s) => group(s),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "bypass attempt: a template whose only mapping has no ebs block (the root volume comes from the AMI)",
    expect: "non-compliant",
    message: /no block_device_mappings with an ebs block/,
    build: (s) => group(s, {}, template(s, { blockDeviceMappings: [{ deviceName: "/dev/sdf", noDevice: "" }] })),
  },
  // Launch configurations, which FSBP AutoScaling.3 and AutoScaling.5 check.
  {
    ruleId: "EC2-IMDSV2",
    name: "a launch configuration requiring tokens",
    expect: "compliant",
    build: (s) => launchConfiguration(s),
  },
  {
    ruleId: "EC2-IMDSV2",
    name: "a launch configuration without metadata options",
    expect: "non-compliant",
    message: /http_tokens is not set/,
    build: (s) => launchConfiguration(s, { metadataOptions: undefined }),
  },
  {
    ruleId: "EC2-IMDS-HOP-LIMIT",
    name: "a launch configuration with a hop limit of 1",
    expect: "compliant",
    build: (s) => launchConfiguration(s),
  },
  {
    ruleId: "EC2-IMDS-HOP-LIMIT",
    name: "a launch configuration with a hop limit of 3",
    expect: "non-compliant",
    message: /hop limit is 3/,
    build: (s) => launchConfiguration(s, { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 3 } }),
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "a launch configuration without public IPs",
    expect: "compliant",
    build: (s) => launchConfiguration(s),
  },
  {
    ruleId: "EC2-NO-PUBLIC-IP",
    name: "a launch configuration that assigns public IPs",
    expect: "non-compliant",
    message: /a launch configuration with associate_public_ip_address = true/,
    build: (s) => launchConfiguration(s, { associatePublicIpAddress: true }),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "a launch configuration with an encrypted root volume",
    expect: "compliant",
    build: (s) => launchConfiguration(s),
  },
  {
    ruleId: "EC2-EBS-ENCRYPTED",
    name: "a launch configuration that leaves its root volume to the AMI",
    expect: "non-compliant",
    message: /not encrypted: the root volume/,
    build: (s) => launchConfiguration(s, { rootBlockDevice: undefined }),
  },
  {
    ruleId: "EC2-INSTANCE-PROFILE",
    name: "a group's template with a profile",
    expect: "compliant",
    build: (s) => group(s),
  },
];
