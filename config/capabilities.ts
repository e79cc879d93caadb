import { z } from "zod";
import { DeepReadonly, flag, integer, oneOf, section } from "./rules";

/**
 * What an environment builds, named by capability. A phase is only a preset of these (design: docs/growth.md,
 * section 1); this file is the one place that reads `phase`. Everything else switches on the resolved
 * capabilities' `kind`, so the type checker asks for every branch when a new kind arrives.
 */

/** The architecture phase an environment runs: a preset of {@link Capabilities}. */
export type Phase = 1 | 2 | 3 | 4;

/** The phases this version can build. */
export const AVAILABLE_PHASES: readonly Phase[] = [1, 2];

/** Where the application runs. */
export type ComputeCapability =
  /** One EC2 instance in a public subnet with an Elastic IP (Phase 1). */
  | { readonly kind: "instance" }
  /** An Auto Scaling group in the private subnets (Phase 2). */
  | { readonly kind: "auto-scaling-group" }
  /** An ECS Fargate service in the private subnets (Phase 3). */
  | { readonly kind: "ecs-fargate" };

/** What the internet reaches first. */
export type IngressCapability =
  /** The application host itself, on ports 80 (and 443 when it terminates TLS). */
  | { readonly kind: "host" }
  /** An Application Load Balancer in the public subnets, HTTPS. */
  | { readonly kind: "load-balancer" };

/** VPC endpoints that replace a NAT gateway for private hosts or tasks. */
export type VpcEndpointsCapability =
  /** No endpoints: the Phase 1 host reaches AWS through the Internet Gateway. */
  | { readonly kind: "none" }
  /** S3 gateway and the interface endpoints a private EC2 host needs (SSM, ECR, Logs, CloudWatch, ...). */
  | { readonly kind: "hosts" }
  /** S3 gateway and the interface endpoints Fargate tasks need (ECR, Logs, Secrets Manager / SSM). */
  | { readonly kind: "tasks" };

/** The database engine and its redundancy. */
export type DatabaseCapability =
  /** RDS for PostgreSQL. */
  | {
      readonly kind: "rds-postgresql";
      /** A synchronous standby in a second zone with automatic failover. */
      readonly multiAz: boolean;
      /** Number of read replicas. */
      readonly readReplicas: number;
    }
  /** Aurora PostgreSQL Serverless v2 (Phase 4). */
  | { readonly kind: "aurora-postgresql-serverless-v2" };

/** How the front end is served. */
export type FrontEndCapability =
  /** By the application itself. */
  | { readonly kind: "app" }
  /** Statically generated, from an S3 bucket behind CloudFront (Origin Access Control). */
  | { readonly kind: "cloudfront" };

/** Where users sign in. */
export type UserPoolCapability =
  /** The application's own accounts. */
  | { readonly kind: "none" }
  /** An Amazon Cognito user pool (OAuth 2.0). */
  | { readonly kind: "cognito" };

/** Every capability of one environment, resolved from its phase and its overrides. */
export interface Capabilities {
  /** Where the application runs. */
  readonly compute: ComputeCapability;
  /** What the internet reaches first. */
  readonly ingress: IngressCapability;
  /** VPC endpoints that replace a NAT gateway. */
  readonly vpcEndpoints: VpcEndpointsCapability;
  /** The database engine and its redundancy. */
  readonly database: DatabaseCapability;
  /** How the front end is served. */
  readonly frontEnd: FrontEndCapability;
  /** Where users sign in. */
  readonly userPool: UserPoolCapability;
}

/** The name of a capability, as written under `capabilities` in configuration. */
export type CapabilityName = keyof Capabilities;

/** The capability names in the order tables print them. */
export const CAPABILITY_NAMES: readonly CapabilityName[] = [
  "compute",
  "ingress",
  "vpcEndpoints",
  "database",
  "frontEnd",
  "userPool",
];

/** The kinds of each capability, as written in configuration. */
export const CAPABILITY_KINDS = {
  compute: ["instance", "auto-scaling-group", "ecs-fargate"],
  ingress: ["host", "load-balancer"],
  vpcEndpoints: ["none", "hosts", "tasks"],
  database: ["rds-postgresql", "aurora-postgresql-serverless-v2"],
  frontEnd: ["app", "cloudfront"],
  userPool: ["none", "cognito"],
} as const satisfies { readonly [N in CapabilityName]: readonly Capabilities[N]["kind"][] };

