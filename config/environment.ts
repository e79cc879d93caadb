import { z } from "zod";
import { DEFAULT_REGION, regionSchema, snsTopicArnParts } from "./aws";
import { Capabilities, Phase, capabilitiesSchema, resolveCapabilities } from "./capabilities";
import { DeliveryConfig, deliverySchema } from "./delivery";
import { GuardrailsConfig, guardrailsSchema } from "./guardrails";
import {
  LoadBalancerConfig,
  TransitionConfig,
  certificateRegion,
  loadBalancerSchema,
  transitionSchema,
} from "./ingress";
import { MonitoringConfig, checkMaxConnections, monitoringSchema } from "./monitoring";
import { ENVIRONMENT_NAMES, EnvironmentName, isEnvironmentName } from "./names";
import { NetworkConfig, networkSchema } from "./network";
import {
  DeepReadonly,
  Resolved,
  CheckContext,
  acrossFields,
  failed,
  integer,
  isRecord,
  report,
  section,
  text,
  typeError,
} from "./rules";
import { StateBackendConfig, stateBackendSchema } from "./state-backend";
import {
  ComputeConfig,
  DatabaseConfig,
  DnsConfig,
  RegistryConfig,
  StorageConfig,
  computeSchema,
  databaseSchema,
  dnsSchema,
  registrySchema,
  storageSchema,
} from "./workload";

/** Tags every resource carries; configuration cannot override them. */
export const RESERVED_TAG_KEYS = ["project", "environment", "managed-by"] as const;

const ACCOUNT_ID = /^\d{12}$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Extra tags on every resource: keys and values AWS accepts, none of the {@link RESERVED_TAG_KEYS}. */
export const tagsSchema = acrossFields(
  z.record(
    z.string(),
    text({
      test: (value) => value.length <= 256 && TAG_CHARS.test(value),
      expected: "a tag value of at most 256 letters, digits, spaces and _.:/=+-@",
      fix: "shorten the value or remove the unsupported characters",
    }),
    typeError({ expected: "an object of tag keys and values", fix: 'write tags as { team: "web" }' }),
  ),
  (tags, ctx) => {
    for (const [key, value] of Object.entries(tags)) {
      if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
        report(
          ctx,
          [key],
          value,
          `a key other than ${RESERVED_TAG_KEYS.join(", ")}`,
          "remove it: the project sets these tags itself",
        );
      }
      if (!(key.length >= 1 && key.length <= 128 && TAG_CHARS.test(key) && !key.toLowerCase().startsWith("aws:"))) {
        report(
          ctx,
          [key],
          key,
          "a tag key of 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:",
          "rename the tag key",
        );
      }
    }
  },
);

/** The guardrail that checks, at synth, that production's alarm topic has a subscriber. */
export const ALARM_SUBSCRIBED_RULE = "ALARM-SUBSCRIBED";

/** One environment after validation: every default filled, every derived value computed. */
export interface EnvironmentConfig {
  /** Short lowercase name used in resource names, bucket names and the Parameter Store path. */
  readonly projectName: string;
  /** Environment name; also the first part of every stack name and state key. */
  readonly name: EnvironmentName;
  /** AWS region. */
  readonly region: string;
  /** When set, Terraform refuses to run against any other account (`allowed_account_ids`). */
  readonly allowedAccountId?: string;
  /** What this environment builds, resolved from its phase and overrides. */
  readonly capabilities: Capabilities;
  /** Network layout, with subnets resolved. */
  readonly network: NetworkConfig;
  /** Terraform state location. */
  readonly stateBackend: StateBackendConfig;
  /** CloudWatch alarms, notifications, dashboard and queries. */
  readonly monitoring: Resolved<MonitoringConfig, "preventDestroy">;
  /** The RDS database. */
  readonly database: DatabaseConfig;
  /** The application host or Auto Scaling group. */
  readonly compute: ComputeConfig;
  /** The Application Load Balancer, used with ingress `load-balancer`. */
  readonly loadBalancer: Resolved<LoadBalancerConfig, "accessLogBucketName">;
  /** The in-between state of a switch of compute or ingress (docs/phase2.md). */
  readonly transition: TransitionConfig;
  /** The application bucket. */
  readonly storage: StorageConfig;
  /** The image repository. */
  readonly registry: RegistryConfig;
  /** `undefined` when no domain is configured: the environment is built without DNS. */
  readonly dns?: DnsConfig;
  /** `undefined` when no delivery roles are configured: the delivery stack is empty. */
  readonly delivery?: Resolved<DeliveryConfig, "githubEnvironment">;
  /** Every tag applied through default tags, including `project`, `environment` and `managed-by`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Guardrail acknowledgements for the whole environment. */
  readonly guardrails: GuardrailsConfig;
}

