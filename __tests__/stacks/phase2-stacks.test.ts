import { EnvironmentInput } from "../../config";
import { HOST_INTERFACE_SERVICES } from "../../modules/vpc-endpoints";
import { SynthesizedStack, onlyResource, resourcesOf } from "../support/synth";
import { WITH_DOMAIN, buildSynthesized } from "./environment-fixtures";

/** Phase 2 with a domain: what every environment builds after the switch. */
const PHASE_2 = (env: EnvironmentInput): EnvironmentInput => ({ ...WITH_DOMAIN(env), phase: 2 });
/** The switch's expand step: the Phase 1 host beside the group, the record still on the host. */
const EXPANDED = (env: EnvironmentInput): EnvironmentInput => ({
  ...PHASE_2(env),
  transition: { keepInstance: true, recordTarget: "host" },
});
/** The switch's contract step: the host retired, its Elastic IP kept. */
const CONTRACTED = (env: EnvironmentInput): EnvironmentInput => ({
  ...PHASE_2(env),
  transition: { keepAddress: true },
});
/** Phase 2 with a NAT gateway instead of endpoints. */
const WITH_NAT = (env: EnvironmentInput): EnvironmentInput => ({
  ...PHASE_2(env),
  capabilities: { vpcEndpoints: "none" },
  network: { ...env.network, enableNatGateway: true },
});

const ENVIRONMENTS = ["development", "test", "production"] as const;

function stacksOf(name: string, change: (env: EnvironmentInput) => EnvironmentInput) {
  const { stacks, parsed } = buildSynthesized(name, change);
  return {
    network: parsed(stacks.network),
    dns: parsed(stacks.dns),
    ingress: parsed(stacks.ingress),
    compute: parsed(stacks.compute),
    database: parsed(stacks.database),
    parameters: parsed(stacks.parameters),
    records: parsed(stacks.records),
    monitoring: parsed(stacks.monitoring),
  };
}

function addresses(stack: SynthesizedStack, type: string): string[] {
  return resourcesOf(stack, type).map(([name]) => `${type}.${name}`);
}

describe("Phase 2 network", () => {
  test.each(ENVIRONMENTS)(
    "%s: S3 gateway on the private route table, host endpoints in every private subnet",
    (name) => {
      const { network } = stacksOf(name, PHASE_2);
      const endpoints = resourcesOf(network, "aws_vpc_endpoint").map(([, e]) => e);
      const gateway = endpoints.filter((e) => e.vpc_endpoint_type === "Gateway");
      expect(gateway).toHaveLength(1);
      expect(gateway[0]).toMatchObject({ service_name: "com.amazonaws.ap-northeast-1.s3" });
      expect(gateway[0].route_table_ids).toEqual([
        expect.stringContaining("aws_route_table.Network_PrivateRouteTable"),
      ]);
      const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === "Interface");
      expect(interfaces.map((e) => e.service_name).sort()).toEqual(
        HOST_INTERFACE_SERVICES.map((s) => `com.amazonaws.ap-northeast-1.${s}`).sort(),
      );
      const privateSubnets = addresses(network, "aws_subnet").filter((a) => a.includes("PrivateSubnet"));
      for (const endpoint of interfaces) {
        expect(endpoint.private_dns_enabled).toBe(true);
        expect((endpoint.subnet_ids as string[]).length).toBe(privateSubnets.length);
      }
    },
  );

  test("the endpoints accept HTTPS from the private subnets only", () => {
    const { network } = stacksOf("production", PHASE_2);
    const rules = resourcesOf(network, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(["10.30.128.0/20", "10.30.144.0/20", "10.30.160.0/20"]);
    for (const rule of rules) expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
  });

  test("the private subnets keep no route to the internet", () => {
    const { network } = stacksOf("production", PHASE_2);
    const routes = resourcesOf(network, "aws_route").map(([, r]) => r);
    expect(routes).toHaveLength(1);
    expect(routes[0].route_table_id).toContain("PublicRouteTable");
    expect(network.resource?.aws_nat_gateway).toBeUndefined();
  });

  test("a NAT gateway, when configured, is the private route table's way out, in a public subnet", () => {
    const { network } = stacksOf("production", WITH_NAT);
    const nat = onlyResource(network, "aws_nat_gateway");
    expect(nat).toMatchObject({ connectivity_type: "public" });
    expect(nat.subnet_id).toContain("PublicSubnet-ap-northeast-1a");
    const route = resourcesOf(network, "aws_route").find(([, r]) => String(r.route_table_id).includes("Private"));
    expect(route?.[1]).toMatchObject({ destination_cidr_block: "0.0.0.0/0" });
    expect(route?.[1].nat_gateway_id).toContain("aws_nat_gateway.");
    expect(network.resource?.aws_vpc_endpoint).toBeUndefined();
  });
});

