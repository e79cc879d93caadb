import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Construct } from "constructs";

/** Props of {@link Dns}. */
export interface DnsProps {
  /** The public hosted zone's domain, for example `example.com`. */
  readonly domainName: string;
  /**
   * Adopt this existing hosted zone (by id) instead of creating one.
   * @default - a hosted zone is created
   */
  readonly hostedZoneId?: string;
  /**
   * Name of the A record: the domain or a name under it.
   * @default - the domain name
   */
  readonly recordName?: string;
  /** The public IPv4 address the record points at (Phase 1: the host's Elastic IP). */
  readonly ipAddress: string;
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
  /**
   * Refuse `terraform destroy` on a created zone (its name servers are what the registrar delegates to).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * DNS for the service: a public hosted zone (created, or adopted by id without touching it), an A record to the
 * application's public address, and a Route 53 health check on a path of that endpoint. The health check sends
 * the record name as the Host header (and SNI for HTTPS) while connecting to the address itself, so it watches
 * the host even while DNS is being changed.
 */
export class Dns extends Construct {
  /** ID of the hosted zone. */
  readonly hostedZoneId: string;
  /** Name servers to delegate to at the registrar; `undefined` for an adopted zone. */
  readonly nameServers?: string[];
  /** The record's name. */
  readonly recordName: string;
  /** ID of the health check, for a CloudWatch alarm on `AWS/Route53 HealthCheckStatus`. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    if (props.hostedZoneId) {
      this.hostedZoneId = props.hostedZoneId;
    } else {
      const zone = new Route53Zone(this, "Zone", {
        name: props.domainName,
        comment: `Public zone of ${props.domainName}, managed by Terraform`,
        forceDestroy: false,
        lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
      });
      this.hostedZoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }
    this.recordName = props.recordName ?? props.domainName;

    new Route53Record(this, "Record", {
      zoneId: this.hostedZoneId,
      name: this.recordName,
      type: "A",
      ttl: props.recordTtlSec ?? 300,
      records: [props.ipAddress],
    });

    const protocol = props.healthCheckProtocol ?? "HTTP";
    const healthCheck = new Route53HealthCheck(this, "HealthCheck", {
      type: protocol,
      ipAddress: props.ipAddress,
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
