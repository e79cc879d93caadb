import { Alb } from "@cdktf/provider-aws/lib/alb";
import { AlbListener } from "@cdktf/provider-aws/lib/alb-listener";
import { Lb, LbConfig } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerConfig } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup, LbTargetGroupConfig } from "@cdktf/provider-aws/lib/lb-target-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformStack } from "cdktf";
import { capabilitiesForPhase } from "../../../config";
import { LoadBalancer, LoadBalancerProps } from "../../../modules/load-balancer";
import { RuleCase } from "../../support/guardrails";

const PHASE_2 = { capabilities: capabilitiesForPhase(2) };
const PRODUCTION = { name: "production", capabilities: capabilitiesForPhase(2) };

/** The project's own load balancer module, as Phase 2 configures it. */
function loadBalancerModule(stack: TerraformStack, change: Partial<LoadBalancerProps> = {}): LoadBalancer {
  return new LoadBalancer(stack, "Ingress", {
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
    ...change,
  });
}

/** A load balancer that meets every rule (its listeners aside); cases change one setting. */
function alb(stack: TerraformStack, change: Partial<LbConfig> = {}): Lb {
  return new Lb(stack, "Alb", {
    name: "webapp-test",
    loadBalancerType: "application",
    internal: false,
    subnets: ["subnet-a", "subnet-c"],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "defensive",
    enableDeletionProtection: true,
    accessLogs: { bucket: "webapp-test-alb-logs", enabled: true },
    ...change,
  });
}

function httpsListener(stack: TerraformStack, lb: Lb, change: Partial<LbListenerConfig> = {}): LbListener {
  return new LbListener(stack, "Https", {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
    defaultAction: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg" }],
    ...change,
  });
}

const REDIRECT = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };

function httpListener(stack: TerraformStack, lb: Lb, change: Partial<LbListenerConfig> = {}): LbListener {
  return new LbListener(stack, "Http", {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [REDIRECT],
    ...change,
  });
}

function targetGroup(stack: TerraformStack, change: Partial<LbTargetGroupConfig> = {}): LbTargetGroup {
  return new LbTargetGroup(stack, "App", {
    name: "webapp-test-app",
    port: 80,
    protocol: "HTTP",
    vpcId: "vpc-1",
    targetType: "instance",
    healthCheck: { enabled: true, path: "/health", matcher: "200-399" },
    ...change,
  });
}