describe("Phase 2 ingress", () => {
  test("the dns stack validates the load balancer's certificate for the record name in the zone", () => {
    const { dns } = stacksOf("production", PHASE_2);
    expect(onlyResource(dns, "aws_acm_certificate")).toMatchObject({
      domain_name: "example.com",
      validation_method: "DNS",
    });
    const validation = resourcesOf(dns, "aws_route53_record").map(([, r]) => r);
    expect(validation[0].zone_id).toContain("aws_route53_zone.Dns_Zone");
    expect(dns.output?.LoadBalancerCertificateArn).toBeDefined();
  });

  test.each(ENVIRONMENTS)("%s: an internet-facing HTTPS load balancer in the public subnets of every zone", (name) => {
    const { ingress, network } = stacksOf(name, PHASE_2);
    const lb = onlyResource(ingress, "aws_lb");
    const publicSubnets = addresses(network, "aws_subnet").filter((a) => a.includes("PublicSubnet"));
    expect(lb).toMatchObject({
      load_balancer_type: "application",
      internal: false,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      enable_deletion_protection: name === "production",
      access_logs: { enabled: true },
    });
    expect((lb.subnets as string[]).length).toBe(publicSubnets.length);
    expect(publicSubnets.length).toBeGreaterThanOrEqual(2);
    const listeners = resourcesOf(ingress, "aws_lb_listener").map(([, l]) => l);
    const https = listeners.find((l) => l.port === 443);
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" });
    expect(https?.certificate_arn).toContain("LoadBalancerCertificate");
    const http = listeners.find((l) => l.port === 80);
    expect(http?.default_action).toEqual([
      expect.objectContaining({ type: "redirect", redirect: expect.objectContaining({ status_code: "HTTP_301" }) }),
    ]);
    expect(onlyResource(ingress, "aws_lb_target_group")).toMatchObject({
      port: 80,
      protocol: "HTTP",
      deregistration_delay: "30",
      health_check: expect.objectContaining({ path: "/health" }),
    });
  });

  test("the access-log bucket uses SSE-S3 and lets the ELB service and Tokyo's ELB account write", () => {
    const { ingress } = stacksOf("production", PHASE_2);
    expect(onlyResource(ingress, "aws_s3_bucket")).toMatchObject({
      bucket: "webapp-production-alb-logs",
      lifecycle: { prevent_destroy: true },
    });
    const encryption = onlyResource(ingress, "aws_s3_bucket_server_side_encryption_configuration");
    expect(JSON.stringify(encryption)).toContain("AES256");
    const policy = String(onlyResource(ingress, "aws_s3_bucket_policy").policy);
    expect(policy).toContain("logdelivery.elasticloadbalancing.amazonaws.com");
    expect(policy).toContain("arn:aws:iam::582318560864:root");
  });

  test("a certificate ARN from configuration replaces the validated certificate", () => {
    const arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-0123456789ab";
    const { dns, ingress } = stacksOf("production", (env) => ({
      ...PHASE_2(env),
      loadBalancer: { certificateArn: arn },
    }));
    expect(dns.resource?.aws_acm_certificate).toBeUndefined();
    const https = resourcesOf(ingress, "aws_lb_listener").find(([, l]) => l.port === 443)?.[1];
    expect(https?.certificate_arn).toBe(arn);
  });
});

