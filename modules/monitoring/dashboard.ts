import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { AppHostTarget, CLOUDWATCH_AGENT_METRICS, appHostDimensions } from "./app-alarms";
import { SAVED_QUERIES } from "./queries";

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
 * The CloudWatch dashboard of one environment (M4): alarm status, then the app host (CPU, memory, disk, network,
 * status checks), the database (CPU, connections, free storage), the bucket (size, objects, requests) and the
 * application log (error lines, top errors), with each alarm threshold drawn on its graph.
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

    const graph = (
      title: string,
      metrics: unknown[][],
      options: { stat?: string; period?: number; lines?: [string, number][]; percent?: boolean } = {},
    ): Widget => ({
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

    const hostLabel = props.appHost.kind === "instance" ? "instance" : "Auto Scaling group";
    const widgets: Widget[] = [
      {
        type: "alarm",
        width: GRID_WIDTH,
        height: 3,
        properties: { title: "Alarms", alarms: [...props.alarmArns], sortBy: "stateUpdatedTimestamp" },
      },
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
      {
        type: "log",
        width: 16,
        height: 6,
        properties: {
          title: "Top errors",
          region,
          view: "table",
          query: `SOURCE '${props.logGroupName}' | ${SAVED_QUERIES["errors-by-message"]}`,
        },
      },
    ];

    this.widgets = place(widgets);
    this.dashboard = new CloudwatchDashboard(this, "Dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets: this.widgets }),
    });
  }
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
