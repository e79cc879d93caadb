import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { acknowledge } from "../../guardrails/acknowledge";
import { AppRuntime } from "../app-runtime/app-runtime";
import { escapeTerraformTemplate, renderUserData } from "./user-data";

/** Instance metadata settings: IMDSv2 only, and two hops so that a container can still reach the role. */
export const APP_HOST_METADATA_OPTIONS = {
  httpEndpoint: "enabled",
  httpTokens: "required",
  httpPutResponseHopLimit: 2,
  instanceMetadataTags: "disabled",
} as const;

/** The root device of Amazon Linux 2023 AMIs. */
export const AL2023_ROOT_DEVICE = "/dev/xvda";

/** Props of {@link RetainedHostAddress}. */
export interface RetainedHostAddressProps {
  /** Prefix of resource names, for example `webapp-production`: the retired host's. */
  readonly namePrefix: string;
  /**
   * Refuse `terraform destroy` of the address (`lifecycle.prevent_destroy`); removing the construct still
   * releases it.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The Elastic IP of a retired {@link AppHost}, kept unattached under the same Terraform address (the construct ID
 * must be the host's, `AppHost`): retiring the host then detaches the address in place instead of releasing it,
 * for callers that allow-list it or for a rollback to the host. Unattached, it costs the public IPv4 rate.
 */
export class RetainedHostAddress extends Construct {
  /** The address. */
  readonly publicIp: string;