describe("Phase 2 compute", () => {
  test.each(ENVIRONMENTS)(
    "%s: an Auto Scaling group in the private subnets of every zone, behind the load balancer",
    (name) => {
      const { compute, network } = stacksOf(name, PHASE_2);
      const group = onlyResource(compute, "aws_autoscaling_group");
      const privateSubnets = addresses(network, "aws_subnet").filter((a) => a.includes("PrivateSubnet"));
      expect(group).toMatchObject({
        min_size: 2,
        max_size: 4,
        health_check_type: "ELB",
        health_check_grace_period: 300,
        instance_refresh: expect.objectContaining({
          strategy: "Rolling",
          preferences: expect.objectContaining({ min_healthy_percentage: 100 }),
        }),
      });
      expect((group.vpc_zone_identifier as string[]).length).toBe(privateSubnets.length);
      expect(group.target_group_arns).toEqual([expect.stringContaining("TargetGroup")]);
      expect(onlyResource(compute, "aws_autoscaling_policy")).toMatchObject({
        policy_type: "TargetTrackingScaling",
        target_tracking_configuration: {
          predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" },
          target_value: 70,
        },
      });
      expect(compute.resource?.aws_instance).toBeUndefined();
      expect(compute.resource?.aws_eip).toBeUndefined();
    },
  );

  test("the launch template: IMDSv2, no public IP, encrypted root volume, the host role, the Phase 1 user data", () => {
    // The Phase 1 host without a domain terminates no TLS, like the group's hosts behind the load balancer.
    const phase1 = buildSynthesized("production");
    const instance = onlyResource(phase1.parsed(phase1.stacks.compute), "aws_instance");
    const { compute } = stacksOf("production", PHASE_2);
    const template = onlyResource(compute, "aws_launch_template");
    expect(template).toMatchObject({
      instance_type: "t4g.micro",
      metadata_options: { http_tokens: "required", http_endpoint: "enabled" },
      network_interfaces: [expect.objectContaining({ associate_public_ip_address: "false" })],
      block_device_mappings: [
        expect.objectContaining({ ebs: expect.objectContaining({ encrypted: "true", volume_type: "gp3" }) }),
      ],
      credit_specification: { cpu_credits: "standard" },
    });
    expect(JSON.stringify(template.iam_instance_profile)).toContain("aws_iam_instance_profile.AppRuntime");
    // The same boot script as the Phase 1 host (Terraform's template escapes aside): one container model.
    const script = Buffer.from(String(template.user_data), "base64").toString("utf8");
    expect(
      String(instance.user_data)
        .replace(/\$\$\{/g, "${")
        .replace(/%%\{/g, "%{"),
    ).toBe(script);
  });

  test("the hosts take the application port from the load balancer only: no rule from a CIDR", () => {
    const { compute, ingress } = stacksOf("production", PHASE_2);
    const rules = resourcesOf(compute, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const onHosts = rules.filter((r) => String(r.security_group_id).includes("AppRuntime_SecurityGroup"));
    expect(onHosts).toHaveLength(1);
    expect(onHosts[0]).toMatchObject({ from_port: 80, to_port: 80 });
    expect(onHosts[0].referenced_security_group_id).toContain(
      Object.keys(ingress.resource?.aws_security_group ?? {})[0],
    );
    expect(rules.some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
  });

  test("expand: the Phase 1 host keeps its addresses beside the group, and stays open on 80/443", () => {
    const phase1 = buildSynthesized("production", WITH_DOMAIN);
    const before = phase1.parsed(phase1.stacks.compute);
    const { compute } = stacksOf("production", EXPANDED);
    for (const type of ["aws_instance", "aws_eip", "aws_network_interface", "aws_vpc_security_group_ingress_rule"]) {
      expect(addresses(compute, type)).toEqual(expect.arrayContaining(addresses(before, type)));
    }
    expect(compute.resource?.aws_autoscaling_group).toBeDefined();
  });

  test("contract: the host is gone, its Elastic IP stays at its address, unattached", () => {
    const phase1 = buildSynthesized("production", WITH_DOMAIN);
    const before = phase1.parsed(phase1.stacks.compute);
    const { compute } = stacksOf("production", CONTRACTED);
    expect(addresses(compute, "aws_eip")).toEqual(addresses(before, "aws_eip"));
    expect(onlyResource(compute, "aws_eip").network_interface).toBeUndefined();
    expect(compute.resource?.aws_instance).toBeUndefined();
    expect(compute.resource?.aws_network_interface).toBeUndefined();
  });
});

describe("Phase 2 database and parameters", () => {
  test("Multi-AZ primary and one private, encrypted replica of it", () => {
    const { database } = stacksOf("production", PHASE_2);
    const instances = resourcesOf(database, "aws_db_instance");
    const primary = instances.find(([, db]) => db.replicate_source_db === undefined)![1];
    const replica = instances.find(([, db]) => db.replicate_source_db !== undefined)![1];
    expect(primary.multi_az).toBe(true);
    expect(replica).toMatchObject({
      identifier: "webapp-production-replica-1",
      publicly_accessible: false,
      storage_encrypted: true,
      multi_az: false,
      deletion_protection: true,
    });
    expect(replica.replicate_source_db).toContain("aws_db_instance.Database_Instance");
    expect(replica.engine_version).toBeUndefined();
  });

  test("the application reads the replica's address as DB_READER_HOST; Phase 1 gives it the primary", () => {
    const reader = (change: (env: EnvironmentInput) => EnvironmentInput) => {
      const { parameters } = stacksOf("production", change);
      const parameter = resourcesOf(parameters, "aws_ssm_parameter").find(([name]) => name.includes("DB_READER_HOST"));
      const host = resourcesOf(parameters, "aws_ssm_parameter").find(([name]) => name.includes("DB_HOST_"));
      return { reader: String(parameter?.[1].value), host: String(host?.[1].value) };
    };
    const phase2 = reader(PHASE_2);
    expect(phase2.reader).toContain("ReadReplica-1");
    expect(phase2.reader).not.toBe(phase2.host);
    const phase1 = reader(WITH_DOMAIN);
    expect(phase1.reader).toBe(phase1.host);
  });
});

describe("Phase 2 records", () => {
  test("the record is an alias to the load balancer at the Phase 1 record's address, checked over HTTPS", () => {
    const phase1 = buildSynthesized("production", WITH_DOMAIN);
    const before = phase1.parsed(phase1.stacks.records);
    const { records } = stacksOf("production", PHASE_2);
    expect(addresses(records, "aws_route53_record")).toEqual(addresses(before, "aws_route53_record"));
    const record = onlyResource(records, "aws_route53_record");
    expect(record.alias).toEqual(
      expect.objectContaining({ evaluate_target_health: true, name: expect.stringContaining("dns_name") }),
    );
    expect(record.records).toBeUndefined();
    expect(record.ttl).toBeUndefined();
    expect(onlyResource(records, "aws_route53_health_check")).toMatchObject({
      type: "HTTPS",
      port: 443,
      fqdn: "example.com",
      enable_sni: true,
    });
    expect(onlyResource(records, "aws_route53_health_check").ip_address).toBeUndefined();
  });

  test("during the switch the record stays an A record on the host's Elastic IP", () => {
    const { records } = stacksOf("production", EXPANDED);
    const record = onlyResource(records, "aws_route53_record");
    expect(record.alias).toBeUndefined();
    expect(JSON.stringify(record.records)).toContain("aws_eip");
  });
});

describe("Phase 2 monitoring", () => {
  test("alarms on the group, the load balancer and the replica, none on a single instance", () => {
    const { monitoring } = stacksOf("production", PHASE_2);
    const alarms = resourcesOf(monitoring, "aws_cloudwatch_metric_alarm").map(([, a]) => a);
    const names = alarms.map((a) => String(a.alarm_name));
    expect(names).toEqual(
      expect.arrayContaining([
        "webapp-production-lb-5xx-errors",
        "webapp-production-lb-target-5xx-errors",
        "webapp-production-lb-unhealthy-hosts",
        "webapp-production-lb-response-time-p95-high",
      ]),
    );
    expect(names.some((n) => n.includes("replica-1") && n.includes("lag"))).toBe(true);
    expect(names.some((n) => n.includes("status-check"))).toBe(false);
    const cpu = alarms.find((a) => a.alarm_name === "webapp-production-app-cpu-high");
    expect(JSON.stringify(cpu?.dimensions)).toContain("AutoScalingGroupName");
  });
});
