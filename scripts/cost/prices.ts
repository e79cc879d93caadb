import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** Where one price comes from in the AWS Price List: enough to find it again and check it. */
const PriceSourceSchema = z.strictObject({
  /** Price List service code, for example `AmazonEC2`. */
  serviceCode: z.string().min(1),
  /** Usage type, for example `APN1-BoxUsage:t4g.micro`. */
  usageType: z.string().min(1),
  /** Product attributes that select the SKU, for example `{ instanceType: "t4g.micro", operatingSystem: "Linux" }`. */
  attributes: z.record(z.string(), z.string()),
});

/** One unit price. */
const PriceEntrySchema = z.strictObject({
  /** US dollars per unit. */
  usd: z.number().nonnegative(),
  /** The unit, for example `hour` or `GB-month`. */
  unit: z.string().min(1),
  /** What is priced, in the Price List's words. */
  description: z.string().min(1),
  /** The Price List product. */
  source: PriceSourceSchema,
  /** The date the price was read, `YYYY-MM-DD`. */
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** The prices of one region. */
const PriceFileSchema = z.strictObject({
  /** Region code. */
  region: z.string(),
  /** Always USD. */
  currency: z.literal("USD"),
  /** How the prices were obtained. */
  via: z.string(),
  /** Prices by key (`ec2.instance.t4g.micro`, `ebs.gp3`, ...). */
  prices: z.record(z.string(), PriceEntrySchema),
});

/** One unit price with its source. */
export type PriceEntry = z.infer<typeof PriceEntrySchema>;
/** The prices of one region. */
export type PriceFile = z.infer<typeof PriceFileSchema>;

/** Folder of the price files, one per region: `scripts/cost/prices/<region>.json`. */
export const PRICES_DIR = join(__dirname, "prices");

/** Regions with a price file. */
export const PRICED_REGIONS = ["ap-northeast-1", "us-east-1"] as const;

/** Reads and checks the price file of `region`; throws naming the file and the field when it is malformed. */
export function loadPrices(region: string): PriceFile {
  if (!(PRICED_REGIONS as readonly string[]).includes(region)) {
    throw new Error(
      `no price file for region ${region}: add scripts/cost/prices/${region}.json (priced: ${PRICED_REGIONS.join(", ")})`,
    );
  }
  const path = join(PRICES_DIR, `${region}.json`);
  const parsed = PriceFileSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
