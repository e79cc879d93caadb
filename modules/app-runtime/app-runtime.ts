import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { CLOUDWATCH_AGENT_NAMESPACE } from "../app-host/cloudwatch-agent";

/** The ports the application serves to the internet; nothing else is ever opened to it. */
export const APP_INGRESS_PORTS = { http: 80, https: 443 } as const;

/** One of the {@link APP_INGRESS_PORTS} by name. */
export type AppIngressProtocol = keyof typeof APP_INGRESS_PORTS;

/**
 * The construct ID of the ingress rule for `protocol` from `cidr`: keyed by the CIDR, so that removing one CIDR
 * from configuration never renames (and so replaces) the rules of the others.
 */
export function appIngressRuleId(protocol: AppIngressProtocol, cidr: string): string {
  // "/" separates construct paths.
  return `Ingress-${protocol}-${cidr.replace("/", "-")}`;
}

/**
 * The IAM authentication ARN of one database user: `rds-db:connect` on it lets the holder generate tokens that sign
 * in as `username` on the instance with `resourceId` (not its identifier, which can be renamed).
 */
export function databaseUserArn(region: string, accountId: string, resourceId: string, username: string): string {
  return `arn:aws:rds-db:${region}:${accountId}:dbuser:${resourceId}/${username}`;
}

/** What the application's role may reach besides its own log group and parameters. */
export interface AppRuntimeAccess {
  /** ARN of the ECR repository the application image is pulled from (pull only). */
  readonly imageRepositoryArn: string;
  /**
   * ARN of the database master user secret (read only), which the host's first-start step uses once to create
   * the application's own database user; the application itself never receives it.
   */
  readonly databaseSecretArn: string;
  /** ARN of the application bucket (objects read/write, list). */
  readonly bucketArn: string;
}

/** The database the application connects to. */
export interface AppRuntimeDatabase {
  /** The database's security group; the ingress rule from the application's group is added to it here. */
  readonly securityGroupId: string;
  /** The database port. */
  readonly port: number;
  /** The instance's resource id (`db-...`), which the IAM authentication ARN names. */
  readonly resourceId: string;
  /** The application's own database user, which connects with IAM authentication (`rds-db:connect`). */
  readonly username: string;
}

/** A load balancer in front of the application: the only source of its traffic besides {@link AppRuntimeProps.ingressCidrs}. */
export interface AppRuntimeLoadBalancer {
  /** The load balancer's security group. */
  readonly securityGroupId: string;
  /** The port the hosts serve the load balancer on. */
  readonly port: number;
}

/** Props of {@link AppRuntime}. */
export interface AppRuntimeProps {
  /** Prefix of resource names, for example `webapp-production`. */
  readonly namePrefix: string;
  /** Name of the role and instance profile (deterministic, so that the bucket policy can name it before it exists). */
  readonly roleName: string;
  /** VPC the application runs in. */
  readonly vpcId: string;
  /** AWS region (for ARNs). */
  readonly region: string;
  /** The deploying AWS account, for Parameter Store ARNs (for example the network's `accountId`). */
  readonly accountId: string;
  /**
   * CIDRs allowed on port 80 (and 443 with {@link enableHttpsIngress}) while a host is reached directly from the
   * internet; none behind a load balancer.
   * @default ["0.0.0.0/0"]
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * The load balancer in front of the hosts, whose security group gets the only ingress rule of the hosts' port.
   * @default - no load balancer
   */
  readonly loadBalancer?: AppRuntimeLoadBalancer;
  /**
   * Open port 443 to the ingress CIDRs too, for compute that terminates TLS itself (the Phase 1 host with a
   * domain). Without it nothing listens on 443, so nothing is opened there.
   * @default false
   */
  readonly enableHttpsIngress?: boolean;
  /** Root of the environment's Parameter Store namespace (`/<project>/<environment>`); the role reads only there. */
  readonly parameterPath: string;
  /** Name of the application log group (created here). */
  readonly appLogGroupName: string;
  /**
   * Retention of the application log group, in days.
   * @default 30
   */
  readonly appLogRetentionDays?: number;
  /**
   * Refuse `terraform destroy` of the application log group (`lifecycle.prevent_destroy`), which deletes the logs
   * it still retains.
   * @default true
   */
  readonly preventLogGroupDestroy?: boolean;
  /** Resources the role may use. */
  readonly access: AppRuntimeAccess;
  /** The database the application connects to. */
  readonly database: AppRuntimeDatabase;
}

/**
 * What every way of running the application shares, whatever runs it (one instance today, an Auto Scaling group
 * later): its security group, the database's ingress rule from that group, its role with an instance profile,
 * and its log group.
 *
 * - Network: inbound 80 (and 443 when the compute terminates TLS) from configured CIDRs while a host is the entry
 *   point, the hosts' port from the load balancer behind one; no SSH (operators use Session Manager). Outbound
 *   HTTPS (AWS APIs, ECR, package repositories, the ACME CA) and PostgreSQL to the database's security group only.
 * - Role: Session Manager core without its parameter reads, CloudWatch agent output to the application log group
 *   and the `CWAgent` namespace, pull from one ECR repository, read parameters under this environment's path,
 *   read the database master secret (for the first-start step that creates the application's user), connect to
 *   the database as the application's user with IAM authentication, read/write the application bucket. No
 *   AWS-managed policy: the managed
 *   AmazonSSMManagedInstanceCore allows `ssm:GetParameter` on every parameter of the account.
 */
