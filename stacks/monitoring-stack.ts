import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { resourcePrefix } from "../config";
import { AppHost } from "../modules/app-host";
import { AppStorage } from "../modules/app-storage";
import { Database } from "../modules/database";
import { AppHostTarget, Monitoring } from "../modules/monitoring";
import { Network } from "../modules/network";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Props of {@link MonitoringStack}. */
export interface MonitoringStackProps extends EnvironmentStackProps {
  /** The environment's network (from the network stack): its VPC names the account the policies allow. */
  readonly network: Network;
  /** The application host (from the compute stack): its instance and application log group. */
  readonly appHost: AppHost;
  /** The database (from the database stack). */
  readonly database: Database;
  /** The application bucket (from the storage stack). */
  readonly storage: AppStorage;
  /**
   * What the application alarms watch. Phase 2 passes its Auto Scaling group here.
   * @default - the app host's single instance
   */
  readonly appHostTarget?: AppHostTarget;
}

/**
 * CloudWatch monitoring of one environment (M1-M5): the encrypted alarm topic with the configured email
 * subscriptions, alarms on the app host, the database, the application log and the bucket, saved Logs Insights
 * queries and a dashboard. It reads the compute, database and storage stacks' resources through cross-stack
 * references, so it deploys after them.
 */
export class MonitoringStack extends EnvironmentStack {
  /** Everything this stack watches with. */
  readonly monitoring: Monitoring;

  constructor(scope: Construct, props: MonitoringStackProps) {
    super(scope, "monitoring", props);
    const env = props.environment;
    // The key and topic policies name the account: the configured one, else the VPC owner (no STS call at plan time).
    const accountId = env.allowedAccountId ?? props.network.accountId;

    this.monitoring = new Monitoring(this, "Monitoring", {
      namePrefix: resourcePrefix(env),
      metricNamespace: `${env.projectName}/${env.name}`,
      region: env.region,
      accountId,
      settings: env.monitoring,
      appHost: props.appHostTarget ?? { kind: "instance", instanceId: props.appHost.instanceId },
      database: {
        instanceIdentifier: props.database.instanceIdentifier,
        instanceClass: props.database.instanceClass,
      },
      logGroupName: props.appHost.logGroup.name,
      bucketName: props.storage.bucketName,
    });

    new TerraformOutput(this, "AlarmTopicArn", { value: this.monitoring.notifications.topicArn });
    new TerraformOutput(this, "DashboardName", { value: this.monitoring.dashboard.dashboard.dashboardName });
    new TerraformOutput(this, "DatabaseMaxConnections", {
      value: this.monitoring.databaseAlarms.maxConnections,
      description: "max_connections the connection alarm is based on (derived from the instance class or configured)",
    });
  }
}
