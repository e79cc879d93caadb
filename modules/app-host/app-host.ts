import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { acknowledge } from "../../guardrails/acknowledge";
import { CLOUDWATCH_AGENT_NAMESPACE } from "./cloudwatch-agent";
import { escapeTerraformTemplate, renderUserData } from "./user-data";

/** The ports the application host serves to the internet; nothing else is ever opened to it. */
export const APP_HOST_INGRESS_PORTS = { http: 80, https: 443 } as const;

/** Instance metadata settings: IMDSv2 only, and two hops so that a container can still reach the role. */
export const APP_HOST_METADATA_OPTIONS = {
  httpEndpoint: "enabled",
  httpTokens: "required",
  httpPutResponseHopLimit: 2,
  instanceMetadataTags: "disabled",
} as const;

/** The root device of Amazon Linux 2023 AMIs. */
const AL2023_ROOT_DEVICE = "/dev/xvda";

/** What the host's role may reach besides its own log group and parameters. */
export interface AppHostAccess {
  /** ARN of the ECR repository the host pulls from (pull only). */
  readonly imageRepositoryArn: string;
  /** ARN of the database master user secret (read only). */
  readonly databaseSecretArn: string;
  /** ARN of the application bucket (objects read/write, list). */
  readonly bucketArn: string;
}

/** The database the host connects to. */
export interface AppHostDatabase {
  /** The database's security group; the host adds the ingress rule from its own group. */
  readonly securityGroupId: string;
  /** The database port. */
  readonly port: number;
}

/** Props of {@link AppHost}. */
export interface AppHostProps {
  /** Prefix of resource names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Name of the instance role (deterministic, so that the bucket policy can name it before it exists). */
  readonly roleName: string;
  /** VPC of the host. */
  readonly vpcId: string;
  /** Public subnet of the host. */
  readonly subnetId: string;
  /** AWS region (for the user data and for ARNs). */
  readonly region: string;
  /** The deploying AWS account, for Parameter Store ARNs (for example the network's `accountId`). */
  readonly accountId: string;
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
   * CIDRs allowed on ports 80 and 443.
   * @default ["0.0.0.0/0"]
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * Application port in the container, published on host port 80.
   * @default 3000
   */
  readonly containerPort?: number;
  /**
   * HTTPS port in the container, published on host port 443.
   * @default - not published
   */
  readonly containerTlsPort?: number;
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
  /** Root of the environment's Parameter Store namespace (`/<project>/<environment>`); the role reads only there. */
  readonly parameterPath: string;
  /** Name of the application log group (created here). */
  readonly appLogGroupName: string;
  /**
   * Retention of the application log group, in days.
   * @default 30
   */
  readonly appLogRetentionDays?: number;
  /** Resources the role may use. */
  readonly access: AppHostAccess;
  /** The database the host connects to. */
  readonly database: AppHostDatabase;
}

/**
 * The Phase 1 application host: one EC2 instance in a public subnet behind an Elastic IP, running the
 * application image under PM2 (`pm2-runtime` as the container's main process), started by systemd.
 *
 * - Network: an elastic network interface carries the Elastic IP before the instance boots, so first-boot setup
 *   has the internet at once, and a replaced instance keeps its address. Inbound 80/443 from configured CIDRs
 *   only, no SSH (operators use Session Manager). Outbound HTTPS (AWS APIs, ECR, package repositories) and
 *   PostgreSQL to the database's security group only.
 * - Instance: IMDSv2 required with a hop limit of 2 (containers can reach the role), encrypted gp3 root volume
 *   from a launch template (aws_instance cannot combine `resolve:ssm:` AMIs with a root_block_device,
 *   hashicorp/terraform-provider-aws#43488), standard CPU credits (no surprise surplus-credit charges).
 * - Role: Session Manager core without its parameter reads, CloudWatch agent output to this host's log group and
 *   the `CWAgent` namespace, pull from one ECR repository, read parameters under this environment's path, read
 *   the database secret, read/write the application bucket. No AWS-managed policy: the managed
 *   AmazonSSMManagedInstanceCore allows `ssm:GetParameter` on every parameter of the account.
 * - User data changes replace the instance (cloud-init runs user data only on first boot).
 */
export class AppHost extends Construct {
  /** The instance. */
  readonly instance: Instance;
  /** ID of the instance (the `InstanceId` CloudWatch dimension). */
  readonly instanceId: string;
  /** The Elastic IP address. */
  readonly publicIp: string;
  /** ID of the host's security group. */
  readonly securityGroupId: string;
  /** The instance role. */
  readonly role: IamRole;
  /** ARN of the instance role. */
  readonly roleArn: string;
  /** The application log group. */
  readonly logGroup: CloudwatchLogGroup;
  /** The launch template (AMI, root volume, metadata options), reusable by an Auto Scaling group. */
  readonly launchTemplate: LaunchTemplate;
  /** The rendered first-boot script, as the instance receives it. */
  readonly userData: string;

