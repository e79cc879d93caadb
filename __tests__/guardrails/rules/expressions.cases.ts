import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, TerraformResource, TerraformStack } from "cdktf";
import { capabilitiesForPhase } from "../../../config";
import { RuleCase } from "../../support/guardrails";

// The spellings a security argument may take to get past a rule that only reads literals.
const ALWAYS_TRUE = "${true}";
const NEVER_TRUE = "${1 == 2}";
const CONDITIONAL = "${var.enabled ? true : false}";
const VARIABLE = "${var.setting}";

/**
 * A bypass attempt of the "expressions are not compliance" class: `argument` of the block `build` returns is
 * overwritten with `expression`, and the rule must answer that it cannot verify it.
 */
function written(
  ruleId: string,
  argument: string,
  expression: string,
  build: (stack: TerraformStack) => TerraformResource,
  options: Pick<RuleCase, "environment"> & { readonly path?: string } = {},
): RuleCase {
  const escaped = argument.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    ruleId,
    name: `bypass attempt: ${argument} written as ${JSON.stringify(expression)}`,
    expect: "non-compliant",
    message: new RegExp(`^cannot verify ${escaped}: it is the Terraform expression .*write a literal`, "m"),
    environment: options.environment,
    build: (stack) => build(stack).addOverride(options.path ?? argument, expression),
  };
}

function database(stack: TerraformStack): DbInstance {
  return new DbInstance(stack, "Database", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    multiAz: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    copyTagsToSnapshot: true,
    parameterGroupName: "webapp-postgres16",
  });
}

function instance(stack: TerraformStack): Instance {
  return new Instance(stack, "Host", {
    ami: "ami-1",
    instanceType: "t4g.micro",
    iamInstanceProfile: "webapp-test-host",
    rootBlockDevice: { encrypted: true },
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
  });
}

const bucket = (stack: TerraformStack) => new S3Bucket(stack, "Bucket", { bucket: "webapp-test" });

const table = (stack: TerraformStack) =>
  new DynamodbTable(stack, "Locks", {
    name: "webapp-test-locks",
    hashKey: "LockID",
    attribute: [{ name: "LockID", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
  });

const repository = (stack: TerraformStack) =>
  new EcrRepository(stack, "Repository", {
    name: "webapp/app",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
  });

const loadBalancer = (stack: TerraformStack) =>
  new Lb(stack, "Alb", {
    subnets: ["subnet-a", "subnet-c"],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "defensive",
    enableDeletionProtection: true,
    accessLogs: { bucket: "webapp-test-alb-logs", enabled: true },
  });

const httpsListener = (stack: TerraformStack) =>
  new LbListener(stack, "Https", {
    loadBalancerArn: loadBalancer(stack).arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }],
  });

const httpRedirect = (stack: TerraformStack) =>
  new LbListener(stack, "Http", {
    loadBalancerArn: loadBalancer(stack).arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  });

const targetGroup = (stack: TerraformStack) =>
  new LbTargetGroup(stack, "App", {
    port: 80,
    protocol: "HTTP",
    vpcId: "vpc-1",
    healthCheck: { enabled: true, path: "/health" },
  });

const autoScalingGroup = (stack: TerraformStack) => {
  const template = new LaunchTemplate(stack, "Template", { imageId: "ami-1" });
  return new AutoscalingGroup(stack, "Hosts", {
    minSize: 2,
    maxSize: 4,
    launchTemplate: { id: template.id, version: "$Latest" },
    vpcZoneIdentifier: ["subnet-a", "subnet-c"],
    healthCheckType: "ELB",
    targetGroupArns: [targetGroup(stack).arn],
  });
};

const endpoint = (stack: TerraformStack) =>
  new VpcEndpoint(stack, "Ssm", {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.ap-northeast-1.ssm",
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    securityGroupIds: ["sg-endpoints"],
  });

