import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config";
import { RecordTarget, ServiceRecord } from "../modules/dns";
import { HostedZone } from "./dns-stack";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Where the internet reaches the application host directly (ingress `host`). */
export interface HostEntryPoint {
  /** The host's public IPv4 address (its Elastic IP). */
  readonly publicIp: string;
  /** What the host serves there: HTTPS (port 80 only redirects) when it terminates TLS, plain HTTP otherwise. */
  readonly protocol: "HTTP" | "HTTPS";
}

/** Props of {@link RecordsStack}. */
export interface RecordsStackProps extends EnvironmentStackProps {
  /** The hosted zone (from the dns stack); `undefined` when no domain is configured. */
  readonly zone?: HostedZone;
  /**
   * The host's entry point (from the compute stack), which the record points at with ingress `host`.
   * @default - none: compute runs no host with a public address
   */
  readonly hostEntryPoint?: HostEntryPoint;
  /**
   * The load balancer (from the ingress stack), which the record aliases with ingress `load-balancer`.
   * @default - none: ingress is the host
   */
  readonly loadBalancer?: { readonly dnsName: string; readonly zoneId: string };
}

/**
 * The service's public DNS records (R1): the record and its Route 53 health check, pointed at what
 * `capabilities.ingress` says the internet reaches first (ingress `host`: an A record to the host's Elastic IP;
 * `load-balancer`: an alias to the load balancer, checked over HTTPS), or what `transition.recordTarget` keeps it
 * on during a switch. Deploys after compute, ingress and edge, the stacks whose addresses it publishes. Empty
 * without a domain.
 */
export class RecordsStack extends EnvironmentStack {
  /** The record and health check; `undefined` when no domain is configured. */
  readonly serviceRecord?: ServiceRecord;

  constructor(scope: Construct, props: RecordsStackProps) {
    super(scope, "records", props);
    const env = props.environment;
    const dns = env.dns;
    if (dns === undefined || props.zone === undefined) {
      Annotations.of(this).addInfo(
        `No DNS for ${env.name}: the ${env.name}-dns and ${env.name}-records stacks are empty, and the ` +
          `application answers on the ${env.name}-compute stack's PublicIp output. Set ` +
          `environments.${env.name}.dns.domainName to add the hosted zone, the record and its health check.`,
      );
      return;
    }
    const target = recordTarget(env, props);
    // What the entry point serves, never a redirect to it (Route 53 counts a 301 as healthy): the load balancer
    // serves HTTPS; a host, what it terminates.
    const protocol = target.kind === "alias" ? "HTTPS" : (props.hostEntryPoint?.protocol ?? "HTTP");
    this.serviceRecord = new ServiceRecord(this, "ServiceRecord", {
      hostedZoneId: props.zone.hostedZoneId,
      recordName: dns.recordName,
      target,
      recordTtlSec: dns.recordTtlSec,
      healthCheckPath: dns.healthCheckPath,
      healthCheckProtocol: protocol,
      healthCheckFailureThreshold: dns.healthCheckFailureThreshold,
      healthCheckIntervalSec: dns.healthCheckIntervalSec,
    });
    new TerraformOutput(this, "RecordName", { value: this.serviceRecord.recordName });
    new TerraformOutput(this, "HealthCheckId", { value: this.serviceRecord.healthCheckId });
  }
}

function recordTarget(env: EnvironmentConfig, props: RecordsStackProps): RecordTarget {
  switch (env.transition.recordTarget) {
    case "host":
      if (props.hostEntryPoint === undefined) {
        throw new Error(`${env.name}-records: the record points at the host, but compute runs no instance`);
      }
      return { kind: "address", ipAddress: props.hostEntryPoint.publicIp };
    case "load-balancer":
      if (props.loadBalancer === undefined) {
        throw new Error(`${env.name}-records: the record points at the load balancer, but ingress builds none`);
      }
      return { kind: "alias", dnsName: props.loadBalancer.dnsName, zoneId: props.loadBalancer.zoneId };
  }
}
