import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { costDelta } from "../../scripts/cost/delta";
import { estimate } from "../../scripts/cost/estimate";
import { parseCostArgs, report } from "../../scripts/cost/main";
import { renderDeltaMarkdown } from "../../scripts/cost/render";
import { defaultUsage } from "../../scripts/cost/usage";
import {
  PHASE_1_BY_HAND,
  PHASE_2_BY_HAND,
  PHASE_2_ENDPOINTS_BY_HAND,
  PHASE_2_NAT_BY_HAND,
} from "../support/cost-by-hand";
import { phase2Production, withNatGateway } from "../support/phase2-environment";
import { synthesizeAllEnvironments } from "../support/terraform";

/**
 * `npm run cost -- --env <name> <change>`: the difference a configuration change makes, item by item, on the real
 * stacks: Multi-AZ, the change to Phase 2 (with the domain it needs) and Phase 2's egress choice.
 */

const root = mkdtempSync(join(tmpdir(), "cost-delta-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hours = 730;
const tsx = join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
const cost = (args: readonly string[]) =>
  spawnSync(tsx, ["scripts/cost/main.ts", ...args], { cwd: join(__dirname, "..", ".."), encoding: "utf8" });

describe("cost change arguments", () => {
  test("--patch, --phase and each --set compose into one merge patch, labelled in that order", () => {
    const files: Record<string, string> = { "change.json": JSON.stringify({ compute: { instanceType: "t4g.small" } }) };
    const args = parseCostArgs(
      ["--env", "production", "--set", "capabilities.database.multiAz=true", "--phase", "2", "--patch", "change.json"],
      (file) => files[file],
    );
    expect(args.change).toEqual({
      patch: { compute: { instanceType: "t4g.small" }, phase: 2, capabilities: { database: { multiAz: true } } },
      label: "patch change.json, capabilities.database.multiAz=true, phase=2",
    });
  });

  test.each([
    [["--set", "capabilities.database.multiAz=true"], /one environment; add --env <name>/],
    [["--env", "production,test", "--phase", "2"], /one environment; add --env <name>/],
    [["--env", "production", "--phase", "two"], /--phase two: expected a phase number such as 2/],
    [["--env", "production", "--set", "multiAz"], /--set multiAz: expected <path>=<value>/],
    [["--env", "production", "--patch", "missing.json"], /--patch missing.json: cannot read the file/],
    [["--env", "production", "--phase", "2", "--phases"], /--phases: not with a change \(phase=2\)/],
  ])("a bad change is refused with the flag and the fix: %j", (argv, message) => {
    const read = () => {
      throw new Error("ENOENT");
    };
    expect(() => parseCostArgs(argv, read)).toThrow(message);
  });
});

describe("cost delta", () => {
  test("Multi-AZ in production: the database lines, by hand, and nothing else", async () => {
    const args = parseCostArgs(["--env", "production", "--set", "capabilities.database.multiAz=true"]);
    const json = JSON.parse(await report({ ...args, format: "json" })) as {
      deltaUsd: number;
      beforeUsd: number;
      afterUsd: number;
      rows: { stack: string; status: string; before?: { priceKey: string }; after?: { priceKey: string } }[];
      stackTotals: Record<string, { deltaUsd: number }>;
    };
    // A standby doubles the instance hour (0.025 -> 0.051 per hour) and the storage (0.138 -> 0.276 per GB-month).
    const byHand = (0.051 - 0.025) * hours + (0.276 - 0.138) * 20;
    expect(json.deltaUsd).toBeCloseTo(byHand, 2);
    expect(json.afterUsd - json.beforeUsd).toBeCloseTo(byHand, 2);
    expect(new Set(json.rows.map((r) => r.stack))).toEqual(new Set(["production-database"]));
    // The instance and its storage each read as one changed line: the single-AZ price before, Multi-AZ after.
    expect(json.rows.map((r) => [r.status, r.before?.priceKey, r.after?.priceKey])).toEqual([
      ["changed", "rds.postgres.db.t4g.micro.single-az", "rds.postgres.db.t4g.micro.multi-az"],
      ["changed", "rds.gp3.single-az", "rds.gp3.multi-az"],
    ]);
    const changedStacks = Object.entries(json.stackTotals).filter(([, t]) => t.deltaUsd !== 0);
    expect(changedStacks.map(([s]) => s)).toEqual(["production-database"]);
  }, 60_000);

  test("NAT gateway instead of endpoints: endpoints removed, the gateway and its address added, totals by hand", () => {
    synthesizeAllEnvironments(join(root, "endpoints"), phase2Production());
    synthesizeAllEnvironments(join(root, "nat"), phase2Production(withNatGateway));
    const usage = defaultUsage("production");
    const delta = costDelta(
      estimate(join(root, "endpoints"), "production", usage),
      estimate(join(root, "nat"), "production", usage),
      'capabilities.vpcEndpoints="none", network.enableNatGateway=true',
    );
    const byHand = PHASE_2_NAT_BY_HAND - PHASE_2_ENDPOINTS_BY_HAND;
    expect(Math.abs(delta.deltaUsd - byHand) / Math.abs(byHand)).toBeLessThanOrEqual(0.01);
    expect(new Set(delta.rows.map((r) => r.stack))).toEqual(new Set(["production-network"]));
    expect(delta.rows.filter((r) => r.status === "removed" && r.priceKey === "vpce.interface.hour")).toHaveLength(9);
    expect(delta.rows.filter((r) => r.status === "added").map((r) => r.priceKey)).toEqual(
      expect.arrayContaining(["nat.hour", "nat.gb", "vpc.public-ipv4"]),
    );
    const markdown = renderDeltaMarkdown(delta);
    expect(markdown).toMatch(
      /\| production-network \| `aws_nat_gateway\.Network_NatGateway_\w+` \| NAT gateway \(added\) \| - \|/,
    );
    expect(markdown).toMatch(
      /\| \*\*production\*\* \| \*\*\d+\.\d\d\*\* \| \*\*\d+\.\d\d\*\* \| \*\*-\d+\.\d\d\*\* \|/,
    );
  });

  test("Phase 2 with the domain patch and a domain of one's own: the whole change by hand, exit 0", async () => {
    const args = parseCostArgs([
      "--env",
      "production",
      "--phase",
      "2",
      "--patch",
      "scripts/cost/with-domain.json",
      "--set",
      "dns.domainName=app.example.org",
    ]);
    expect(args.change?.label).toBe("patch scripts/cost/with-domain.json, phase=2, dns.domainName=app.example.org");
    const json = JSON.parse(await report({ ...args, format: "json" })) as {
      beforeUsd: number;
      afterUsd: number;
      deltaUsd: number;
      notPriced: unknown[];
      rows: { status: string; priceKey: string; address: string }[];
    };
    expect(Math.abs(json.beforeUsd - PHASE_1_BY_HAND) / PHASE_1_BY_HAND).toBeLessThanOrEqual(0.01);
    expect(Math.abs(json.afterUsd - PHASE_2_BY_HAND) / PHASE_2_BY_HAND).toBeLessThanOrEqual(0.01);
    const byHand = PHASE_2_BY_HAND - PHASE_1_BY_HAND;
    expect(Math.abs(json.deltaUsd - byHand) / byHand).toBeLessThanOrEqual(0.01);
    expect(json.notPriced).toEqual([]);
    // The Phase 1 host and its Elastic IP go; the group, the load balancer, the endpoints and the replica come.
    const removed = json.rows.filter((r) => r.status === "removed").map((r) => r.address);
    expect(removed).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eip\.AppHost_/)]));
    const added = json.rows.filter((r) => r.status === "added").map((r) => r.priceKey);
    expect(added).toEqual(
      expect.arrayContaining([
        "elb.alb.hour",
        "vpce.interface.hour",
        "route53.zone",
        "rds.postgres.db.t4g.micro.single-az",
      ]),
    );
  }, 120_000);

  test.each([
    [["--phase", "2"], /the changed configuration:[\s\S]*dns\.domainName/],
    // A domain alone leaves the shipped HTTPS-IN-PRODUCTION acknowledgement matching nothing: the patch removes it.
    [["--phase", "2", "--set", "dns.domainName=example.com"], /HTTPS-IN-PRODUCTION[\s\S]*remove the acknowledgement/],
  ])(
    "Phase 2 without the domain patch exits 2 with the configuration error as is: %j",
    (change, message) => {
      const run = cost(["--env", "production", ...change]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
    },
    60_000,
  );

  test("a change the configuration refuses exits 2 with the field, the value and the fix", () => {
    const run = cost(["--env", "production", "--set", "capabilities.database.readReplicas=9"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the changed configuration:[\s\S]*capabilities\.database\.readReplicas: got 9/);
  }, 60_000);
});