/**
 * One environment. `ruleIds` are the guardrail rule IDs acknowledgements may name (unchecked when absent).
 *
 * Besides each section's own checks, it checks what spans sections: the zones against the region, the
 * capabilities against the phase (config/capabilities.ts), and the database instance class against the
 * connections alarm. It resolves the defaults that depend on the environment: the protections that are on in
 * production, and the state backend's region.
 */
export function environmentSchema(ruleIds?: readonly string[]) {
  const key = ruleIds ?? NO_RULE_IDS;
  // Building the schema costs more than using it; one per list of rule IDs is enough.
  let schema = environmentSchemas.get(key);
  if (schema === undefined) {
    schema = buildEnvironmentSchema(ruleIds);
    environmentSchemas.set(key, schema);
  }
  return schema;
}

const NO_RULE_IDS: readonly string[] = [];
const environmentSchemas = new WeakMap<readonly string[], ReturnType<typeof buildEnvironmentSchema>>();

function buildEnvironmentSchema(ruleIds: readonly string[] | undefined) {
  const fields = section(
    "environment",
    {
      /** Environment name; also the first part of every stack name and state key. */
      name: text({
        test: isEnvironmentName,
        expected: `one of ${ENVIRONMENT_NAMES.join(", ")}`,
        fix: "rename the environment, or add the new name to ENVIRONMENT_NAMES in config/names.ts",
      }),
      /**
       * AWS region.
       * @default "ap-northeast-1"
       */
      region: regionSchema.default(DEFAULT_REGION),
      /**
       * Terraform refuses to run against any other account (`allowed_account_ids`). Required in production and
       * with `delivery` (its roles' ARNs name the account).
       * @default - any account, outside production
       */
      allowedAccountId: text({
        test: (id) => ACCOUNT_ID.test(id),
        expected: "a 12-digit AWS account id",
        fix: "copy the id from `aws sts get-caller-identity`, keeping leading zeros, as a string",
      }).optional(),
      /** Architecture phase, 1-4: a preset of capabilities (config/capabilities.ts). Only the preset reads it. */
      phase: integer(
        1,
        4,
        "set the architecture phase: 1 (EC2 + RDS), 2 (ALB + Auto Scaling), 3 (ECS Fargate), 4 (managed services)",
      ),
      /**
       * Capabilities that differ from the phase's preset, by name (for example a test environment on Phase 2
       * without Multi-AZ).
       * @default - the phase's preset
       */
      capabilities: capabilitiesSchema.optional(),
      /** Network layout. */
      network: networkSchema,
      /** Terraform state location. */
      stateBackend: stateBackendSchema,
      /** CloudWatch alarms, notifications, dashboard and queries. @default - the design's thresholds, no emails */
      monitoring: monitoringSchema().prefault({}),
      /**
       * Extra tags on every resource, through the provider's default tags.
       * `project`, `environment` and `managed-by` are always set and cannot be overridden here.
       * @default {}
       */
      tags: tagsSchema.default({}),
      /**
       * Guardrail acknowledgements for the whole environment (docs/guardrails.md).
       * @default - none
       */
      guardrails: guardrailsSchema(ruleIds),
      /** The RDS database. @default - every field defaulted */
      database: databaseSchema.prefault({}),
      /** The application host or Auto Scaling group. @default - every field defaulted */
      compute: computeSchema.prefault({}),
      /** The load balancer of ingress `load-balancer`. @default - every field defaulted */
      loadBalancer: loadBalancerSchema.prefault({}),
      /**
       * The in-between state of a switch from one compute or ingress kind to the next (docs/phase2.md).
       * @default - no switch in progress
       */
      transition: transitionSchema.prefault({}),
      /** The application bucket. @default - every field defaulted */
      storage: storageSchema.prefault({}),
      /** The image repository. @default - every field defaulted */
      registry: registrySchema.prefault({}),
      /** DNS and health check. @default - no DNS */
      dns: dnsSchema.optional(),
      /** GitHub Actions roles of the environment (docs/delivery.md). @default - no delivery roles */
      delivery: deliverySchema.optional(),
    },
    { fix: "write the environment as an object with name, phase, network and stateBackend" },
  );
  return acrossFields(fields, (env, ctx) => {
    if (env.allowedAccountId === undefined && !failed(ctx, "allowedAccountId")) {
      if (env.name === "production") {
        report(
          ctx,
          ["allowedAccountId"],
          undefined,
          "the production account's 12-digit id",
          "set allowedAccountId so that Terraform refuses to plan or deploy production in any other account",
        );
      } else if (env.delivery !== undefined) {
        report(
          ctx,
          ["allowedAccountId"],
          undefined,
          "the account's 12-digit id, which the delivery roles' ARNs name",
          "set allowedAccountId, or remove delivery",
        );
      }
    }
    const monitoring = isRecord(env.monitoring) ? env.monitoring : {};
    // Production alarms reach a person: an address or an existing topic, unless the operators say in the open who
    // else listens.
    if (env.name === "production" && !failed(ctx, "monitoring")) {
      const emails = monitoring.alarmEmails;
      const topics = monitoring.alarmTopicArns;
      const acknowledgements = isRecord(env.guardrails) ? env.guardrails.acknowledgements : undefined;
      const acknowledged =
        Array.isArray(acknowledgements) &&
        acknowledgements.some((a) => isRecord(a) && a.ruleId === ALARM_SUBSCRIBED_RULE);
      const none = (list: unknown) => !Array.isArray(list) || list.length === 0;
      if (none(emails) && none(topics) && !acknowledged) {
        report(
          ctx,
          ["monitoring", "alarmEmails"],
          emails ?? [],
          "in production, at least one address here or one existing SNS topic in monitoring.alarmTopicArns, so " +
            "that an alarm reaches a person",
          "list the on-call addresses (each confirms the subscription mail), or the ARN of a topic a chat channel " +
            "or an incident tool already subscribes to in monitoring.alarmTopicArns; when a chat integration " +
            `subscribes to this project's topic from outside it, acknowledge ${ALARM_SUBSCRIBED_RULE} in ` +
            "guardrails.acknowledgements with that reason",
        );
      }
    }
    // CloudWatch notifies topics of the alarm's own region only.
    if (typeof env.region === "string" && !failed(ctx, "region") && Array.isArray(monitoring.alarmTopicArns)) {
      monitoring.alarmTopicArns.forEach((arn, i) => {
        if (typeof arn !== "string" || failed(ctx, "monitoring", "alarmTopicArns", i)) return;
        const region = snsTopicArnParts(arn)?.region;
        if (region !== env.region) {
          report(
            ctx,
            ["monitoring", "alarmTopicArns", i],
            arn,
            `a topic in the environment's region ${env.region} (this one is in ${region})`,
            `CloudWatch alarms notify topics of their own region only: use (or create) a topic in ${env.region}`,
          );
        }
      });
    }
    const network = isRecord(env.network) ? env.network : {};
    // An unknown region is reported once, on the region; its zones are not each reported again.
    if (typeof env.region === "string" && !failed(ctx, "region") && Array.isArray(network.availabilityZones)) {
      network.availabilityZones.forEach((az, i) => {
        if (typeof az !== "string" || failed(ctx, "network", "availabilityZones", i)) return;
        if (!new RegExp(`^${env.region}[a-z]$`).test(az)) {
          report(
            ctx,
            ["network", "availabilityZones", i],
            az,
            `a zone of region ${env.region}, such as ${env.region}a`,
            "use zones of the environment's region, or change the region",
          );
        }
      });
    }
    if (!failed(ctx, "phase")) {
      // Overrides that are malformed are reported by their section; the phase is still checked without them.
      const overrides = failed(ctx, "capabilities")
        ? undefined
        : (env.capabilities as z.output<typeof capabilitiesSchema> | undefined);
      const resolved = resolveCapabilities(env.phase as Phase, overrides);
      for (const p of resolved.problems) {
        report(ctx, p.field.split("."), p.value, p.expected, p.fix);
      }
      if (resolved.problems.length === 0 && !failed(ctx, "capabilities"))
        checkCapabilityNeeds(env, resolved.capabilities, ctx);
    }
    const database = env.database as { instanceClass?: unknown } | undefined;
    // A malformed class is the database section's problem; the connections alarm does not report it twice.
    if (typeof database?.instanceClass === "string" && !failed(ctx, "database", "instanceClass")) {
      checkMaxConnections(ctx, ["monitoring"], database.instanceClass, env.monitoring);
    }
  }).transform(({ phase, capabilities: overrides, ...env }) => {
    // The protections default to on in production only; each section documents its field as such.
    const production = env.name === "production";
    const { database, compute, storage, dns, registry, network, monitoring, loadBalancer, transition } = env;
    const capabilities = resolveCapabilities(phase as Phase, overrides).capabilities;
    return {
      ...env,
      name: env.name as EnvironmentName,
      capabilities,
      loadBalancer: {
        ...loadBalancer,
        enableDeletionProtection: loadBalancer.enableDeletionProtection ?? production,
      },
      transition: {
        keepInstance: transition.keepInstance,
        keepAddress: transition.keepAddress,
        recordTarget:
          transition.recordTarget ?? (capabilities.ingress.kind === "load-balancer" ? "load-balancer" : "host"),
      } satisfies TransitionConfig,
      stateBackend: { ...env.stateBackend, region: env.stateBackend.region ?? env.region },
      network: {
        ...network,
        preventFlowLogDestroy: network.preventFlowLogDestroy ?? production,
        preventNatAddressDestroy: network.preventNatAddressDestroy ?? production,
      },
      monitoring: { ...monitoring, preventDestroy: monitoring.preventDestroy ?? production },
      database: {
        ...database,
        enableDeletionProtection: database.enableDeletionProtection ?? production,
        enableFinalSnapshot: database.enableFinalSnapshot ?? production,
        preventDestroy: database.preventDestroy ?? production,
      },
      compute: {
        ...compute,
        enableTerminationProtection: compute.enableTerminationProtection ?? production,
        preventDestroy: compute.preventDestroy ?? production,
      },
      registry: { ...registry, preventDestroy: registry.preventDestroy ?? production },
      storage: { ...storage, preventDestroy: storage.preventDestroy ?? production },
      dns: dns && { ...dns, preventDestroy: dns.preventDestroy ?? production },
      delivery: env.delivery && { ...env.delivery, githubEnvironment: env.delivery.githubEnvironment ?? env.name },
    };
  });
}