  constructor(scope: Construct, id: string, props: AppHostProps) {
    super(scope, id);
    const name = `${props.namePrefix}-app-host`;
    const instanceType = props.instanceType ?? "t4g.micro";

    this.logGroup = new CloudwatchLogGroup(this, "AppLogGroup", {
      name: props.appLogGroupName,
      retentionInDays: props.appLogRetentionDays ?? 30,
    });

    const securityGroup = this.addSecurityGroup(name, props);
    this.securityGroupId = securityGroup.id;

    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `Instance role of ${name}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    this.roleArn = this.role.arn;
    this.addRolePolicies(props);
    const profile = new IamInstanceProfile(this, "InstanceProfile", { name: props.roleName, role: this.role.name });

    const networkInterface = new NetworkInterface(this, "NetworkInterface", {
      subnetId: props.subnetId,
      securityGroups: [securityGroup.id],
      description: `Primary interface of ${name}; holds the Elastic IP across instance replacements`,
      tags: { Name: name },
    });
    const eip = new Eip(this, "ElasticIp", {
      domain: "vpc",
      networkInterface: networkInterface.id,
      tags: { Name: name },
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
      tagSpecifications: [{ resourceType: "volume", tags: { Name: name } }],
    });

    this.userData = renderUserData({
      region: props.region,
      parameterPath: props.parameterPath,
      containerPort: props.containerPort ?? 3000,
      containerTlsPort: props.containerTlsPort,
      appLogGroupName: props.appLogGroupName,
    });

    this.instance = new Instance(this, "Instance", {
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      instanceType,
      iamInstanceProfile: profile.name,
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
      dependsOn: [this.logGroup, eip],
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

  private addSecurityGroup(name: string, props: AppHostProps): SecurityGroup {
    const group = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: `Application host ${name}: HTTP/HTTPS in, HTTPS and PostgreSQL out`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    (props.ingressCidrs ?? ["0.0.0.0/0"]).forEach((cidr, i) => {
      for (const [protocol, port] of Object.entries(APP_HOST_INGRESS_PORTS)) {
        new VpcSecurityGroupIngressRule(this, `Ingress-${protocol}-${i}`, {
          securityGroupId: group.id,
          description: `${protocol.toUpperCase()} from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, "Egress-https", {
      securityGroupId: group.id,
      description: "HTTPS to AWS APIs, ECR and package repositories",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    new VpcSecurityGroupEgressRule(this, "Egress-database", {
      securityGroupId: group.id,
      description: "PostgreSQL to the database",
      ipProtocol: "tcp",
      fromPort: props.database.port,
      toPort: props.database.port,
      referencedSecurityGroupId: props.database.securityGroupId,
    });
    // The rule lives on the database's group but is created here, so the database stack never depends on us.
    new VpcSecurityGroupIngressRule(this, "DatabaseIngress", {
      securityGroupId: props.database.securityGroupId,
      description: `PostgreSQL from the application host ${name}`,
      ipProtocol: "tcp",
      fromPort: props.database.port,
      toPort: props.database.port,
      referencedSecurityGroupId: group.id,
    });
    return group;
  }

  private addRolePolicies(props: AppHostProps): void {
    const parameterArn = `arn:aws:ssm:${props.region}:${props.accountId}:parameter${props.parameterPath}`;
    const policies: Record<string, object[]> = {
      // AmazonSSMManagedInstanceCore without ssm:GetParameter(s) on "*". These actions take no resource ARN.
      "session-manager": [
        {
          Effect: "Allow",
          Action: [
            "ssm:DescribeAssociation",
            "ssm:GetDeployablePatchSnapshotForInstance",
            "ssm:GetDocument",
            "ssm:DescribeDocument",
            "ssm:GetManifest",
            "ssm:ListAssociations",
            "ssm:ListInstanceAssociations",
            "ssm:PutInventory",
            "ssm:PutComplianceItems",
            "ssm:PutConfigurePackageResult",
            "ssm:UpdateAssociationStatus",
            "ssm:UpdateInstanceAssociationStatus",
            "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
            "ec2messages:AcknowledgeMessage",
            "ec2messages:DeleteMessage",
            "ec2messages:FailMessage",
            "ec2messages:GetEndpoint",
            "ec2messages:GetMessages",
            "ec2messages:SendReply",
          ],
          Resource: "*",
        },
      ],
      "cloudwatch-agent": [
        {
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": CLOUDWATCH_AGENT_NAMESPACE } },
        },
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        // The agent resolves ${aws:AutoScalingGroupName} from the instance's tags.
        { Effect: "Allow", Action: "ec2:DescribeTags", Resource: "*" },
      ],
      "ecr-pull": [
        { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: props.access.imageRepositoryArn,
        },
      ],
      parameters: [
        {
          Effect: "Allow",
          Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
          Resource: [parameterArn, `${parameterArn}/*`],
        },
      ],
      "database-secret": [
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: props.access.databaseSecretArn },
      ],
      "app-bucket": [
        { Effect: "Allow", Action: "s3:ListBucket", Resource: props.access.bucketArn },
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: `${props.access.bucketArn}/*`,
        },
      ],
    };
    for (const [policyName, statements] of Object.entries(policies)) {
      new IamRolePolicy(this, `Policy-${policyName}`, {
        role: this.role.id,
        name: policyName,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      });
    }
  }
}
