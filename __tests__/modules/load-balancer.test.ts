import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { capabilitiesForPhase } from "../../config";
import { DEFAULT_TLS_POLICY, LoadBalancer, LoadBalancerProps } from "../../modules/load-balancer";
import { checkTestStack } from "../support/guardrails";
import { synthModule } from "../support/module-stack";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const props: LoadBalancerProps = {
  namePrefix: "webapp-production",
  region: "ap-northeast-1",
  accountId: "123456789012",
  vpcId: "vpc-1",
  vpcCidr: "10.30.0.0/16",
  publicSubnetIds: ["subnet-a", "subnet-c"],
  certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
  targetPort: 80,
  healthCheckPath: "/health",
  accessLogs: { bucketName: "webapp-production-alb-logs" },
};

function build(overrides: Partial<LoadBalancerProps> = {}) {
  const result = synthModule((scope) => new LoadBalancer(scope, "Ingress", { ...props, ...overrides }));
  return { ...result, resources: (result.parsed as unknown as { resource: Resources }).resource };
}
const values = (resources: Resources, type: string) => Object.values(resources[type] ?? {});

describe("LoadBalancer", () => {
  test("internet-facing in two zones, invalid headers dropped, desync defensive, deletion protection, logs", () => {
    expect(values(build().resources, Lb.tfResourceType)[0]).toMatchObject({
      name: "webapp-production",
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-c"],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      enable_deletion_protection: true,
      access_logs: { bucket: expect.stringMatching(/aws_s3_bucket/), enabled: true, prefix: "alb" },
    });
  });

  test("HTTPS with a current TLS policy forwards to the target group; HTTP answers 301 to HTTPS", () => {
    const listeners = values(build().resources, LbListener.tfResourceType).sort(
      (a, b) => Number(b.port) - Number(a.port),
    );
    expect(listeners).toEqual([
      expect.objectContaining({
        port: 443,
        protocol: "HTTPS",
        ssl_policy: DEFAULT_TLS_POLICY,
        certificate_arn: props.certificateArn,
        default_action: [expect.objectContaining({ type: "forward" })],
      }),
      expect.objectContaining({
        port: 80,
        protocol: "HTTP",
        default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
      }),
    ]);
    expect(DEFAULT_TLS_POLICY).toMatch(/^ELBSecurityPolicy-TLS13-1-2-/);
  });

  test("the target group checks the application's health path and drains quickly", () => {
    expect(values(build().resources, LbTargetGroup.tfResourceType)[0]).toMatchObject({
      port: 80,
      protocol: "HTTP",
      target_type: "instance",
      deregistration_delay: "30",
      health_check: { path: "/health", matcher: "200-399", healthy_threshold: 2, unhealthy_threshold: 3 },
    });
  });

  test("the internet reaches 80 and 443 only; the load balancer reaches the targets' port inside the VPC", () => {
    const { resources } = build();
    expect(
      values(resources, VpcSecurityGroupIngressRule.tfResourceType)
        .map((r) => [r.from_port, r.cidr_ipv4])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [80, "0.0.0.0/0"],
      [443, "0.0.0.0/0"],
    ]);
    expect(values(resources, VpcSecurityGroupEgressRule.tfResourceType).map((r) => [r.from_port, r.cidr_ipv4])).toEqual(
      [[80, "10.30.0.0/16"]],
    );
  });

  test("access logs: SSE-S3, written by the ELB service and Tokyo's ELB account, under this account's path", () => {
    const { resources } = build();
    const encryption = values(resources, S3BucketServerSideEncryptionConfiguration.tfResourceType)[0];
    expect(encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    const policy = JSON.parse(String(values(resources, S3BucketPolicy.tfResourceType)[0].policy));
    const writers = policy.Statement.filter((s: { Action: string }) => s.Action === "s3:PutObject");
    expect(writers.map((s: { Principal: unknown; Resource: string }) => [s.Principal, s.Resource])).toEqual([
      [
        { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        "arn:aws:s3:::webapp-production-alb-logs/alb/AWSLogs/123456789012/*",
      ],
      [{ AWS: "arn:aws:iam::582318560864:root" }, "arn:aws:s3:::webapp-production-alb-logs/alb/AWSLogs/123456789012/*"],
    ]);
  });

  test("a region without a legacy ELB account grants the service principal only", () => {
    const { resources } = build({ region: "ap-southeast-7" });
    const policy = JSON.parse(String(values(resources, S3BucketPolicy.tfResourceType)[0].policy));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "ElbLogDelivery"]);
  });

  test("one public subnet is refused: an ALB needs two zones", () => {
    expect(() => build({ publicSubnetIds: ["subnet-a"] })).toThrow(/at least two zones/);
  });

  test("passes the guardrails (world ingress on 80/443 of the entry point only)", () => {
    const run = checkTestStack((stack) => new LoadBalancer(stack, "Ingress", props), {
      name: "production",
      capabilities: { ...capabilitiesForPhase(1), ingress: { kind: "load-balancer" } },
    });
    // S3-ACCESS-LOGGED is acknowledged for every environment in config/environments.ts (no log bucket yet).
    const failed = run.stacks[0].failed.filter((f) => f.ruleId !== "S3-ACCESS-LOGGED");
    expect(failed.map((f) => `${f.ruleId}: ${f.problem}`)).toEqual([]);
  });
});