/**
 * What one capability needs from another or from another section (docs/growth.md, section 1): private hosts need
 * the load balancer and a way to reach AWS, HTTPS needs a certificate, and a switch in progress needs both sides.
 */
function checkCapabilityNeeds(env: Record<string, unknown>, capabilities: Capabilities, ctx: CheckContext): void {
  const section = (name: string) => (isRecord(env[name]) ? (env[name] as Record<string, unknown>) : {});
  const { compute, ingress, vpcEndpoints } = capabilities;
  const dns = section("dns");
  const loadBalancer = section("loadBalancer");
  const network = section("network");
  const transition = section("transition");
  if (compute.kind === "auto-scaling-group" && ingress.kind !== "load-balancer") {
    report(
      ctx,
      ["capabilities", "ingress"],
      ingress.kind,
      "load-balancer with compute auto-scaling-group",
      "the group's hosts run in private subnets, reached only through the load balancer: set capabilities.ingress " +
        "to load-balancer (or use phase: 2)",
    );
  }
  if (compute.kind === "instance" && ingress.kind === "load-balancer") {
    report(
      ctx,
      ["capabilities", "compute"],
      compute.kind,
      "auto-scaling-group with ingress load-balancer",
      "the load balancer sends requests to an Auto Scaling group: set capabilities.compute to auto-scaling-group, " +
        "and transition.keepInstance: true to keep the instance beside it during the switch",
    );
  }
  if (ingress.kind === "load-balancer" && dns.domainName === undefined && loadBalancer.certificateArn === undefined) {
    report(
      ctx,
      ["dns", "domainName"],
      undefined,
      "a domain (or loadBalancer.certificateArn) with ingress load-balancer",
      "the load balancer serves HTTPS only: set dns.domainName, whose hosted zone validates its certificate, or " +
        "give an ACM certificate of the region in loadBalancer.certificateArn",
    );
  }
  const certificateArn = loadBalancer.certificateArn;
  if (typeof certificateArn === "string" && !failed(ctx, "loadBalancer", "certificateArn")) {
    const region = certificateRegion(certificateArn);
    if (typeof env.region === "string" && region !== env.region) {
      report(
        ctx,
        ["loadBalancer", "certificateArn"],
        certificateArn,
        `a certificate in the environment's region, ${env.region}`,
        "a load balancer can only use certificates of its own region: request or import one there",
      );
    }
  }
  if (compute.kind === "auto-scaling-group" && vpcEndpoints.kind === "none" && network.enableNatGateway !== true) {
    report(
      ctx,
      ["capabilities", "vpcEndpoints"],
      vpcEndpoints.kind,
      "hosts (or network.enableNatGateway: true) with compute auto-scaling-group",
      "hosts in private subnets have no route to the internet: set capabilities.vpcEndpoints to hosts, so that " +
        "they reach ECR, Parameter Store, Session Manager and CloudWatch, or turn on network.enableNatGateway",
    );
  }
  if (transition.keepInstance === true && compute.kind !== "auto-scaling-group") {
    report(
      ctx,
      ["transition", "keepInstance"],
      true,
      "keepInstance only while compute is auto-scaling-group",
      `with compute ${compute.kind} the instance is the compute itself: remove transition.keepInstance`,
    );
  }
  if (transition.keepAddress === true && compute.kind !== "auto-scaling-group") {
    report(
      ctx,
      ["transition", "keepAddress"],
      true,
      "keepAddress only while compute is auto-scaling-group",
      `with compute ${compute.kind} the instance holds its address itself: remove transition.keepAddress`,
    );
  }
  const hasInstance = compute.kind === "instance" || transition.keepInstance === true;
  if (transition.recordTarget === "host" && !hasInstance) {
    report(
      ctx,
      ["transition", "recordTarget"],
      "host",
      "an instance to point at: compute instance, or transition.keepInstance: true",
      "keep the instance with transition.keepInstance: true until the record has moved, or remove recordTarget",
    );
  }
  if (transition.recordTarget === "load-balancer" && ingress.kind !== "load-balancer") {
    report(
      ctx,
      ["transition", "recordTarget"],
      "load-balancer",
      "ingress load-balancer",
      "set capabilities.ingress to load-balancer first, or remove recordTarget",
    );
  }
}

/** One environment, as written in configuration. */
export type EnvironmentInput = DeepReadonly<z.input<ReturnType<typeof environmentSchema>>>;