/** The kinds (and database settings) this version builds; anything else is refused at validation. */
export const AVAILABLE_CAPABILITIES = {
  compute: ["instance", "auto-scaling-group"],
  ingress: ["host", "load-balancer"],
  vpcEndpoints: ["none", "hosts"],
  database: ["rds-postgresql"],
  frontEnd: ["app"],
  userPool: ["none"],
} as const satisfies { readonly [N in CapabilityName]: readonly Capabilities[N]["kind"][] };

/** What each phase turns on (docs/growth.md, section 1). */
export function capabilitiesForPhase(phase: Phase): Capabilities {
  switch (phase) {
    case 1:
      return {
        compute: { kind: "instance" },
        ingress: { kind: "host" },
        vpcEndpoints: { kind: "none" },
        database: { kind: "rds-postgresql", multiAz: false, readReplicas: 0 },
        frontEnd: { kind: "app" },
        userPool: { kind: "none" },
      };
    case 2:
      return {
        compute: { kind: "auto-scaling-group" },
        ingress: { kind: "load-balancer" },
        vpcEndpoints: { kind: "hosts" },
        database: { kind: "rds-postgresql", multiAz: true, readReplicas: 1 },
        frontEnd: { kind: "app" },
        userPool: { kind: "none" },
      };
    case 3:
      return { ...capabilitiesForPhase(2), compute: { kind: "ecs-fargate" }, vpcEndpoints: { kind: "tasks" } };
    case 4:
      return {
        ...capabilitiesForPhase(3),
        database: { kind: "aurora-postgresql-serverless-v2" },
        frontEnd: { kind: "cloudfront" },
        userPool: { kind: "cognito" },
      };
  }
}

/** One line per capability, `name: kind (details)`, for the synth summary and the guardrail report. */
export function describeCapabilities(capabilities: Capabilities): { name: CapabilityName; value: string }[] {
  return CAPABILITY_NAMES.map((name) => ({ name, value: describeCapability(capabilities[name]) }));
}

function describeCapability(capability: Capabilities[CapabilityName]): string {
  if (capability.kind === "rds-postgresql") {
    const replicas = capability.readReplicas === 1 ? "1 read replica" : `${capability.readReplicas} read replicas`;
    return `${capability.kind} (${capability.multiAz ? "Multi-AZ" : "single-AZ"}, ${replicas})`;
  }
  return capability.kind;
}

const kind = <N extends CapabilityName>(name: N) =>
  oneOf(
    CAPABILITY_KINDS[name],
    `a ${name} kind this version builds (${AVAILABLE_CAPABILITIES[name].join(", ")})`,
    `use one of ${CAPABILITY_KINDS[name].join(", ")}; this version builds ${AVAILABLE_CAPABILITIES[name].join(", ")}`,
  ).optional();

/**
 * Capability overrides of one environment. Each replaces its phase's preset; settings of a capability that is off
 * are validated all the same, so that they can be staged before the switch.
 */
export const capabilitiesSchema = section(
  "capabilities section",
  {
    /**
     * Where the application runs.
     * @default - the phase's: "instance" in Phase 1, "auto-scaling-group" in Phase 2
     */
    compute: kind("compute"),
    /**
     * What the internet reaches first.
     * @default - the phase's: "host" in Phase 1, "load-balancer" in Phase 2
     */
    ingress: kind("ingress"),
    /**
     * VPC endpoints instead of a NAT gateway.
     * @default - the phase's: "none" in Phase 1, "hosts" in Phase 2
     */
    vpcEndpoints: kind("vpcEndpoints"),
    /**
     * Database engine and redundancy; each field replaces the phase's.
     * @default - the phase's: RDS for PostgreSQL, single-AZ, no replica in Phase 1
     */
    database: section(
      "capabilities.database section",
      {
        /**
         * Engine.
         * @default - the phase's: "rds-postgresql" until Phase 4
         */
        kind: kind("database"),
        /**
         * Run a standby in a second availability zone with automatic failover. Doubles the instance and storage cost
         * (db.t4g.micro: about USD 18 a month more in ap-northeast-1).
         * @default - the phase's: false in Phase 1, true from Phase 2
         */
        multiAz: flag().optional(),
        /**
         * Number of read replicas (RDS for PostgreSQL only).
         * @default - the phase's: 0 in Phase 1, 1 from Phase 2
         */
        readReplicas: integer(
          0,
          5,
          "RDS for PostgreSQL allows up to 5 read replicas here; 0 turns them off",
        ).optional(),
      },
      { fix: "write capabilities.database as { kind, multiAz, readReplicas }, each optional" },
    ).optional(),
    /**
     * How the front end is served.
     * @default - the phase's: "app" until Phase 4
     */
    frontEnd: kind("frontEnd"),
    /**
     * Where users sign in.
     * @default - the phase's: "none" until Phase 4
     */
    userPool: kind("userPool"),
  },
  { fix: "write capabilities as an object of the capabilities to override, by name" },
);

