import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DnsValidatedCertificate } from "../modules/certificate";
import { Dns } from "../modules/dns";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** The public hosted zone of an environment, as the stacks that put records or certificates in it see it. */
export interface HostedZone {
  /** The zone's domain, for example `example.com`. */
  readonly domainName: string;
  /** ID of the hosted zone (created here, or adopted from configuration). */
  readonly hostedZoneId: string;
}

/**
 * The service's public hosted zone (R1), created or adopted, and the certificates validated in it: with ingress
 * `load-balancer`, the load balancer's certificate for `dns.recordName` (unless configuration gives its ARN).
 * Records live in the records stack, which deploys after what they point at, so that a load balancer can use a
 * certificate from this stack while the record points at it. Empty without `dns.domainName`.
 */
export class DnsStack extends EnvironmentStack {
  /** The zone; `undefined` when no domain is configured. */
  readonly zone?: HostedZone;
  /** The load balancer's certificate, with ingress `load-balancer` and no certificate ARN in configuration. */
  readonly loadBalancerCertificate?: DnsValidatedCertificate;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "dns", props);
    const dns = props.environment.dns;
    if (dns === undefined) return;
    // The construct path Dns/Zone is the zone's Terraform address: it predates the records stack and must stay.
    const zone = new Dns(this, "Dns", {
      domainName: dns.domainName,
      hostedZoneId: dns.hostedZoneId,
      preventDestroy: dns.preventDestroy,
    });
    this.zone = { domainName: zone.domainName, hostedZoneId: zone.hostedZoneId };
    const env = props.environment;
    if (env.capabilities.ingress.kind === "load-balancer" && env.loadBalancer.certificateArn === undefined) {
      this.loadBalancerCertificate = new DnsValidatedCertificate(this, "LoadBalancerCertificate", {
        domainName: dns.recordName,
        hostedZoneId: zone.hostedZoneId,
      });
      new TerraformOutput(this, "LoadBalancerCertificateArn", { value: this.loadBalancerCertificate.certificateArn });
    }
    new TerraformOutput(this, "HostedZoneId", { value: zone.hostedZoneId });
    if (zone.nameServers) {
      new TerraformOutput(this, "NameServers", {
        value: zone.nameServers,
        description: "Delegate the domain to these name servers at its registrar",
      });
    }
  }
}
