import { TARGET_GROUP_TYPES } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { booleanArg, isComputed, nestedBlocksArg, stringArg } from "../values";

/**
 * Targets are judged by the application's own health path, so the load balancer stops sending requests to a host
 * whose application is down, and an Auto Scaling group with ELB health checks replaces it.
 */
export const lbTargetGroupHealthCheck: GuardrailRule = {
  id: "LB-TARGET-GROUP-HEALTH-CHECK",
  description:
    "Target groups (other than Lambda) declare a health_check that is not disabled and, for HTTP and HTTPS checks, " +
    "names a path.",
  equivalents: { checkov: ["CKV_AWS_261"] },
  appliesTo: TARGET_GROUP_TYPES,
  check(group) {
    const c = group.config;
    const targetType = stringArg(c.target_type);
    if (targetType.state === "unresolved") return cannotVerify(this.id, "target_type", c.target_type, '"instance"');
    if (targetType.state === "set" && targetType.value === "lambda") return NOT_APPLICABLE;
    const blocks = nestedBlocksArg(c, "health_check");
    if (blocks === "expression") {
      return cannotVerify(this.id, "health_check", c.health_check ?? c.dynamic, "a health_check block");
    }
    const check = blocks[0];
    const fix =
      'declare health_check { enabled = true, path = "<the application\'s health path>", matcher = "200-399" }';
    if (!check) {
      return nonCompliant(
        "the target group declares no health_check, so targets are checked on / with AWS's defaults, whatever the " +
          "application's own health path says",
        fix,
      );
    }
    const enabled = booleanArg(check.enabled);
    if (enabled.state === "unresolved") return cannotVerify(this.id, "health_check.enabled", check.enabled, "true");
    if (enabled.state === "set" && !enabled.value) {
      return nonCompliant("health_check.enabled is false, so unhealthy targets keep receiving requests", fix);
    }
    const protocol = stringArg(check.protocol ?? c.protocol);
    if (protocol.state === "unresolved") {
      return cannotVerify(this.id, "health_check.protocol", check.protocol ?? c.protocol, '"HTTP"');
    }
    const http = protocol.state === "unset" || ["HTTP", "HTTPS"].includes(protocol.value.toUpperCase());
    if (!http) return COMPLIANT;
    if (isComputed(check.path)) return cannotVerify(this.id, "health_check.path", check.path, '"/health"');
    if (stringArg(check.path).state === "unset") {
      return nonCompliant(
        "the HTTP health check names no path, so it asks / instead of the application's health path",
        fix,
      );
    }
    return COMPLIANT;
  },
};