export class AppRuntime extends Construct {
  /** The application log group. */
  readonly logGroup: CloudwatchLogGroup;
  /** Name of the application log group. */
  readonly appLogGroupName: string;
  /** The application's security group. */
  readonly securityGroup: SecurityGroup;
  /** ID of the application's security group. */
  readonly securityGroupId: string;
  /** The rules that open the hosts' ports 80 and 443 to {@link AppRuntimeProps.ingressCidrs}. */
  readonly worldIngressRules: VpcSecurityGroupIngressRule[] = [];
  /** The role the application runs as. */
  readonly role: IamRole;
  /** ARN of the role. */
  readonly roleArn: string;
  /** The instance profile that hands the role to EC2 instances. */
  readonly instanceProfile: IamInstanceProfile;
  /** Name of the instance profile. */
  readonly instanceProfileName: string;

  constructor(scope: Construct, id: string, props: AppRuntimeProps) {
    super(scope, id);
    const name = `${props.namePrefix}-app-host`;

    this.logGroup = new CloudwatchLogGroup(this, "AppLogGroup", {
      name: props.appLogGroupName,
      retentionInDays: props.appLogRetentionDays ?? 30,
      lifecycle: (props.preventLogGroupDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.appLogGroupName = this.logGroup.name;

    this.securityGroup = this.addSecurityGroup(name, props);
    this.securityGroupId = this.securityGroup.id;

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
    this.instanceProfile = new IamInstanceProfile(this, "InstanceProfile", {
      name: props.roleName,
      role: this.role.name,
    });
    this.instanceProfileName = this.instanceProfile.name;
  }

  private addSecurityGroup(name: string, props: AppRuntimeProps): SecurityGroup {
    const group = new SecurityGroup(this, "SecurityGroup", {
      name,
      // Kept as first deployed even without 443: a changed description replaces the security group.
      description: `Application host ${name}: HTTP/HTTPS in, HTTPS and PostgreSQL out`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    const protocols: AppIngressProtocol[] = props.enableHttpsIngress ? ["http", "https"] : ["http"];
    for (const cidr of props.ingressCidrs ?? ["0.0.0.0/0"]) {
      for (const protocol of protocols) {
        const port = APP_INGRESS_PORTS[protocol];
        const rule = new VpcSecurityGroupIngressRule(this, appIngressRuleId(protocol, cidr), {
          securityGroupId: group.id,
          description: `${protocol.toUpperCase()} from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
        this.worldIngressRules.push(rule);
      }
    }
    if (props.loadBalancer) {
      new VpcSecurityGroupIngressRule(this, "Ingress-load-balancer", {
        securityGroupId: group.id,
        description: `HTTP on port ${props.loadBalancer.port} from the load balancer`,
        ipProtocol: "tcp",
        fromPort: props.loadBalancer.port,
        toPort: props.loadBalancer.port,
        referencedSecurityGroupId: props.loadBalancer.securityGroupId,
      });
    }
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

  private addRolePolicies(props: AppRuntimeProps): void {
    const parameterArn = `arn:aws:ssm:${props.region}:${props.accountId}:parameter${props.parameterPath}`;
    const instancesArn = `arn:aws:ec2:${props.region}:${props.accountId}:instance/*`;
    const policies: Record<string, object[]> = {
      // AmazonSSMManagedInstanceCore without ssm:GetParameter(s) on "*", split by the resources each action takes
      // (the Service Authorization Reference): the first statement's actions take no resource ARN, or one that
      // depends on the request (DescribeAssociation) or on AWS-owned documents (GetDocument, DescribeDocument).
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
            "ssm:PutInventory",
            "ssm:PutConfigurePackageResult",
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
        // The agent reports on the instance it runs on: EC2 instances of this account and region only (the
        // instance IDs of Phase 2's Auto Scaling group are not known in advance; hybrid mi-* nodes are excluded).
        {
          Effect: "Allow",
          Action: ["ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:PutComplianceItems"],
          Resource: instancesArn,
        },
        // Association status: the association (or its document) and the instance it ran on.
        {
          Effect: "Allow",
          Action: ["ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus"],
          Resource: [
            `arn:aws:ssm:${props.region}:${props.accountId}:association/*`,
            // AWS-owned documents have no account in their ARN.
            `arn:aws:ssm:${props.region}:*:document/*`,
            instancesArn,
          ],
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
      // IAM database authentication: tokens for this one user of this one instance, nothing else.
      "database-connect": [
        {
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: databaseUserArn(props.region, props.accountId, props.database.resourceId, props.database.username),
        },
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
