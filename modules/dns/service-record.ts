import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** What the service's record points at. */
export type RecordTarget =
  /** A public IPv4 address (the Phase 1 host's Elastic IP): an A record, and a health check on that address. */
  { readonly kind: "address"; readonly ipAddress: string };

/** Props of {@link ServiceRecord}. */
export interface ServiceRecordProps {
  /** ID of the public hosted zone the record goes in. */
  readonly hostedZoneId: string;
  /** Name of the record: the zone's domain or a name under it. */
  readonly recordName: string;
  /** Where the internet reaches the service. */
  readonly target: RecordTarget;
  /**
   * TTL of the record, in seconds.
   * @default 300
   */
  readonly recordTtlSec?: number;
  /**
   * Path the health check requests.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Health check protocol.
   * @default "HTTP"
   */
  readonly healthCheckProtocol?: "HTTP" | "HTTPS";
  /**
   * Health check port.
   * @default - 80 for HTTP, 443 for HTTPS
   */
  readonly healthCheckPort?: number;
  /**
   * Consecutive failures before unhealthy.
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Seconds between checks, 10 or 30.
   * @default 30
   */
  readonly healthCheckIntervalSec?: number;
}

/**
 * The service's public name: an A record to its address and a Route 53 health check on a path of that endpoint.
 * The health check sends the record name as the Host header (and SNI for HTTPS) while connecting to the address
 * itself, so it watches the host even while DNS is being changed.
 */
export class ServiceRecord extends Construct {
  /** The record's name. */
  readonly recordName: string;
  /** ID of the health check, for a CloudWatch alarm on `AWS/Route53 HealthCheckStatus`. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: ServiceRecordProps) {
    super(scope, id);
    this.recordName = props.recordName;
    const ipAddress = props.target.ipAddress;

    new Route53Record(this, "Record", {
      zoneId: props.hostedZoneId,
      name: this.recordName,
      type: "A",
      ttl: props.recordTtlSec ?? 300,
      records: [ipAddress],
    });

    const protocol = props.healthCheckProtocol ?? "HTTP";
    const healthCheck = new Route53HealthCheck(this, "HealthCheck", {
      type: protocol,
      ipAddress,
      fqdn: this.recordName,
      port: props.healthCheckPort ?? (protocol === "HTTPS" ? 443 : 80),
      resourcePath: props.healthCheckPath ?? "/health",
      enableSni: protocol === "HTTPS" ? true : undefined,
      failureThreshold: props.healthCheckFailureThreshold ?? 3,
      requestInterval: props.healthCheckIntervalSec ?? 30,
      measureLatency: false,
      tags: { Name: `${this.recordName}${props.healthCheckPath ?? "/health"}` },
    });
    this.healthCheckId = healthCheck.id;
  }
}
