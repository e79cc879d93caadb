import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { LoadBalancerMonitoringConfig } from "../../config/monitoring";
import { AppHostTarget, CLOUDWATCH_AGENT_METRICS, appHostDimensions } from "./app-alarms";
import {
  APPLICATION_ELB_NAMESPACE,
  MonitoredLoadBalancer,
  loadBalancerDimensions,
  targetGroupDimensions,
} from "./load-balancer-alarms";
import { INSTANCE_QUERIES, SAVED_QUERIES } from "./queries";

/** The alarm thresholds drawn as horizontal lines on the dashboard's graphs. */
export interface DashboardThresholds {
  /** App host CPU alarm threshold, percent. */
  readonly appCpuPercent: number;
  /** App host memory alarm threshold, percent. */
  readonly appMemoryPercent: number;
  /** App host disk alarm threshold, percent. */
  readonly appDiskPercent: number;
  /** Database CPU alarm threshold, percent. */
  readonly dbCpuPercent: number;
  /** Database connection count that raises the alarm. */
  readonly dbConnections: number;
  /** The database's `max_connections`. */
  readonly dbMaxConnections: number;
  /** Database free storage alarm threshold, bytes. */
  readonly dbFreeStorageBytes: number;
  /** Error lines per period that the alarm must exceed. */
  readonly errorLines: number;
  /** Period of the error alarm, seconds (the error graph uses the same). */
  readonly errorPeriodSec: number;
}

/** A read replica on the dashboard. */
export interface DashboardReplica {
  /** RDS instance identifier of the replica. */
  readonly instanceIdentifier: string;
  /** Connection count that raises the replica's alarm. */
  readonly connectionThreshold: number;
}

/** The read replicas on the dashboard, each a line on every replica graph. */
export interface DashboardReplicas {
  /** The replicas. */
  readonly instances: readonly DashboardReplica[];
  /** Replica lag alarm threshold, seconds. */
  readonly lagThresholdSec: number;
  /** Period of the replica lag alarm, seconds (the lag graph uses the same). */
  readonly lagPeriodSec: number;
}

/** The load balancer on the dashboard. */
export interface DashboardLoadBalancer {
  /** The load balancer and its target group. */
  readonly target: MonitoredLoadBalancer;
  /** Its alarm settings: thresholds drawn on the graphs, periods the graphs use. */
  readonly settings: LoadBalancerMonitoringConfig;
}

/** Props of {@link MonitoringDashboard}. */
export interface MonitoringDashboardProps {
  /** Dashboard name: letters, digits, `-` and `_`. */
  readonly dashboardName: string;
  /** Region of every metric. */
  readonly region: string;
  /** The single instance or the Auto Scaling group. */
  readonly appHost: AppHostTarget;
  /** RDS instance identifier (may be a token). */
  readonly dbInstanceIdentifier: string;
  /**
   * Read replicas of the database.
   * @default - no replica section
   */
  readonly replicas?: DashboardReplicas;
  /**
   * The load balancer in front of the hosts.
   * @default - no load balancer section
   */
  readonly loadBalancer?: DashboardLoadBalancer;
  /** Application bucket name (may be a token). */
  readonly bucketName: string;
  /**
   * `FilterId` of the bucket's request metrics.
   * @default - no request graph (request metrics off)
   */
  readonly requestMetricsFilterId?: string;
  /** Application log group name (may be a token). */
  readonly logGroupName: string;
  /** Namespace and name of the error-line metric. */
  readonly errorMetric: { readonly namespace: string; readonly name: string };
  /** Alarm thresholds, drawn on the graphs. */
  readonly thresholds: DashboardThresholds;
  /** ARNs of the alarms shown in the status widget at the top. */
  readonly alarmArns: readonly string[];
}

