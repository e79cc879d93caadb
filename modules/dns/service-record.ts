import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** What the service's record points at. */
export type RecordTarget =
  /** A public IPv4 address (the Phase 1 host's Elastic IP): an A record, and a health check on that address. */
  | { readonly kind: "address"; readonly ipAddress: string }
  /**
   * A load balancer: an alias A record that follows its addresses and its health, and a health check that
   * resolves the record name.
   */
  | { readonly kind: "alias"; readonly dnsName: string; readonly zoneId: string };

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
 * The service's public name: an A record to its address (or an alias to its load balancer) and a Route 53 health
 * check on a path of that endpoint. With an address, the health check sends the record name as the Host header
 * (and SNI for HTTPS) while connecting to the address itself, so it watches the host even while DNS is being
 * changed; with an alias it connects to the record name.
 *
 * The record keeps its address whatever the target: a change from an address to an alias is an in-place update,
 * sent to Route 53 as one atomic change batch (docs/growth.md, section 2).
 */
export class ServiceRecord extends Construct {
  /** The record's name. */
  readonly recordName: string;
  /** ID of the health check, for a CloudWatch alarm on `AWS/Route53 HealthCheckStatus`. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: ServiceRecordProps) {
    super(scope, id);
    this.recordName = props.recordName;
    const target = props.target;
    const ipAddress = target.kind === "address" ? target.ipAddress : undefined;

    new Route53Record(this, "Record", {
      zoneId: props.hostedZoneId,
      name: this.recordName,
      type: "A",
      ...(target.kind === "address"
        ? { ttl: props.recordTtlSec ?? 300, records: [target.ipAddress] }
        : { alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true } }),
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