/** Capability overrides of one environment, as written in configuration. */
export type CapabilitiesInput = DeepReadonly<z.input<typeof capabilitiesSchema>>;

/** The database capability, as written in configuration. */
export type DatabaseCapabilityInput = NonNullable<CapabilitiesInput["database"]>;

/** A capability problem: the field path relative to the environment, the value, what is expected, the fix. */
export interface CapabilityProblem {
  /** Dotted path of the field relative to the environment, for example `capabilities.compute`. */
  readonly field: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected. */
  readonly expected: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Resolves an environment's capabilities: the phase's preset, then each override by name. Returns the problems
 * instead of the capabilities when the phase or an override asks for something this version does not build.
 *
 * A phase this version does not build is one problem, on `phase`; its preset's capabilities are not reported
 * one by one. Overrides are checked against what is available whatever the phase.
 */
export function resolveCapabilities(
  phase: Phase,
  input: CapabilitiesInput | undefined,
): { capabilities: Capabilities; problems: CapabilityProblem[] } {
  const problems: CapabilityProblem[] = [];
  const available = describeAvailable();
  if (!AVAILABLE_PHASES.includes(phase)) {
    problems.push({
      field: "phase",
      value: phase,
      expected: `a phase this version builds (${AVAILABLE_PHASES.join(", ")})`,
      fix:
        `Phase ${phase} is not available in this version; set phase: ${AVAILABLE_PHASES.join(" or ")}. ` +
        `This version builds ${available}`,
    });
  }
  const preset = capabilitiesForPhase(phase);
  const overrides = input ?? {};
  const kindOf = <N extends CapabilityName>(name: N, kind: string | undefined): string => {
    if (kind === undefined) return preset[name].kind;
    const availableKinds: readonly string[] = AVAILABLE_CAPABILITIES[name];
    if (!availableKinds.includes(kind)) {
      const known = (CAPABILITY_KINDS[name] as readonly string[]).includes(kind);
      problems.push({
        field: name === "database" ? "capabilities.database.kind" : `capabilities.${name}`,
        value: kind,
        expected: `a ${name} kind this version builds (${availableKinds.join(", ")})`,
        fix: known
          ? `${kind} is not available in this version; use ${availableKinds.join(" or ")}, or remove the override`
          : `use one of ${CAPABILITY_KINDS[name].join(", ")}; this version builds ${availableKinds.join(", ")}`,
      });
    }
    return kind;
  };
  const databaseInput = overrides.database ?? {};
  const databaseKind = kindOf("database", databaseInput.kind);
  const presetDatabase = preset.database.kind === "rds-postgresql" ? preset.database : undefined;
  const readReplicas = databaseInput.readReplicas ?? presetDatabase?.readReplicas ?? 0;
  const capabilities = {
    compute: { kind: kindOf("compute", overrides.compute) },
    ingress: { kind: kindOf("ingress", overrides.ingress) },
    vpcEndpoints: { kind: kindOf("vpcEndpoints", overrides.vpcEndpoints) },
    database:
      databaseKind === "rds-postgresql"
        ? { kind: databaseKind, multiAz: databaseInput.multiAz ?? presetDatabase?.multiAz ?? false, readReplicas }
        : { kind: databaseKind },
    frontEnd: { kind: kindOf("frontEnd", overrides.frontEnd) },
    userPool: { kind: kindOf("userPool", overrides.userPool) },
  } as Capabilities;
  return { capabilities, problems };
}

function describeAvailable(): string {
  return CAPABILITY_NAMES.map((name) => `${name} ${AVAILABLE_CAPABILITIES[name].join("/")}`).join(", ");
}