/** One widget of a CloudWatch dashboard body, before it is placed. */
interface Widget {
  readonly type: "metric" | "alarm" | "log" | "text";
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const GRID_WIDTH = 24;
const GRAPH = { width: 8, height: 6 };
const FIVE_MINUTES = 300;
const ONE_DAY = 86_400;

/**
 * The CloudWatch dashboard of one environment (M4): alarm status, then the load balancer when there is one
 * (requests, 5xx, p95 response time, healthy and unhealthy hosts), the app host or group (CPU, memory, disk,
 * network, status checks for a single instance), the database (CPU, connections, free storage) and its read
 * replicas when there are any (lag, CPU, connections, free storage), the bucket (size, objects, requests) and the
 * application log (error lines, top errors, errors by host for a group), with each alarm threshold drawn on its
 * graph.
 */
export class MonitoringDashboard extends Construct {
  /** The dashboard resource. */
  readonly dashboard: CloudwatchDashboard;
  /** Widgets in order, with their positions, as written to the dashboard body. */
  readonly widgets: readonly Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: MonitoringDashboardProps) {
    super(scope, id);
    const t = props.thresholds;
    const region = props.region;
    const host = dimensionList(appHostDimensions(props.appHost));
    const db = ["DBInstanceIdentifier", props.dbInstanceIdentifier];
    const agent = CLOUDWATCH_AGENT_METRICS;

    const graph = (title: string, metrics: unknown[][], options: GraphOptions = {}): Widget => ({
      type: "metric",
      ...GRAPH,
      properties: {
        title,
        region,
        view: "timeSeries",
        stacked: false,
        stat: options.stat ?? "Average",
        period: options.period ?? FIVE_MINUTES,
        metrics,
        ...(options.lines && {
          annotations: { horizontal: options.lines.map(([label, value]) => ({ label, value })) },
        }),
        ...(options.percent && { yAxis: { left: { min: 0, max: 100 } } }),
      },
    });
    const heading = (markdown: string): Widget => ({
      type: "text",
      width: GRID_WIDTH,
      height: 1,
      properties: { markdown },
    });
    const logTable = (title: string, query: string): Widget => ({
      type: "log",
      width: 16,
      height: 6,
      properties: { title, region, view: "table", query: `SOURCE '${props.logGroupName}' | ${query}` },
    });

    const hostLabel = props.appHost.kind === "instance" ? "instance" : "Auto Scaling group";
    const widgets: Widget[] = [
      {
        type: "alarm",
        width: GRID_WIDTH,
        height: 3,
        properties: { title: "Alarms", alarms: [...props.alarmArns], sortBy: "stateUpdatedTimestamp" },
      },
      ...(props.loadBalancer ? loadBalancerWidgets(props.loadBalancer, graph, heading) : []),
      heading(`## Application host (${hostLabel})`),
      graph("CPU utilization (%)", [["AWS/EC2", "CPUUtilization", ...host]], {
        lines: [["alarm", t.appCpuPercent]],
        percent: true,
      }),
      graph("Memory used (%)", [[agent.namespace, agent.memoryUsedPercent, ...host]], {
        lines: [["alarm", t.appMemoryPercent]],
        percent: true,
      }),
      graph("Root disk used (%)", [[agent.namespace, agent.diskUsedPercent, ...host]], {
        stat: "Maximum",
        lines: [["alarm", t.appDiskPercent]],
        percent: true,
      }),
      graph(
        "Network (bytes per period)",
        [
          ["AWS/EC2", "NetworkIn", ...host],
          ["AWS/EC2", "NetworkOut", ...host],
        ],
        { stat: "Sum" },
      ),
      ...(props.appHost.kind === "instance"
        ? [
            graph(
              "Status checks failed",
              [
                ["AWS/EC2", "StatusCheckFailed_System", ...host],
                ["AWS/EC2", "StatusCheckFailed_Instance", ...host],
              ],
              { stat: "Maximum", period: 60 },
            ),
          ]
        : []),
      heading("## Database"),
      graph("CPU utilization (%)", [["AWS/RDS", "CPUUtilization", ...db]], {
        lines: [["alarm", t.dbCpuPercent]],
        percent: true,
      }),
      graph("Connections", [["AWS/RDS", "DatabaseConnections", ...db]], {
        stat: "Maximum",
        lines: [
          ["alarm", t.dbConnections],
          ["max_connections", t.dbMaxConnections],
        ],
      }),
      graph("Free storage (bytes)", [["AWS/RDS", "FreeStorageSpace", ...db]], {
        stat: "Minimum",
        lines: [["alarm", t.dbFreeStorageBytes]],
      }),
      ...(props.replicas && props.replicas.instances.length > 0
        ? replicaWidgets(props.replicas, t, graph, heading)
        : []),
      heading("## Storage (application bucket)"),
      // S3 storage metrics are published once a day; a shorter period shows nothing.
      graph(
        "Bucket size (bytes)",
        [["AWS/S3", "BucketSizeBytes", "BucketName", props.bucketName, "StorageType", "StandardStorage"]],
        { period: ONE_DAY },
      ),
      graph(
        "Objects",
        [["AWS/S3", "NumberOfObjects", "BucketName", props.bucketName, "StorageType", "AllStorageTypes"]],
        { period: ONE_DAY },
      ),
      ...(props.requestMetricsFilterId !== undefined
        ? [
            graph(
              "Requests and errors",
              ["AllRequests", "4xxErrors", "5xxErrors"].map((metric) => [
                "AWS/S3",
                metric,
                "BucketName",
                props.bucketName,
                "FilterId",
                props.requestMetricsFilterId,
              ]),
              { stat: "Sum" },
            ),
          ]
        : []),
      heading("## Application log"),
      graph("Error lines", [[props.errorMetric.namespace, props.errorMetric.name]], {
        stat: "Sum",
        period: t.errorPeriodSec,
        lines: [["alarm (more than)", t.errorLines]],
      }),
      logTable("Top errors", SAVED_QUERIES["errors-by-message"]),
      ...(props.appHost.kind === "autoScalingGroup"
        ? [logTable("Errors by host", INSTANCE_QUERIES["errors-by-instance"])]
        : []),
    ];

    this.widgets = place(widgets);
    this.dashboard = new CloudwatchDashboard(this, "Dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets: this.widgets }),
    });
  }
}

