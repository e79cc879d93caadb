import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { resourcePrefix } from "../config";
import { AppHostTarget, MonitoredDatabase, MonitoredLoadBalancer, Monitoring } from "../modules/monitoring";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Props of {@link MonitoringStack}. */
export interface MonitoringStackProps extends EnvironmentStackProps {
  /**
   * The deploying account, named in the key and topic policies when configuration names none (for example the
   * network stack's VPC owner: no STS call at plan time).
   */
  readonly accountId: string;
  /** What the application alarms watch (from the compute stack): the instance, later the Auto Scaling group. */
  readonly alarmTarget: AppHostTarget;
  /** Name of the application log group (from the compute stack). */
  readonly appLogGroupName: string;
  /** The database and its read replicas (from the database stack). */
  readonly database: MonitoredDatabase;
  /**
   * The load balancer and its target group (from the ingress stack), in Phase 2.
   * @default - no load balancer alarms or graphs (the host is the entry point)
   */
  readonly loadBalancer?: MonitoredLoadBalancer;
  /** Name of the application bucket (from the storage stack). */
  readonly bucketName: string;
}

/**
 * CloudWatch monitoring of one environment (M1-M5): the encrypted alarm topic with the configured email
 * subscriptions, alarms on the application, the database (and its read replicas), the load balancer when there is
 * one, the application log and the bucket, saved Logs Insights queries and a dashboard. It reads the other stacks'
 * resources through cross-stack references and deploys last.
 */
export class MonitoringStack extends EnvironmentStack {
  /** Everything this stack watches with. */
  readonly monitoring: Monitoring;

  constructor(scope: Construct, props: MonitoringStackProps) {
    super(scope, "monitoring", props);
    const env = props.environment;

    this.monitoring = new Monitoring(this, "Monitoring", {
      namePrefix: resourcePrefix(env),
      metricNamespace: `${env.projectName}/${env.name}`,
      region: env.region,
      accountId: env.allowedAccountId ?? props.accountId,
      settings: env.monitoring,
      appHost: props.alarmTarget,
      database: props.database,
      loadBalancer: props.loadBalancer,
      logGroupName: props.appLogGroupName,
      bucketName: props.bucketName,
    });

    new TerraformOutput(this, "AlarmTopicArn", { value: this.monitoring.notifications.topicArn });
    new TerraformOutput(this, "DashboardName", { value: this.monitoring.dashboard.dashboard.dashboardName });
    new TerraformOutput(this, "DatabaseMaxConnections", {
      value: this.monitoring.databaseAlarms.maxConnections,
      description: "max_connections the connection alarm is based on (derived from the instance class or configured)",
    });
  }
}
