import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { IngressCapability } from "../config";
import { RecordTarget, ServiceRecord } from "../modules/dns";
import { HostedZone } from "./dns-stack";
import { EnvironmentStack, EnvironmentStackProps, notBuiltByThisVersion } from "./environment-stack";

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
}

/**
 * The service's public DNS records (R1): the record and its Route 53 health check, pointed at what
 * `capabilities.ingress` says the internet reaches first (ingress `host`: an A record to the host's Elastic IP,
 * and a health check on what the host serves there: HTTPS on 443 when it terminates TLS).
 * Deploys after compute, ingress and edge, the stacks whose addresses it publishes. Empty without a domain.
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
    this.serviceRecord = new ServiceRecord(this, "ServiceRecord", {
      hostedZoneId: props.zone.hostedZoneId,
      recordName: dns.recordName,
      target: recordTarget(env.capabilities.ingress, props.hostEntryPoint),
      recordTtlSec: dns.recordTtlSec,
      healthCheckPath: dns.healthCheckPath,
      healthCheckProtocol: healthCheckProtocol(env.capabilities.ingress, props.hostEntryPoint),
      healthCheckFailureThreshold: dns.healthCheckFailureThreshold,
      healthCheckIntervalSec: dns.healthCheckIntervalSec,
    });
    new TerraformOutput(this, "RecordName", { value: this.serviceRecord.recordName });
    new TerraformOutput(this, "HealthCheckId", { value: this.serviceRecord.healthCheckId });
  }
}

function recordTarget(ingress: IngressCapability, host: HostEntryPoint | undefined): RecordTarget {
  switch (ingress.kind) {
    case "host":
      if (host === undefined) throw new Error("ingress host needs a compute stack that runs a host with a public IP");
      return { kind: "address", ipAddress: host.publicIp };
    case "load-balancer":
      throw notBuiltByThisVersion("ingress", ingress.kind);
  }
}

/** The protocol the health check requests: what the entry point serves (never a redirect to it). */
function healthCheckProtocol(ingress: IngressCapability, host: HostEntryPoint | undefined): "HTTP" | "HTTPS" {
  switch (ingress.kind) {
    case "host":
      return host?.protocol ?? "HTTP";
    case "load-balancer":
      throw notBuiltByThisVersion("ingress", ingress.kind);
  }
}