type GraphOptions = { stat?: string; period?: number; lines?: [string, number][]; percent?: boolean };
type Graph = (title: string, metrics: unknown[][], options?: GraphOptions) => Widget;
type Heading = (markdown: string) => Widget;

/** The load balancer's section: requests, 5xx by origin, p95 response time, healthy and unhealthy hosts. */
function loadBalancerWidgets(lb: DashboardLoadBalancer, graph: Graph, heading: Heading): Widget[] {
  const s = lb.settings;
  const own = dimensionList(loadBalancerDimensions(lb.target));
  const group = dimensionList(targetGroupDimensions(lb.target));
  const ns = APPLICATION_ELB_NAMESPACE;
  return [
    heading("## Load balancer"),
    graph("Requests", [[ns, "RequestCount", ...own]], { stat: "Sum" }),
    // Each series is summed over its own alarm's period, so that each line is comparable with its threshold.
    graph(
      "5xx responses",
      [
        [ns, "HTTPCode_ELB_5XX_Count", ...own, { label: "load balancer", period: s.serverErrors.periodSec }],
        [ns, "HTTPCode_Target_5XX_Count", ...group, { label: "targets", period: s.targetServerErrors.periodSec }],
      ],
      {
        stat: "Sum",
        lines: [
          ["alarm, load balancer (more than)", s.serverErrors.thresholdCount],
          ["alarm, targets (more than)", s.targetServerErrors.thresholdCount],
        ],
      },
    ),
    graph("Response time p95 (s)", [[ns, "TargetResponseTime", ...group]], {
      stat: "p95",
      period: s.responseTimeP95.periodSec,
      lines: [["alarm", s.responseTimeP95.thresholdSec]],
    }),
    graph(
      "Hosts",
      [
        [ns, "HealthyHostCount", ...group, { label: "healthy", stat: "Minimum" }],
        [ns, "UnHealthyHostCount", ...group, { label: "unhealthy", stat: "Maximum" }],
      ],
      { period: s.unhealthyHosts.periodSec, lines: [["alarm (unhealthy)", s.unhealthyHosts.thresholdCount]] },
    ),
  ];
}

/** The read replicas' section: lag, CPU, connections, free storage, one line per replica. */
function replicaWidgets(replicas: DashboardReplicas, t: DashboardThresholds, graph: Graph, heading: Heading): Widget[] {
  const series = (metric: string) =>
    replicas.instances.map((replica) => [
      "AWS/RDS",
      metric,
      "DBInstanceIdentifier",
      replica.instanceIdentifier,
      { label: replica.instanceIdentifier },
    ]);
  return [
    heading("## Read replicas"),
    graph("Replica lag (s)", series("ReplicaLag"), {
      stat: "Maximum",
      period: replicas.lagPeriodSec,
      lines: [["alarm", replicas.lagThresholdSec]],
    }),
    graph("Replica CPU utilization (%)", series("CPUUtilization"), {
      lines: [["alarm", t.dbCpuPercent]],
      percent: true,
    }),
    graph("Replica connections", series("DatabaseConnections"), {
      stat: "Maximum",
      lines: replicas.instances.map((replica): [string, number] => [
        `alarm, ${replica.instanceIdentifier}`,
        replica.connectionThreshold,
      ]),
    }),
    graph("Replica free storage (bytes)", series("FreeStorageSpace"), {
      stat: "Minimum",
      lines: [["alarm", t.dbFreeStorageBytes]],
    }),
  ];
}

/** `{ A: "a", B: "b" }` as `["A", "a", "B", "b"]`, the form dashboard metric arrays use. */
function dimensionList(dimensions: Record<string, string>): string[] {
  return Object.entries(dimensions).flat();
}

/** Lays widgets out left to right, wrapping at the 24-column grid width. */
function place(widgets: Widget[]): Record<string, unknown>[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((widget) => {
    if (x + widget.width > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { ...widget, x, y };
    x += widget.width;
    rowHeight = Math.max(rowHeight, widget.height);
    return placed;
  });
}
