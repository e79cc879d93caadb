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
   * Refuse `terraform destroy` on a created zone (its name servers are what the registrar delegates to).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The service's public hosted zone: created, or adopted by id without touching it. The records in it live in a
 * {@link ServiceRecord}, in the stack that deploys after what they point at.
 */
export class Dns extends Construct {
  /** The zone's domain. */
  readonly domainName: string;
  /** ID of the hosted zone. */
  readonly hostedZoneId: string;
  /** Name servers to delegate to at the registrar; `undefined` for an adopted zone. */
  readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    this.domainName = props.domainName;
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
  }
}
