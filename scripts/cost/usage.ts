import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * What the bill depends on besides the resources: named assumptions, printed with every estimate. The defaults
 * are a small production service; development and test get a tenth of the traffic.
 */
const UsageSchema = z.strictObject({
  /** Hours in a month. */
  hoursPerMonth: z.number().positive(),
  /** GB of application logs ingested into CloudWatch Logs per month (all log groups). */
  logIngestGiB: z.number().nonnegative(),
  /** GB of logs stored (at 30 days' retention, about one month's ingestion). */
  logStoredGiB: z.number().nonnegative(),
  /** GB stored in the application bucket. */
  bucketStorageGiB: z.number().nonnegative(),
  /** Thousands of PUT/LIST requests to the bucket per month. */
  bucketPutThousands: z.number().nonnegative(),
  /** Thousands of GET requests to the bucket per month. */
  bucketGetThousands: z.number().nonnegative(),
  /** GB of images kept in ECR (30 images sharing most layers). */
  imageStorageGiB: z.number().nonnegative(),
  /** GB sent to the internet per month (the first 100 GB are free every month). */
  dataOutGiB: z.number().nonnegative(),
  /** Average load balancer capacity units (one LCU: 25 new connections/s, 3,000 active, 1 GB/h, 1,000 rules/s). */
  loadBalancerCapacityUnits: z.number().nonnegative(),
  /** GB through the interface endpoints per month (image pulls, logs, metrics). */
  endpointGiB: z.number().nonnegative(),
  /** GB through a NAT gateway per month, where one is configured. */
  natGatewayGiB: z.number().nonnegative(),
  /** Custom metrics the CloudWatch agent publishes per host (memory, disk, and their group aggregates). */
  agentMetricsPerHost: z.number().int().nonnegative(),
  /** Metrics an S3 request-metrics filter publishes while requests arrive (up to 16). */
  requestMetricsPerFilter: z.number().int().nonnegative(),
  /** Monthly active users of a Cognito user pool. */
  monthlyActiveUsers: z.number().int().nonnegative(),
});

/** The usage assumptions of one environment. */
export type Usage = z.infer<typeof UsageSchema>;

const PRODUCTION: Usage = {
  hoursPerMonth: 730,
  logIngestGiB: 2,
  logStoredGiB: 2,
  bucketStorageGiB: 10,
  bucketPutThousands: 100,
  bucketGetThousands: 1000,
  imageStorageGiB: 2,
  dataOutGiB: 50,
  loadBalancerCapacityUnits: 1,
  endpointGiB: 10,
  natGatewayGiB: 10,
  agentMetricsPerHost: 4,
  requestMetricsPerFilter: 8,
  monthlyActiveUsers: 500,
};

/** The default assumptions of `environment`. */
export function defaultUsage(environment: string): Usage {
  if (environment === "production") return PRODUCTION;
  return {
    ...PRODUCTION,
    logIngestGiB: 0.5,
    logStoredGiB: 0.5,
    bucketStorageGiB: 1,
    bucketPutThousands: 10,
    bucketGetThousands: 100,
    dataOutGiB: 5,
    endpointGiB: 2,
    natGatewayGiB: 2,
    monthlyActiveUsers: 20,
  };
}

const UsageFileSchema = z.record(z.string(), UsageSchema.partial());

/**
 * The assumptions of every environment: the defaults, with the usage file's values by environment name on top
 * (`{ "production": { "logIngestGiB": 10 } }`). Throws naming the file, the field and the fix.
 */
export function resolveUsage(environments: readonly string[], usageFile?: string): Record<string, Usage> {
  let overrides: z.infer<typeof UsageFileSchema> = {};
  if (usageFile) {
    const parsed = UsageFileSchema.safeParse(JSON.parse(readFileSync(usageFile, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${usageFile}: ${issue.path.join(".")}: ${issue.message}. Fix: use the assumption names of ` +
          `scripts/cost/usage.ts (${Object.keys(PRODUCTION).join(", ")}) under an environment name`,
      );
    }
    overrides = parsed.data;
    for (const name of Object.keys(overrides)) {
      if (!environments.includes(name)) {
        throw new Error(`${usageFile}: ${name}: not an environment of this estimate (${environments.join(", ")})`);
      }
    }
  }
  return Object.fromEntries(environments.map((env) => [env, { ...defaultUsage(env), ...overrides[env] }]));
}
