import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { acknowledge } from "../../guardrails/acknowledge";
import { APP_HOST_METADATA_OPTIONS, AL2023_ROOT_DEVICE } from "../app-host/app-host";
import { renderUserData } from "../app-host/user-data";
import { AppRuntime } from "../app-runtime/app-runtime";

/** Props of {@link AppFleet}. */
export interface AppFleetProps {
  /** Prefix of resource names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** What the hosts run with: security group, instance profile, log group (shared with a Phase 1 host). */
  readonly runtime: AppRuntime;
  /** Private subnets, one per availability zone; the group spreads its instances over them. */
  readonly subnetIds: readonly string[];
  /** ARN of the load balancer's target group the instances register with. */
  readonly targetGroupArn: string;
  /** AWS region (for the user data). */
  readonly region: string;
  /**
   * Instance type.
   * @default "t4g.micro"
   */
  readonly instanceType?: string;
  /** AMI as a `resolve:ssm:` reference, resolved by EC2 at each launch; its architecture must match the type. */
  readonly amiSsmReference: string;
  /**
   * Root volume size, in GiB (encrypted gp3).
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Application port in the container, published on host port 80 (the target group's port).
   * @default 3000
   */
  readonly containerPort?: number;
  /**
   * One-minute EC2 metrics.
   * @default false
   */
  readonly enableDetailedMonitoring?: boolean;
  /**
   * Fewest instances.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Most instances.
   * @default 4
   */
  readonly maxSize?: number;
  /**
   * Average CPU utilization the target tracking policy keeps, in percent.
   * @default 70
   */
  readonly targetCpuPercent?: number;
  /**
   * Seconds after launch before failed load balancer health checks count (image pull and start).
   * @default 300
   */
  readonly healthCheckGracePeriodSec?: number;
  /** Root of the environment's Parameter Store namespace (`/<project>/<environment>`), read at every start. */
  readonly parameterPath: string;
  /** Name of the application log group the CloudWatch agent ships to, as configured (a plain string). */
  readonly appLogGroupName: string;
}

/**
 * The Phase 2 application hosts (A2): an Auto Scaling group in the private subnets of every zone, launched from a
 * template with the Phase 1 host's model (Docker, `pm2-runtime`, the same role, user data and container script),
 * registered with the load balancer's target group and scaled by target tracking on average CPU.
 *
 * - Launch template: IMDSv2 with a hop limit of 2, no public IP, encrypted gp3 root volume, standard CPU credits
 *   for burstable types. The AMI is a `resolve:ssm:` reference, so every launch gets the current Amazon Linux 2023.
 * - Boot: each instance reads the image to run from Parameter Store, so a scale-out starts the current image, and
 *   pulls it from ECR through the VPC endpoints.
 * - Health: ELB health checks after a grace period; the group replaces an instance the load balancer finds
 *   unhealthy (no EC2 auto-recovery, which only suits a single instance).
 * - Changes: a new launch template version starts an instance refresh that launches before it terminates
 *   (healthy capacity never drops below 100 %).
 */
export class AppFleet extends Construct {
  /** The launch template. */
  readonly launchTemplate: LaunchTemplate;
  /** The Auto Scaling group. */
  readonly group: AutoscalingGroup;
  /** Name of the group (the `AutoScalingGroupName` dimension of its metrics). */
  readonly groupName: string;
  /** The rendered first-boot script, as each instance receives it. */
  readonly userData: string;

  constructor(scope: Construct, id: string, props: AppFleetProps) {
    super(scope, id);
    const name = `${props.namePrefix}-app`;
    const instanceType = props.instanceType ?? "t4g.micro";
    const minSize = props.minSize ?? 2;
    const maxSize = props.maxSize ?? 4;
    if (minSize > maxSize) throw new Error(`AppFleet: minSize ${minSize} is above maxSize ${maxSize}`);
    const gracePeriodSec = props.healthCheckGracePeriodSec ?? 300;

    this.userData = renderUserData({
      region: props.region,
      parameterPath: props.parameterPath,
      containerPort: props.containerPort ?? 3000,
      appLogGroupName: props.appLogGroupName,
    });

    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `Hosts of the Auto Scaling group ${name}`,
      imageId: props.amiSsmReference,
      instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { name: props.runtime.instanceProfileName },
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "false",
          deleteOnTermination: "true",
          securityGroups: [props.runtime.securityGroupId],
        },
      ],
      blockDeviceMappings: [
        {
          deviceName: AL2023_ROOT_DEVICE,
          ebs: {
            volumeType: "gp3",
            volumeSize: props.rootVolumeSizeGiB ?? 20,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      metadataOptions: { ...APP_HOST_METADATA_OPTIONS },
      monitoring: { enabled: props.enableDetailedMonitoring ?? false },
      // Burstable types default to unlimited credits, billed when the hosts run hot for long.
      creditSpecification: /^t\d/.test(instanceType) ? { cpuCredits: "standard" } : undefined,
      // Base64 here, not in Terraform: the script reaches the instance exactly as rendered.
      userData: Buffer.from(this.userData, "utf8").toString("base64"),
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: name } },
        { resourceType: "volume", tags: { Name: name } },
      ],
    });

    this.group = new AutoscalingGroup(this, "Group", {
      name,
      minSize,
      maxSize,
      vpcZoneIdentifier: [...props.subnetIds],
      targetGroupArns: [props.targetGroupArn],
      healthCheckType: "ELB",
      healthCheckGracePeriod: gracePeriodSec,
      defaultInstanceWarmup: gracePeriodSec,
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      instanceRefresh: {
        strategy: "Rolling",
        preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: String(gracePeriodSec) },
      },
      enabledMetrics: [
        "GroupDesiredCapacity",
        "GroupInServiceInstances",
        "GroupMaxSize",
        "GroupMinSize",
        "GroupPendingInstances",
        "GroupTerminatingInstances",
        "GroupTotalInstances",
      ],
      // Apply waits until min_size instances pass the load balancer's health check: the image pull included.
      waitForCapacityTimeout: `${Math.max(10, Math.ceil((gracePeriodSec * 2) / 60))}m`,
      tag: [{ key: "Name", value: name, propagateAtLaunch: true }],
      dependsOn: [props.runtime.logGroup],
    });
    this.groupName = this.group.name;

    new AutoscalingPolicy(this, "CpuTargetTracking", {
      name: `${name}-cpu`,
      autoscalingGroupName: this.group.name,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: props.targetCpuPercent ?? 70,
      },
    });

    acknowledge(
      this.launchTemplate,
      "EC2-IMDS-HOP-LIMIT",
      "the application container uses the instance role (S3, Parameter Store) through IMDSv2, one hop beyond the host",
    );
  }
}