  constructor(scope: Construct, id: string, props: RetainedHostAddressProps) {
    super(scope, id);
    const name = `${props.namePrefix}-app-host`;
    const eip = new Eip(this, "ElasticIp", {
      domain: "vpc",
      tags: { Name: name },
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.publicIp = eip.publicIp;
  }
}

/** Props of {@link AppHost}. */
export interface AppHostProps {
  /** Prefix of resource names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** What the host runs with: its security group, instance profile and log group. */
  readonly runtime: AppRuntime;
  /** Public subnet of the host. */
  readonly subnetId: string;
  /** AWS region (for the user data). */
  readonly region: string;
  /**
   * Instance type.
   * @default "t4g.micro"
   */
  readonly instanceType?: string;
  /** AMI as a `resolve:ssm:` reference, resolved by EC2 at launch; its architecture must match the type. */
  readonly amiSsmReference: string;
  /**
   * Root volume size, in GiB (encrypted gp3).
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Application port in the container (plain HTTP): published on host port 80, or behind the TLS proxy.
   * @default 3000
   */
  readonly containerPort?: number;
  /**
   * Serve HTTPS for this name: a TLS proxy on the host (Caddy) obtains and renews its certificate from Let's
   * Encrypt, redirects port 80 to 443 and forwards to the container. Open 443 on the runtime's security group
   * with it (`AppRuntimeProps.enableHttpsIngress`).
   * @default - plain HTTP on port 80
   */
  readonly tlsDomainName?: string;
  /**
   * One-minute EC2 metrics.
   * @default false
   */
  readonly enableDetailedMonitoring?: boolean;
  /**
   * Refuse termination through the API.
   * @default true
   */
  readonly enableTerminationProtection?: boolean;
  /**
   * Refuse `terraform destroy` of the Elastic IP (`lifecycle.prevent_destroy`): it is the public address others
   * allow-list, and a released address is rarely given back.
   * @default true
   */
  readonly preventAddressDestroy?: boolean;
  /** Root of the environment's Parameter Store namespace (`/<project>/<environment>`), read at every start. */
  readonly parameterPath: string;
  /** Name of the application log group the CloudWatch agent ships to, as configured (a plain string). */
  readonly appLogGroupName: string;
}

/**
 * The Phase 1 application host: one EC2 instance in a public subnet behind an Elastic IP, running the
 * application image under PM2 (`pm2-runtime` as the container's main process), started by systemd. Its security
 * group, role and log group come from an {@link AppRuntime}, which an Auto Scaling group can share.
 *
 * - Network: an elastic network interface carries the Elastic IP before the instance boots, so first-boot setup
 *   has the internet at once, and a replaced instance keeps its address.
 * - Instance: IMDSv2 required with a hop limit of 2 (containers can reach the role), encrypted gp3 root volume
 *   from a launch template (aws_instance cannot combine `resolve:ssm:` AMIs with a root_block_device,
 *   hashicorp/terraform-provider-aws#43488), standard CPU credits (no surprise surplus-credit charges).
 * - HTTPS, with `tlsDomainName`: a Caddy container terminates TLS with certificates it renews itself (the public
 *   host reaches the ACME CA), stored on the host; without it the application is published on port 80.
 * - Database: before its first start the host creates the application's own database user, which signs in with
 *   IAM authentication (modules/app-host/db-app-user.sh, docs/database-access.md).
 * - User data changes replace the instance (cloud-init runs user data only on first boot).
 */
export class AppHost extends Construct {
  /** The instance. */
  readonly instance: Instance;
  /** ID of the instance (the `InstanceId` CloudWatch dimension). */
  readonly instanceId: string;
  /** The Elastic IP address. */
  readonly publicIp: string;
  /** The launch template (AMI, root volume, metadata options), reusable by an Auto Scaling group. */
  readonly launchTemplate: LaunchTemplate;
  /** The rendered first-boot script, as the instance receives it. */
  readonly userData: string;

  constructor(scope: Construct, id: string, props: AppHostProps) {
    super(scope, id);
    const name = `${props.namePrefix}-app-host`;
    const instanceType = props.instanceType ?? "t4g.micro";

    const networkInterface = new NetworkInterface(this, "NetworkInterface", {
      subnetId: props.subnetId,
      securityGroups: [props.runtime.securityGroupId],
      description: `Primary interface of ${name}; holds the Elastic IP across instance replacements`,
      tags: { Name: name },
    });
    const eip = new Eip(this, "ElasticIp", {
      domain: "vpc",
      networkInterface: networkInterface.id,
      tags: { Name: name },
      lifecycle: (props.preventAddressDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.publicIp = eip.publicIp;

    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `AMI, root volume and metadata options of ${name}`,
      imageId: props.amiSsmReference,
      updateDefaultVersion: true,
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
      // Instances launched from the template (Phase 2's Auto Scaling group) get the same metrics resolution.
      monitoring: { enabled: props.enableDetailedMonitoring ?? false },
      tagSpecifications: [{ resourceType: "volume", tags: { Name: name } }],
    });

    this.userData = renderUserData({
      region: props.region,
      parameterPath: props.parameterPath,
      containerPort: props.containerPort ?? 3000,
      tlsDomainName: props.tlsDomainName,
      appLogGroupName: props.appLogGroupName,
    });

    this.instance = new Instance(this, "Instance", {
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      instanceType,
      iamInstanceProfile: props.runtime.instanceProfileName,
      networkInterface: [{ networkInterfaceId: networkInterface.id, deviceIndex: 0 }],
      metadataOptions: { ...APP_HOST_METADATA_OPTIONS },
      monitoring: props.enableDetailedMonitoring ?? false,
      disableApiTermination: props.enableTerminationProtection ?? true,
      // Burstable types default to unlimited credits, billed when the host runs hot for long.
      creditSpecification: /^t\d/.test(instanceType) ? { cpuCredits: "standard" } : undefined,
      userData: escapeTerraformTemplate(this.userData),
      userDataReplaceOnChange: true,
      tags: { Name: name },
      // The log group must exist before the agent starts shipping to it.
      dependsOn: [props.runtime.logGroup, eip],
    });
    this.instanceId = this.instance.id;

    const hopLimitReason =
      "the application container uses the instance role (S3, Parameter Store) through IMDSv2, one hop beyond the host";
    acknowledge(this.launchTemplate, "EC2-IMDS-HOP-LIMIT", hopLimitReason);
    acknowledge(this.instance, "EC2-IMDS-HOP-LIMIT", hopLimitReason);
    acknowledge(
      this.instance,
      "EC2-NO-PUBLIC-IP",
      "Phase 1 serves the application from this one host through its Elastic IP (80/443 only, no SSH); Phase 2 " +
        "moves hosts into private subnets behind the load balancer",
    );
  }
}