export const LOAD_BALANCER_CASES: readonly RuleCase[] = [
  // LB-DROP-INVALID-HEADERS
  {
    ruleId: "LB-DROP-INVALID-HEADERS",
    name: "the load balancer module",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-DROP-INVALID-HEADERS",
    name: "drop_invalid_header_fields left at the default",
    expect: "non-compliant",
    message: /header fields with invalid names reach the application.*drop_invalid_header_fields = true/,
    build: (s) => alb(s, { dropInvalidHeaderFields: undefined }),
  },
  {
    ruleId: "LB-DROP-INVALID-HEADERS",
    name: "bypass attempt: the older aws_alb resource type",
    expect: "non-compliant",
    message: /header fields with invalid names/,
    build: (s) => new Alb(s, "Alb", { subnets: ["subnet-a", "subnet-c"], dropInvalidHeaderFields: false }),
  },
  {
    ruleId: "LB-DROP-INVALID-HEADERS",
    name: "a Network Load Balancer (no HTTP headers)",
    expect: "not-applicable",
    build: (s) => alb(s, { loadBalancerType: "network", dropInvalidHeaderFields: undefined }),
  },
  // LB-DESYNC-MITIGATION
  {
    ruleId: "LB-DESYNC-MITIGATION",
    name: "defensive",
    expect: "compliant",
    build: (s) => alb(s),
  },
  {
    ruleId: "LB-DESYNC-MITIGATION",
    name: "strictest",
    expect: "compliant",
    build: (s) => alb(s, { desyncMitigationMode: "strictest" }),
  },
  {
    ruleId: "LB-DESYNC-MITIGATION",
    name: "left unset (the provider's default is defensive)",
    expect: "compliant",
    build: (s) => alb(s, { desyncMitigationMode: undefined }),
  },
  {
    ruleId: "LB-DESYNC-MITIGATION",
    name: "monitor only",
    expect: "non-compliant",
    message: /desync_mitigation_mode is "monitor"/,
    build: (s) => alb(s, { desyncMitigationMode: "monitor" }),
  },
  // LB-DELETION-PROTECTION
  {
    ruleId: "LB-DELETION-PROTECTION",
    name: "the module's production load balancer",
    expect: "compliant",
    environment: PRODUCTION,
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-DELETION-PROTECTION",
    name: "an unprotected development load balancer",
    expect: "not-applicable",
    environment: PHASE_2,
    build: (s) => alb(s, { enableDeletionProtection: false }),
  },
  {
    ruleId: "LB-DELETION-PROTECTION",
    name: "the module with deletion protection turned off in production",
    expect: "non-compliant",
    environment: PRODUCTION,
    message: /production load balancer can be deleted/,
    build: (s) => loadBalancerModule(s, { enableDeletionProtection: false }),
  },
  // LB-ACCESS-LOGS
  {
    ruleId: "LB-ACCESS-LOGS",
    name: "the module with its access-log bucket",
    expect: "compliant",
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-ACCESS-LOGS",
    name: "the module without access logs (its default)",
    expect: "non-compliant",
    message: /writes no access logs \(no access_logs block\).*LoadBalancerProps\.accessLogs/,
    build: (s) => loadBalancerModule(s, { accessLogs: undefined }),
  },
  {
    ruleId: "LB-ACCESS-LOGS",
    name: "an access_logs block with enabled left unset (the default is false)",
    expect: "non-compliant",
    message: /access_logs\.enabled is not true/,
    build: (s) => alb(s, { accessLogs: { bucket: "webapp-test-alb-logs" } }),
  },
  {
    ruleId: "LB-ACCESS-LOGS",
    name: "bypass attempt: the bucket is a reference to something that is not a bucket",
    expect: "non-compliant",
    message: /cannot verify access_logs\.bucket/,
    build: (s) => {
      const name = new SsmParameter(s, "BucketName", { name: "/webapp/test/logs", type: "String", value: "x" });
      alb(s, { accessLogs: { bucket: name.value, enabled: true } });
    },
  },
  // LB-INTERNET-FACING-HTTPS
  {
    ruleId: "LB-INTERNET-FACING-HTTPS",
    name: "the module (HTTPS listener and HTTP redirect)",
    expect: "compliant",
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-INTERNET-FACING-HTTPS",
    name: "an internal load balancer with an HTTP listener",
    expect: "not-applicable",
    build: (s) => {
      const lb = alb(s, { internal: true });
      httpListener(s, lb, { defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }] });
    },
  },
  {
    ruleId: "LB-INTERNET-FACING-HTTPS",
    name: "an internet-facing load balancer with only an HTTP redirect",
    expect: "non-compliant",
    message: /internet-facing and none of its listeners \(aws_lb_listener\.Http\) is HTTPS/,
    build: (s) => httpListener(s, alb(s)),
  },
  {
    ruleId: "LB-INTERNET-FACING-HTTPS",
    name: "bypass attempt: internal left unset (AWS makes it internet-facing) and the HTTPS listener in another stack",
    expect: "non-compliant",
    message: /internet-facing and has no listener in this stack/,
    build: (s) => alb(s, { internal: undefined }),
  },
  // LB-LISTENER-HTTPS
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "the module's HTTPS listener and HTTP redirect",
    expect: "compliant",
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "a Network Load Balancer's TCP listener",
    expect: "not-applicable",
    build: (s) =>
      new LbListener(s, "Tcp", {
        loadBalancerArn: alb(s, { loadBalancerType: "network" }).arn,
        port: 5432,
        protocol: "TCP",
        defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "an HTTP listener that forwards",
    expect: "non-compliant",
    message: /default_action\[0\] of the HTTP listener is "forward", so it answers over plain HTTP/,
    build: (s) => httpListener(s, alb(s), { defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "an HTTP listener without a protocol (AWS makes it HTTP) that answers with a fixed response",
    expect: "non-compliant",
    message: /"fixed-response"/,
    build: (s) =>
      httpListener(s, alb(s), {
        protocol: undefined,
        defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }],
      }),
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "a redirect that keeps the protocol",
    expect: "non-compliant",
    message: /redirects to HTTP, not to HTTPS/,
    build: (s) =>
      httpListener(s, alb(s), {
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_301" } }],
      }),
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "bypass attempt: the HTTP listener redirects by default, but a listener rule forwards",
    expect: "non-compliant",
    message: /aws_lb_listener_rule\.Api action\[0\] of the HTTP listener is "forward"/,
    build: (s) => {
      const http = httpListener(s, alb(s));
      new LbListenerRule(s, "Api", {
        listenerArn: http.arn,
        priority: 10,
        condition: [{ pathPattern: { values: ["/api/*"] } }],
        action: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
    },
  },
  {
    ruleId: "LB-LISTENER-HTTPS",
    name: "bypass attempt: an aws_alb_listener that forwards HTTP",
    expect: "non-compliant",
    message: /"forward"/,
    build: (s) =>
      new AlbListener(s, "Http", {
        loadBalancerArn: alb(s).arn,
        port: 80,
        defaultAction: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
  },
  // LB-LISTENER-TLS-POLICY
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "the module's default policy (TLS 1.3 and 1.2, post-quantum)",
    expect: "compliant",
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "a TLS 1.3-only policy",
    expect: "compliant",
    build: (s) => httpsListener(s, alb(s), { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }),
  },
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "an HTTP listener",
    expect: "not-applicable",
    build: (s) => httpListener(s, alb(s)),
  },
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "ssl_policy left unset (AWS applies ELBSecurityPolicy-2016-08)",
    expect: "non-compliant",
    message: /ELBSecurityPolicy-2016-08, which accepts TLS 1\.0/,
    build: (s) => httpsListener(s, alb(s), { sslPolicy: undefined }),
  },
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "a policy that still accepts TLS 1.1",
    expect: "non-compliant",
    message: /ELBSecurityPolicy-TLS13-1-1-2021-06, which is not a current TLS 1\.3 policy/,
    build: (s) => httpsListener(s, alb(s), { sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" }),
  },
  {
    ruleId: "LB-LISTENER-TLS-POLICY",
    name: "the module given an old policy",
    expect: "non-compliant",
    message: /ELBSecurityPolicy-TLS-1-2-2017-01/,
    build: (s) => loadBalancerModule(s, { tlsPolicy: "ELBSecurityPolicy-TLS-1-2-2017-01" }),
  },
  // LB-TARGET-GROUP-HEALTH-CHECK
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "the module's target group (the application's health path)",
    expect: "compliant",
    build: (s) => loadBalancerModule(s),
  },
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "a TCP health check without a path",
    expect: "compliant",
    build: (s) => targetGroup(s, { protocol: "TCP", healthCheck: { enabled: true, protocol: "TCP" } }),
  },
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "a Lambda target group",
    expect: "not-applicable",
    build: (s) =>
      targetGroup(s, {
        targetType: "lambda",
        port: undefined,
        protocol: undefined,
        vpcId: undefined,
        healthCheck: undefined,
      }),
  },
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "no health_check block",
    expect: "non-compliant",
    message: /declares no health_check, so targets are checked on \//,
    build: (s) => targetGroup(s, { healthCheck: undefined }),
  },
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "a health check switched off",
    expect: "non-compliant",
    message: /health_check\.enabled is false/,
    build: (s) => targetGroup(s, { healthCheck: { enabled: false, path: "/health" } }),
  },
  {
    ruleId: "LB-TARGET-GROUP-HEALTH-CHECK",
    name: "bypass attempt: a health_check block without a path",
    expect: "non-compliant",
    message: /names no path/,
    build: (s) => targetGroup(s, { healthCheck: { enabled: true, matcher: "200" } }),
  },
];
