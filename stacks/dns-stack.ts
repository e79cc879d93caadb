import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DnsConfig } from "../config";
import { AppHost } from "../modules/app-host";
import { Dns } from "../modules/dns";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Props of {@link DnsStack}. */
export interface DnsStackProps extends EnvironmentStackProps {
  /** The validated DNS settings (present only when a domain is configured). */
  readonly dns: DnsConfig;
  /** The application host (from the compute stack), whose Elastic IP the record points at. */
  readonly appHost: AppHost;
}

/** The service's public DNS (R1): hosted zone, A record to the host's Elastic IP, Route 53 health check. */
export class DnsStack extends EnvironmentStack {
  /** The zone, record and health check. */
  readonly dns: Dns;

  constructor(scope: Construct, props: DnsStackProps) {
    super(scope, "dns", props);
    const dns = props.dns;
    this.dns = new Dns(this, "Dns", {
      domainName: dns.domainName,
      hostedZoneId: dns.hostedZoneId,
      recordName: dns.recordName,
      ipAddress: props.appHost.publicIp,
      recordTtlSec: dns.recordTtlSec,
      healthCheckPath: dns.healthCheckPath,
      healthCheckProtocol: dns.healthCheckProtocol,
      healthCheckPort: dns.healthCheckPort,
      healthCheckFailureThreshold: dns.healthCheckFailureThreshold,
      healthCheckIntervalSec: dns.healthCheckIntervalSec,
      preventDestroy: dns.preventDestroy,
    });
    new TerraformOutput(this, "HostedZoneId", { value: this.dns.hostedZoneId });
    if (this.dns.nameServers) {
      new TerraformOutput(this, "NameServers", {
        value: this.dns.nameServers,
        description: "Delegate the domain to these name servers at its registrar",
      });
    }
    new TerraformOutput(this, "RecordName", { value: this.dns.recordName });
    new TerraformOutput(this, "HealthCheckId", { value: this.dns.healthCheckId });
  }
}
