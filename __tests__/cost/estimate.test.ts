import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PRICED_TYPES, estimate } from "../../scripts/cost/estimate";
import { loadPrices } from "../../scripts/cost/prices";
import { estimatePhases, parseCostArgs } from "../../scripts/cost/main";
import { renderMarkdown } from "../../scripts/cost/render";
import { defaultUsage, resolveUsage } from "../../scripts/cost/usage";
import { PHASE_1_BY_HAND } from "../support/cost-by-hand";
import { synthesizeAllEnvironments } from "../support/terraform";

/**
 * `npm run cost` against the synthesized stacks. The expected totals are computed by hand from the unit prices
 * (design page, 2026 Tokyo list prices) and the stacks' contents (__tests__/support/cost-by-hand.ts), not read
 * from the price file, so a wrong rule, a wrong price or a missed resource changes the answer.
 */

const root = mkdtempSync(join(tmpdir(), "cost-"));
const outdir = join(root, "synth");
synthesizeAllEnvironments(outdir);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const within1Percent = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.01);

describe("cost estimate", () => {
  test("Phase 1 production agrees with the hand computation within 1 %", () => {
    const result = estimate(outdir, "production", defaultUsage("production"));
    within1Percent(result.totalUsd, PHASE_1_BY_HAND);
    expect(result.notPriced).toEqual([]);
  });

  test("every stack of the environment has a total, empty ones at zero", () => {
    const result = estimate(outdir, "development", defaultUsage("development"));
    expect(Object.keys(result.stackTotals)).toHaveLength(14);
    expect(result.stackTotals["development-edge"]).toBe(0);
    expect(result.stackTotals["development-database"]).toBeCloseTo(0.025 * 730 + 0.138 * 20 + 0.4, 2);
  });

  test("each line carries its arithmetic: unit price x billed quantity", () => {
    const result = estimate(outdir, "production", defaultUsage("production"));
    for (const item of result.items) expect(item.monthlyUsd).toBeCloseTo(item.unitUsd * item.billedQuantity, 3);
    const host = result.items.find((i) => i.priceKey === "ec2.instance.t4g.micro")!;
    expect([host.unitUsd, host.quantity, host.stack]).toEqual([0.0108, 730, "production-compute"]);
  });

  test("always-free allowances are applied and shown; the 12-month tier only when asked", () => {
    const usage = defaultUsage("production");
    const plain = estimate(outdir, "production", usage);
    expect(plain.freeTier.map((f) => f.allowance)).toContain("CloudWatch: 10 alarms");
    const alarms = plain.items.filter((i) => i.priceKey === "cloudwatch.alarm");
    expect(alarms.reduce((n, i) => n + i.billedQuantity, 0)).toBe(Math.max(0, alarms.length - 10));
    const twelveMonth = estimate(outdir, "production", usage, { twelveMonthFreeTier: true });
    // 750 free hours cover the database's 730; 20 GB of RDS storage; 30 GB of EBS; 750 h of public IPv4.
    within1Percent(
      plain.totalUsd - twelveMonth.totalUsd,
      0.025 * 730 + 0.138 * 20 + 0.096 * 20 + 0.005 * 730 + 0.025 * 5,
    );
  });

  test("usage assumptions change the usage-driven lines and are reported with the result", () => {
    const [file] = [join(root, "usage.json")];
    writeFileSync(file, JSON.stringify({ production: { logIngestGiB: 25 } }));
    const usage = resolveUsage(["production"], file).production;
    const result = estimate(outdir, "production", usage);
    const ingest = result.items.find((i) => i.priceKey === "logs.ingest")!;
    expect([ingest.quantity, ingest.assumption]).toEqual([25, "logIngestGiB"]);
    expect(result.usage.logIngestGiB).toBe(25);
  });

  test.each([
    [{ production: { logIngestGB: 1 } }, /production: Unrecognized key: "logIngestGB".*Fix: use the assumption names/],
    [{ staging: { logIngestGiB: 1 } }, /staging: not an environment of this estimate/],
  ])("a bad usage file is refused with the field and the fix: %j", (content, message) => {
    const file = join(root, "bad-usage.json");
    writeFileSync(file, JSON.stringify(content));
    expect(() => resolveUsage(["production"], file)).toThrow(message);
  });

  test("unknown resource types are listed as not priced, never counted as zero", () => {
    const dir = join(root, "unknown");
    mkdirSync(join(dir, "stacks", "production-x"), { recursive: true });
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({ stacks: { "production-x": { synthesizedStackPath: "stacks/production-x/cdk.tf.json" } } }),
    );
    writeFileSync(
      join(dir, "stacks", "production-x", "cdk.tf.json"),
      JSON.stringify({
        provider: { aws: [{ region: "ap-northeast-1" }] },
        resource: { aws_redshift_cluster: { Warehouse: { node_type: "ra3.large" } } },
      }),
    );
    const result = estimate(dir, "production", defaultUsage("production"));
    expect(result.notPriced).toEqual([
      { stack: "production-x", address: "aws_redshift_cluster.Warehouse", type: "aws_redshift_cluster" },
    ]);
  });

  test("every price key a priced resource type can use has an entry with its Price List source", () => {
    const prices = loadPrices("ap-northeast-1").prices;
    const used = [
      "ec2.instance.t4g.micro",
      "ebs.gp3",
      "vpc.public-ipv4",
      "rds.postgres.db.t4g.micro.single-az",
      "rds.postgres.db.t4g.micro.multi-az",
      "rds.gp3.single-az",
      "rds.gp3.multi-az",
      "secretsmanager.secret",
      "kms.key",
      "cloudwatch.alarm",
      "cloudwatch.dashboard",
      "cloudwatch.metric",
      "logs.ingest",
      "logs.storage",
      "s3.standard",
      "s3.put",
      "s3.get",
      "ecr.storage",
      "route53.zone",
      "route53.health-check",
      "route53.health-check.option",
      "elb.alb.hour",
      "elb.alb.lcu",
      "vpce.interface.hour",
      "vpce.interface.gb",
      "nat.hour",
      "nat.gb",
      "dataout.internet",
    ];
    for (const key of used) {
      expect(prices[key]).toMatchObject({ source: { serviceCode: expect.any(String), usageType: expect.any(String) } });
    }
    expect(PRICED_TYPES).toEqual(
      expect.arrayContaining(["aws_instance", "aws_db_instance", "aws_lb", "aws_vpc_endpoint", "aws_nat_gateway"]),
    );
  });
});

describe("docs/cost.md", () => {
  test("is current: the tool's Markdown for every environment and production's phases (npm run synth, then npm run cost -- --format markdown --phases --write docs/cost.md)", async () => {
    const envs = ["development", "test", "production"];
    const usage = resolveUsage(envs);
    const phases = await estimatePhases(parseCostArgs(["--phases"]));
    const expected = `${renderMarkdown(
      envs.map((env) => estimate(outdir, env, usage[env])),
      undefined,
      phases,
    )}\n`;
    const doc = readFileSync(join(__dirname, "..", "..", "docs", "cost.md"), "utf8");
    expect(doc).toBe(expected);
  }, 120_000);
});
