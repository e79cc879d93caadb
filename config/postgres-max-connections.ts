const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/**
 * Memory of the DB instance classes this project may pick, in GiB, as listed in "Hardware specifications for DB
 * instance classes" of the RDS User Guide.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
export const DB_INSTANCE_CLASS_MEMORY_GIB: Readonly<Record<string, number>> = {
  // Burstable, Graviton2 and Intel.
  "db.t4g.micro": 1,
  "db.t4g.small": 2,
  "db.t4g.medium": 4,
  "db.t4g.large": 8,
  "db.t4g.xlarge": 16,
  "db.t4g.2xlarge": 32,
  "db.t3.micro": 1,
  "db.t3.small": 2,
  "db.t3.medium": 4,
  "db.t3.large": 8,
  "db.t3.xlarge": 16,
  "db.t3.2xlarge": 32,
  // General purpose, Graviton2 and Graviton3: 4 GiB per vCPU.
  ...sizes("db.m6g", 8),
  ...sizes("db.m7g", 8),
  // Memory optimized, Graviton2 and Graviton3: 8 GiB per vCPU.
  ...sizes("db.r6g", 16),
  ...sizes("db.r7g", 16),
};

/** Bytes of `DBInstanceClassMemory` per connection in RDS for PostgreSQL's default `max_connections` formula. */
export const POSTGRES_BYTES_PER_CONNECTION = 9_531_392;

/** The cap in that formula: `LEAST({DBInstanceClassMemory/9531392}, 5000)`. */
export const POSTGRES_MAX_CONNECTIONS_CAP = 5_000;

/**
 * Fixed part of the memory this project assumes RDS keeps for the operating system and its own agents.
 *
 * RDS documents that `DBInstanceClassMemory` is the class memory minus that reservation, but not how large the
 * reservation is. 256 MiB plus 2 % of the class memory reproduces what `SHOW max_connections` reports on real
 * 2-16 GiB instances (see docs/monitoring.md) to within 3.1 %, never above it, so the alarm fires early rather
 * than late.
 */
export const RDS_RESERVED_MEMORY_BASE_BYTES = 256 * MIB;

/** Proportional part of the assumed reservation, in percent of the class memory. */
export const RDS_RESERVED_MEMORY_PERCENT = 2;

/**
 * An estimate of `DBInstanceClassMemory` (bytes) for a class with `classMemoryGiB` of memory: the class memory
 * minus {@link RDS_RESERVED_MEMORY_BASE_BYTES} and {@link RDS_RESERVED_MEMORY_PERCENT} % of it.
 */
export function estimatedDbInstanceClassMemoryBytes(classMemoryGiB: number): number {
  const total = Math.round(classMemoryGiB * GIB);
  const reserved = RDS_RESERVED_MEMORY_BASE_BYTES + Math.floor((total * RDS_RESERVED_MEMORY_PERCENT) / 100);
  return Math.max(total - reserved, 0);
}

/**
 * The default `max_connections` of RDS for PostgreSQL for a class with `classMemoryGiB` of memory:
 * `LEAST({DBInstanceClassMemory/9531392}, 5000)`, with integer division as RDS formulas use.
 */
export function postgresMaxConnectionsForMemory(classMemoryGiB: number): number {
  const perMemory = Math.floor(estimatedDbInstanceClassMemoryBytes(classMemoryGiB) / POSTGRES_BYTES_PER_CONNECTION);
  return Math.min(perMemory, POSTGRES_MAX_CONNECTIONS_CAP);
}

/**
 * The default `max_connections` of RDS for PostgreSQL on `instanceClass`, or `undefined` when the class is not in
 * {@link DB_INSTANCE_CLASS_MEMORY_GIB}.
 */
export function postgresMaxConnections(instanceClass: string): number | undefined {
  const memoryGiB = DB_INSTANCE_CLASS_MEMORY_GIB[instanceClass];
  return memoryGiB === undefined ? undefined : postgresMaxConnectionsForMemory(memoryGiB);
}

/** large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge and 16xlarge of a family whose `large` has `largeGiB`. */
function sizes(family: string, largeGiB: number): Record<string, number> {
  const multipliers: [string, number][] = [
    ["large", 1],
    ["xlarge", 2],
    ["2xlarge", 4],
    ["4xlarge", 8],
    ["8xlarge", 16],
    ["12xlarge", 24],
    ["16xlarge", 32],
  ];
  return Object.fromEntries(multipliers.map(([size, factor]) => [`${family}.${size}`, largeGiB * factor]));
}
