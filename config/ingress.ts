import { z } from "zod";
import { s3BucketNameProblem } from "./aws";
import { DeepReadonly, Resolved, flag, integer, oneOf, retentionDays, section, text } from "./rules";

/** TLS policies of the HTTPS listener: TLS 1.3 and 1.2 only (docs/growth.md, section 4). */
export const LOAD_BALANCER_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
] as const;

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):certificate\/[0-9a-f-]{36}$/;

/** The region part of an ACM certificate ARN, or `undefined` when `arn` is not one. */
export function certificateRegion(arn: string): string | undefined {
  return CERTIFICATE_ARN.exec(arn)?.[1];
}

/** The Application Load Balancer of ingress `load-balancer` (A1). Settings are validated even while it is off. */
export const loadBalancerSchema = section(
  "loadBalancer section",
  {
    /**
     * An ACM certificate of the environment's region to serve instead of one validated in the hosted zone (for
     * example when the zone lives in another account).
     * @default - a certificate for dns.recordName, validated in the environment's hosted zone
     */
    certificateArn: text({
      test: (arn) => CERTIFICATE_ARN.test(arn),
      expected: "an ACM certificate ARN such as arn:aws:acm:ap-northeast-1:123456789012:certificate/<uuid>",
      fix: "copy the ARN from `aws acm list-certificates --region <the environment's region>`",
    }).optional(),
    /**
     * TLS policy of the HTTPS listener.
     * @default "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
     */
    tlsPolicy: oneOf(
      LOAD_BALANCER_TLS_POLICIES,
      `one of ${LOAD_BALANCER_TLS_POLICIES.join(", ")}`,
      "use a TLS 1.3/1.2 policy; ELBSecurityPolicy-2016-08, the API's default, still allows TLS 1.0",
    ).default(LOAD_BALANCER_TLS_POLICIES[0]),
    /**
     * Seconds an idle connection stays open.
     * @default 60
     */
    idleTimeoutSec: integer(1, 4000, "the load balancer accepts 1-4000 seconds").default(60),
    /**
     * Seconds a deregistering host keeps serving its open requests; short, so that scale-in and deploys are quick.
     * @default 30
     */
    deregistrationDelaySec: integer(0, 3600, "use 0-3600 seconds, for example 30").default(30),
    /**
     * Days the access logs are kept in their bucket.
     * @default 90
     */
    accessLogRetentionDays: retentionDays().default(90),
    /**
     * Globally unique name of the access-log bucket (SSE-S3: the load balancer cannot write with SSE-KMS).
     * @default "<project>-<environment>-alb-logs"
     */
    accessLogBucketName: text({
      test: (name) => s3BucketNameProblem(name) === undefined,
      expected: "a valid S3 bucket name",
      detail: s3BucketNameProblem,
      fix: "use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    }).optional(),
    /**
     * Refuse deletion of the load balancer through the API.
     * @default - true in production, false elsewhere
     */
    enableDeletionProtection: flag().optional(),
  },
  { fix: "write loadBalancer as an object of the fields to change, or remove it to use the defaults" },
);

/** The load balancer's settings, as written in configuration. */
export type LoadBalancerInput = DeepReadonly<z.input<typeof loadBalancerSchema>>;

/** The load balancer's settings after validation, with the production default resolved. */
export type LoadBalancerConfig = DeepReadonly<
  Resolved<z.output<typeof loadBalancerSchema>, "enableDeletionProtection">
>;

/**
 * The in-between states of a switch from one compute or ingress kind to the next (docs/phase2.md): expand, then
 * contract, each step a configuration change whose plan is previewed.
 */
export const transitionSchema = section(
  "transition section",
  {
    /**
     * Keep the single instance (compute `instance`) running beside the Auto Scaling group, as the entry point
     * until the record moves and as the rollback target after. Remove it to retire the instance.
     * @default false
     */
    keepInstance: flag().default(false),
    /**
     * Keep the retired instance's Elastic IP, unattached (USD 3.60 a month), while callers that allow-list it move
     * on, or for a rollback to the instance with the same address. Remove it to release the address.
     * @default false
     */
    keepAddress: flag().default(false),
    /**
     * What the public record points at: `host` keeps it on the kept instance while the load balancer is proven.
     * @default - what `capabilities.ingress` says the internet reaches first
     */
    recordTarget: oneOf(
      ["host", "load-balancer"],
      '"host" or "load-balancer"',
      'use "host" to keep the record on the instance during the switch; remove it to follow capabilities.ingress',
    ).optional(),
  },
  { fix: "write transition as { keepInstance, keepAddress, recordTarget }, or remove it once the switch is done" },
);

/** A switch in progress, as written in configuration. */
export type TransitionInput = DeepReadonly<z.input<typeof transitionSchema>>;

/** A switch in progress after validation: the record's target resolved. */
export interface TransitionConfig {
  /** The single instance runs beside the Auto Scaling group. */
  readonly keepInstance: boolean;
  /** The retired instance's Elastic IP is kept, unattached. */
  readonly keepAddress: boolean;
  /** What the public record points at. */
  readonly recordTarget: "host" | "load-balancer";
}
