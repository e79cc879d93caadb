import { App } from "cdktf";
import { DnsStack, RecordsStack } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { onlyResource, synth } from "../support/synth";
import { WITH_ADOPTED_ZONE, WITH_DOMAIN, buildSynthesized } from "./environment-fixtures";

describe("DnsStack", () => {
  test("holds the hosted zone at the address it had before records moved out", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    const dns = parsed(stacks.dns);
    expect(Object.keys(dns.resource ?? {})).toEqual(["aws_route53_zone"]);
    expect(Object.keys(dns.resource?.aws_route53_zone ?? {})).toEqual(["Dns_Zone_D625248C"]);
    expect(onlyResource(dns, "aws_route53_zone")).toMatchObject({
      name: "example.com",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(dns.moved).toBeUndefined();
  });

  test("outputs the zone id and the name servers to delegate to", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    const outputs = Object.keys(parsed(stacks.dns).output ?? {}).filter((n) => !n.startsWith("cross-stack-output-"));
    expect(outputs.sort()).toEqual(["HostedZoneId", "NameServers"]);
  });

  test("an adopted zone is not managed: the stack has no resources and outputs the configured id", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_ADOPTED_ZONE);
    const dns = parsed(stacks.dns);
    expect(dns.resource).toBeUndefined();
    expect(dns.output?.HostedZoneId.value).toBe("Z0123456789ABCDEFGHIJ");
  });

  test("without a domain the stack is empty and exposes no zone", () => {
    const stack = new DnsStack(new App(), { environment: environmentConfig("development") });
    expect(stack.zone).toBeUndefined();
    expect(synth(stack).parsed.resource).toBeUndefined();
  });
});

describe("RecordsStack", () => {
  test("ingress host: an A record to the compute stack's Elastic IP, in the dns stack's zone", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    const records = parsed(stacks.records);
    const record = onlyResource(records, "aws_route53_record");
    expect(record).toMatchObject({ name: "example.com", type: "A", ttl: 300 });
    expect(String(record.zone_id)).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-dns\.outputs\.[^}]*Dns_Zone_D625248Czone_id\}$/,
    );
    expect((record.records as string[]).map(String)).toEqual([
      expect.stringMatching(
        /cross-stack-reference-input-production-compute\.outputs\.[^}]*AppHost_ElasticIp_[^}]*public_ip/,
      ),
    ]);
  });

  test("the health check requests HTTPS on 443 at the same address, with the record as Host and SNI", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    const records = parsed(stacks.records);
    const check = onlyResource(records, "aws_route53_health_check");
    // Port 80 only redirects, which Route 53 would count as healthy without reaching the application.
    expect(check).toMatchObject({
      type: "HTTPS",
      fqdn: "example.com",
      port: 443,
      enable_sni: true,
      resource_path: "/health",
    });
    expect(check.ip_address).toBe((onlyResource(records, "aws_route53_record").records as string[])[0]);
  });

  test("reads only the zone id and the host's address: no other upstream stack", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    expect(Object.keys(parsed(stacks.records).data?.terraform_remote_state ?? {}).sort()).toEqual([
      "cross-stack-reference-input-production-compute",
      "cross-stack-reference-input-production-dns",
    ]);
  });

  test("outputs the record name and the health check id", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_DOMAIN);
    expect(Object.keys(parsed(stacks.records).output ?? {}).sort()).toEqual(["HealthCheckId", "RecordName"]);
  });

  test("an adopted zone's id goes into the record as configured", () => {
    const { stacks, parsed } = buildSynthesized("production", WITH_ADOPTED_ZONE);
    expect(onlyResource(parsed(stacks.records), "aws_route53_record").zone_id).toBe("Z0123456789ABCDEFGHIJ");
  });

  test("needs only a zone and an entry point, no constructs", () => {
    const environment = environmentConfig("development", WITH_DOMAIN);
    const stack = new RecordsStack(new App(), {
      environment,
      zone: { domainName: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
      hostEntryPoint: { publicIp: "203.0.113.10", protocol: "HTTP" },
    });
    const { parsed } = synth(stack);
    const record = onlyResource(parsed, "aws_route53_record");
    expect(record).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", records: ["203.0.113.10"] });
    // The health check follows what the entry point says it serves.
    expect(onlyResource(parsed, "aws_route53_health_check")).toMatchObject({ type: "HTTP", port: 80 });
  });

  test("ingress host without a host address is refused", () => {
    const environment = environmentConfig("development", WITH_DOMAIN);
    expect(
      () =>
        new RecordsStack(new App(), {
          environment,
          zone: { domainName: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
        }),
    ).toThrow(/development-records: the record points at the host, but compute runs no instance/);
  });
});
