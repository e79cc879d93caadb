import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Dns, DnsProps, ServiceRecord, ServiceRecordProps } from "../../modules/dns";
import { synthModule } from "../support/module-stack";
import { onlyResource } from "../support/synth";

function dns(props: Partial<DnsProps> = {}) {
  return synthModule((scope) => new Dns(scope, "Dns", { domainName: "example.com", ...props }));
}

function serviceRecord(props: Partial<ServiceRecordProps> = {}) {
  return synthModule(
    (scope) =>
      new ServiceRecord(scope, "ServiceRecord", {
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        recordName: "example.com",
        target: { kind: "address", ipAddress: "203.0.113.10" },
        ...props,
      }),
  );
}

describe("Dns", () => {
  test("creates a public hosted zone, kept from terraform destroy", () => {
    const { json, parsed, construct } = dns();
    expect(json).toHaveResourceWithProperties(Route53Zone, { name: "example.com", force_destroy: false });
    const zone = onlyResource(parsed, Route53Zone.tfResourceType);
    expect(zone.lifecycle).toEqual({ prevent_destroy: true });
    // A public zone: no VPC association.
    expect(zone.vpc).toBeUndefined();
    expect(construct.nameServers).toBeDefined();
  });

  test("adopts an existing zone by id without managing it", () => {
    const { json, parsed, construct } = dns({ hostedZoneId: "Z0123456789ABCDEFGHIJ" });
    expect(json).not.toHaveResource(Route53Zone);
    expect(parsed.resource).toBeUndefined();
    expect(construct.hostedZoneId).toBe("Z0123456789ABCDEFGHIJ");
    expect(construct.nameServers).toBeUndefined();
  });

  test("holds the zone only: records live in a ServiceRecord", () => {
    const { json } = dns();
    expect(json).not.toHaveResource(Route53Record);
    expect(json).not.toHaveResource(Route53HealthCheck);
  });
});

describe("ServiceRecord", () => {
  test("an A record in the given zone", () => {
    const { parsed } = serviceRecord({ hostedZoneId: "Z0123456789ABCDEFGHIJ" });
    expect(onlyResource(parsed, Route53Record.tfResourceType).zone_id).toBe("Z0123456789ABCDEFGHIJ");
  });

  test("an A record to the Elastic IP", () => {
    expect(serviceRecord({ recordName: "app.example.com" }).json).toHaveResourceWithProperties(Route53Record, {
      name: "app.example.com",
      type: "A",
      ttl: 300,
      records: ["203.0.113.10"],
    });
  });

  test("an HTTP health check on the configured path, sent to the address with the record as Host", () => {
    expect(serviceRecord({ healthCheckPath: "/healthz" }).json).toHaveResourceWithProperties(Route53HealthCheck, {
      type: "HTTP",
      ip_address: "203.0.113.10",
      fqdn: "example.com",
      port: 80,
      resource_path: "/healthz",
      failure_threshold: 3,
      request_interval: 30,
    });
  });

  test("HTTPS health checks use port 443 and SNI", () => {
    expect(serviceRecord({ healthCheckProtocol: "HTTPS" }).json).toHaveResourceWithProperties(Route53HealthCheck, {
      type: "HTTPS",
      port: 443,
      enable_sni: true,
    });
  });

  test("no hosted zone: the record goes into the zone it is given", () => {
    expect(serviceRecord().json).not.toHaveResource(Route53Zone);
  });
});