export const EXPRESSION_CASES: readonly RuleCase[] = [
  written(
    "HTTPS-IN-PRODUCTION",
    "from_port",
    VARIABLE,
    (s) =>
      new VpcSecurityGroupIngressRule(s, "Web", {
        securityGroupId: "sg-1",
        description: "a web port",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      }),
    { environment: { name: "production" } },
  ),
  // References a rule follows to the block that produces the value stay compliant.
  {
    ruleId: "SG-WORLD-INGRESS-WEB-ONLY",
    name: "SSH from the VPC's own CIDR, by reference (AWS caps a VPC at /16)",
    expect: "compliant",
    build: (s) => {
      const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
      new VpcSecurityGroupIngressRule(s, "Ssh", {
        securityGroupId: "sg-1",
        description: "SSH from the VPC",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: vpc.cidrBlock,
      });
    },
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "a topic whose key is an upstream stack's output",
    expect: "compliant",
    build: (s) =>
      new SnsTopic(s, "Topic", {
        name: "webapp-test-alarms",
        kmsMasterKeyId: "${data.terraform_remote_state.Keys.outputs.cross-stack-output-aws_kms_keyKeyarn}",
      }),
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "bypass attempt: the key is a reference to something that is not a key",
    expect: "non-compliant",
    message: /cannot verify kms_master_key_id/,
    build: (s) =>
      new SnsTopic(s, "Topic", {
        name: "webapp-test-alarms",
        kmsMasterKeyId: new SsmParameter(s, "KeyName", {
          name: "/webapp/test/key",
          type: "String",
          value: "alias/aws/sns",
        }).value,
      }),
  },
  {
    ruleId: "SNS-ENCRYPTED",
    name: "bypass attempt: the AWS managed key looked up through a data source",
    expect: "non-compliant",
    message: /alias\/aws\/sns/,
    build: (s) => {
      const managed = new DataAwsKmsAlias(s, "Managed", { name: "alias/aws/sns" });
      new SnsTopic(s, "Topic", { name: "webapp-test-alarms", kmsMasterKeyId: managed.targetKeyArn });
    },
  },
  // Network
  written(
    "VPC-FLOW-LOGS",
    "aws_flow_log traffic_type",
    VARIABLE,
    (s) => {
      const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
      return new FlowLog(s, "FlowLog", {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: "arn:aws:s3:::logs",
      });
    },
    { path: "traffic_type" },
  ),
  written(
    "DEFAULT-SG-CLOSED",
    "ingress",
    "${var.rules}",
    (s) => new DefaultSecurityGroup(s, "DefaultGroup", { vpcId: "vpc-1" }),
  ),
  written(
    "SUBNET-NO-AUTO-PUBLIC-IP",
    "map_public_ip_on_launch",
    CONDITIONAL,
    (s) => new Subnet(s, "Subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" }),
  ),
  written("SUBNET-PUBLIC-BY-DESIGN", "tags.tier", VARIABLE, (s) => {
    const vpc = new Vpc(s, "Vpc", { cidrBlock: "10.0.0.0/16" });
    const igw = new InternetGateway(s, "Igw", { vpcId: vpc.id });
    const routes = new RouteTable(s, "Routes", {
      vpcId: vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
    });
    const subnet = new Subnet(s, "Subnet", { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", tags: { tier: "public" } });
    new RouteTableAssociation(s, "Association", { subnetId: subnet.id, routeTableId: routes.id });
    return subnet;
  }),
  written("VPC-ENDPOINT-PRIVATE-DNS", "private_dns_enabled", ALWAYS_TRUE, endpoint),
  written("VPC-ENDPOINT-SECURITY-GROUP", "security_group_ids", "${var.groups}", endpoint),
  written(
    "VPC-ENDPOINT-GATEWAY-ROUTED",
    "route_table_ids",
    "${var.route_tables}",
    (s) =>
      new VpcEndpoint(s, "S3", {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.ap-northeast-1.s3",
        routeTableIds: ["rtb-private"],
      }),
  ),
  written("VPC-ENDPOINT-ECR-S3-GATEWAY", "service_name", VARIABLE, endpoint),
  written(
    "SG-HOSTS-FROM-GROUPS-ONLY",
    "ingress",
    "${var.rules}",
    (s) => {
      const group = new SecurityGroup(s, "Hosts", { description: "Hosts" });
      new Instance(s, "Host", { ami: "ami-1", vpcSecurityGroupIds: [group.id] });
      return group;
    },
    { environment: { capabilities: capabilitiesForPhase(2) } },
  ),
  // Load balancer
  written("LB-INTERNET-FACING-HTTPS", "internal", CONDITIONAL, loadBalancer),
  written("LB-LISTENER-HTTPS", "protocol", VARIABLE, httpRedirect),
  written("LB-LISTENER-HTTPS", "default_action[0].redirect.protocol", VARIABLE, httpRedirect, {
    path: "default_action.0.redirect.protocol",
  }),
  written("LB-LISTENER-TLS-POLICY", "ssl_policy", VARIABLE, httpsListener),
  written("LB-DROP-INVALID-HEADERS", "drop_invalid_header_fields", ALWAYS_TRUE, loadBalancer),
  written("LB-DROP-INVALID-HEADERS", "load_balancer_type", VARIABLE, loadBalancer),
  written("LB-DESYNC-MITIGATION", "desync_mitigation_mode", VARIABLE, loadBalancer),
  written("LB-DELETION-PROTECTION", "enable_deletion_protection", CONDITIONAL, loadBalancer, {
    environment: { name: "production" },
  }),
  written("LB-ACCESS-LOGS", "access_logs.enabled", NEVER_TRUE, loadBalancer),
  written("LB-ACCESS-LOGS", "access_logs.bucket", '${var.production ? "webapp-logs" : ""}', loadBalancer),
  written("LB-TARGET-GROUP-HEALTH-CHECK", "health_check.path", "${var.health_path}", targetGroup),
  written("LB-TARGET-GROUP-HEALTH-CHECK", "health_check.enabled", CONDITIONAL, targetGroup),
  // Auto Scaling
  written("ASG-LAUNCH-TEMPLATE", "launch_template.id", "${var.template_id}", autoScalingGroup),
  written("ASG-ELB-HEALTH-CHECK", "health_check_type", VARIABLE, autoScalingGroup),
  written("ASG-MULTI-AZ", "vpc_zone_identifier", "${var.subnet_ids}", autoScalingGroup),
  // EC2
  written("EC2-IMDSV2", "metadata_options.http_tokens", VARIABLE, instance),
  written("EC2-IMDS-HOP-LIMIT", "metadata_options.http_put_response_hop_limit", "${1 + 1}", instance),
  written("EC2-EBS-ENCRYPTED", "root_block_device.encrypted", NEVER_TRUE, instance),
  written("EC2-INSTANCE-PROFILE", "iam_instance_profile", VARIABLE, instance),
  written("EC2-USER-DATA-NO-SECRETS", "user_data", '${file("boot.sh")}', instance),
  written("EC2-NO-PUBLIC-IP", "associate_public_ip_address", CONDITIONAL, instance),
  written("EC2-TERMINATION-PROTECTION", "disable_api_termination", ALWAYS_TRUE, instance, {
    environment: { name: "production" },
  }),
  written("EC2-DETAILED-MONITORING", "monitoring", CONDITIONAL, instance, { environment: { name: "production" } }),
  // RDS
  written("RDS-ENCRYPTED", "storage_encrypted", ALWAYS_TRUE, database),
  written("RDS-NOT-PUBLIC", "publicly_accessible", NEVER_TRUE, database),
  written("RDS-MULTI-AZ", "multi_az", CONDITIONAL, database),
  written("RDS-MULTI-AZ", "replicate_source_db", '${var.replica ? "webapp-primary" : null}', database),
  written("RDS-BACKUPS", "backup_retention_period", VARIABLE, database),
  written("RDS-DELETION-PROTECTION", "deletion_protection", ALWAYS_TRUE, database, {
    environment: { name: "production" },
  }),
  written("RDS-FINAL-SNAPSHOT", "skip_final_snapshot", CONDITIONAL, database, { environment: { name: "production" } }),
  written("RDS-BACKUPS-7-DAYS", "backup_retention_period", VARIABLE, database, { environment: { name: "production" } }),
  written("RDS-LOG-EXPORTS", "enabled_cloudwatch_logs_exports", VARIABLE, database),
  written("RDS-MINOR-UPGRADES", "auto_minor_version_upgrade", NEVER_TRUE, database),
  written("RDS-COPY-TAGS", "copy_tags_to_snapshot", ALWAYS_TRUE, database),
  written("RDS-ENHANCED-MONITORING", "monitoring_interval", "${var.production ? 60 : 0}", database),
  written("RDS-DATABASE-INSIGHTS", "performance_insights_enabled", ALWAYS_TRUE, database),
  written(
    "RDS-FORCE-SSL",
    "parameter_group_name",
    '${var.production ? "webapp-postgres16" : "default.postgres16"}',
    database,
  ),
  written(
    "RDS-FORCE-SSL",
    "parameter rds.force_ssl",
    VARIABLE,
    (s) =>
      new DbParameterGroup(s, "Parameters", {
        family: "postgres16",
        parameter: [{ name: "rds.force_ssl", value: "1" }],
      }),
    { path: "parameter.0.value" },
  ),
  written("RDS-MANAGED-PASSWORD", "manage_master_user_password", ALWAYS_TRUE, database),
  written(
    "RDS-QUERY-LOGGING",
    "parameter log_statement",
    '${var.audit ? "ddl" : "none"}',
    (s) =>
      new DbParameterGroup(s, "Parameters", {
        family: "postgres17",
        parameter: [
          { name: "log_statement", value: "ddl" },
          { name: "log_min_duration_statement", value: "1000" },
        ],
      }),
    { path: "parameter.0.value" },
  ),
  // S3: the finding is on the bucket, the expression on its configuration resource.
  written(
    "S3-PUBLIC-ACCESS-BLOCK",
    "block_public_policy",
    ALWAYS_TRUE,
    (s) =>
      new S3BucketPublicAccessBlock(s, "Block", {
        bucket: bucket(s).id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
  ),
  written(
    "S3-TLS-ONLY",
    "aws_s3_bucket_policy policy",
    Fn.jsonencode({ Statement: [] }),
    (s) => new S3BucketPolicy(s, "Policy", { bucket: bucket(s).id, policy: "{}" }),
    { path: "policy" },
  ),
  written(
    "S3-VERSIONING",
    "aws_s3_bucket_versioning versioning_configuration.status",
    VARIABLE,
    (s) =>
      new S3BucketVersioningA(s, "Versioning", {
        bucket: bucket(s).id,
        versioningConfiguration: { status: "Enabled" },
      }),
    { path: "versioning_configuration.status" },
  ),
  written(
    "S3-ACCESS-LOGGED",
    "aws_s3_bucket_logging target_bucket",
    '${var.logs ? "webapp-test-access-logs" : ""}',
    (s) =>
      new S3BucketLoggingA(s, "Logging", {
        bucket: bucket(s).id,
        targetBucket: "webapp-test-access-logs",
        targetPrefix: "test/",
      }),
    { path: "target_bucket" },
  ),
  written(
    "S3-ENCRYPTION",
    "apply_server_side_encryption_by_default.sse_algorithm",
    VARIABLE,
    (s) =>
      new S3BucketServerSideEncryptionConfigurationA(s, "Encryption", {
        bucket: bucket(s).id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
      }),
    { path: "rule.0.apply_server_side_encryption_by_default.sse_algorithm" },
  ),
  written(
    "S3-OWNER-ENFORCED",
    "aws_s3_bucket_ownership_controls rule.object_ownership",
    VARIABLE,
    (s) =>
      new S3BucketOwnershipControls(s, "Ownership", {
        bucket: bucket(s).id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      }),
    { path: "rule.object_ownership" },
  ),
  written(
    "S3-LIFECYCLE",
    "rule.status",
    VARIABLE,
    (s) =>
      new S3BucketLifecycleConfiguration(s, "Lifecycle", {
        bucket: bucket(s).id,
        rule: [
          {
            id: "abort",
            status: "Enabled",
            filter: [{}],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      }),
    { path: "rule.0.status" },
  ),
  // DynamoDB
  written("DYNAMODB-PITR", "point_in_time_recovery.enabled", ALWAYS_TRUE, table),
  written("DYNAMODB-DELETION-PROTECTION", "deletion_protection_enabled", CONDITIONAL, table),
  written("DYNAMODB-CMK", "server_side_encryption.kms_key_arn", '${var.cmk ? var.key : ""}', (s) => {
    const locks = table(s);
    locks.addOverride("server_side_encryption.enabled", true);
    return locks;
  }),
  // Logs, alarms, notifications
  written(
    "LOGS-KMS-ENCRYPTED",
    "kms_key_id",
    "${var.encrypt ? var.key : null}",
    (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/test", retentionInDays: 30 }),
  ),
  written(
    "LOGS-RETENTION",
    "retention_in_days",
    VARIABLE,
    (s) => new CloudwatchLogGroup(s, "Logs", { name: "/webapp/test", retentionInDays: 30 }),
  ),
  written(
    "ALARM-SUBSCRIBED",
    "alarm_actions",
    '${var.production ? "arn:aws:sns:ap-northeast-1:123456789012:ops-alerts" : ""}',
    (s) =>
      new CloudwatchMetricAlarm(s, "Alarm", {
        alarmName: "webapp-production-cpu",
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        statistic: "Average",
        period: 300,
        evaluationPeriods: 1,
        threshold: 80,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: ["arn:aws:sns:ap-northeast-1:123456789012:alarms"],
      }),
    { environment: { name: "production" } },
  ),
  written(
    "ALARM-ACTIONS",
    "alarm_actions",
    "${var.actions}",
    (s) =>
      new CloudwatchMetricAlarm(s, "Alarm", {
        alarmName: "webapp-test-cpu",
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        statistic: "Average",
        period: 300,
        evaluationPeriods: 1,
        threshold: 80,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: ["arn:aws:sns:ap-northeast-1:123456789012:alarms"],
      }),
  ),
  written(
    "ALARM-ACTIONS",
    "actions_enabled",
    NEVER_TRUE,
    (s) =>
      new CloudwatchMetricAlarm(s, "Alarm", {
        alarmName: "webapp-test-cpu",
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        statistic: "Average",
        period: 300,
        evaluationPeriods: 1,
        threshold: 80,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: ["arn:aws:sns:ap-northeast-1:123456789012:alarms"],
      }),
  ),
  written(
    "SNS-ENCRYPTED",
    "kms_master_key_id",
    '${var.production ? "alias/webapp" : "alias/aws/sns"}',
    (s) => new SnsTopic(s, "Topic", { name: "webapp-test-alarms", kmsMasterKeyId: "alias/webapp" }),
  ),
  // SSM, ECR, KMS
  written(
    "SSM-SECURE-STRING",
    "type",
    VARIABLE,
    (s) => new SsmParameter(s, "Password", { name: "/webapp/test/DB_PASSWORD", type: "SecureString", value: "x" }),
  ),
  written(
    "SSM-SECURE-STRING",
    "name",
    "${var.parameter_name}",
    (s) => new SsmParameter(s, "Plain", { name: "/webapp/test/LOG_LEVEL", type: "String", value: "info" }),
  ),
  written("ECR-SCAN-ON-PUSH", "image_scanning_configuration.scan_on_push", ALWAYS_TRUE, repository),
  written("ECR-IMMUTABLE-TAGS", "image_tag_mutability", VARIABLE, repository),
  written("KMS-ROTATION", "enable_key_rotation", CONDITIONAL, (s) => new KmsKey(s, "Key", { enableKeyRotation: true })),
  // Terraform itself refuses a variable in lifecycle; the rule does not rely on it.
  written("PREVENT-DESTROY", "lifecycle.prevent_destroy", ALWAYS_TRUE, repository, {
    environment: { name: "production" },
  }),
  // IAM: a policy Terraform builds, instead of a document the rules can read.
  written(
    "IAM-NO-NOT-ACTION",
    "policy",
    "${jsonencode(var.statements)}",
    (s) => new IamPolicy(s, "Policy", { policy: "{}" }),
  ),
  written("IAM-NO-SERVICE-WILDCARD", "policy", "${data.aws_iam_policy_document.Merged.json}", (s) => {
    new DataAwsIamPolicyDocument(s, "Merged", { sourcePolicyDocuments: ["${var.document}"] });
    return new IamPolicy(s, "Policy", { policy: "{}" });
  }),
  written("IAM-PASS-ROLE-NAMED", "policy", "${var.policy}", (s) => new IamPolicy(s, "Policy", { policy: "{}" })),
  written(
    "IAM-WRITES-NAME-RESOURCES",
    "inline_policy[0].policy",
    '${file("policy.json")}',
    (s) => new IamRole(s, "Role", { assumeRolePolicy: "{}", inlinePolicy: [{ name: "inline", policy: "{}" }] }),
    { path: "inline_policy.0.policy" },
  ),
  written(
    "IAM-NO-WILDCARD-PRINCIPAL",
    "assume_role_policy",
    "${var.trust}",
    (s) => new IamRole(s, "Role", { assumeRolePolicy: "{}" }),
  ),
];
