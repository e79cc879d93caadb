import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { costDelta } from "../../scripts/cost/delta";
import { estimate } from "../../scripts/cost/estimate";
import { parseCostArgs, report } from "../../scripts/cost/main";
import { renderDeltaMarkdown } from "../../scripts/cost/render";
import { defaultUsage } from "../../scripts/cost/usage";
import { PRODUCTION_PHASE_2, synthesizePhase2 } from "../support/phase2-environment";

/**
 * `npm run cost -- --env <name> <change>`: the difference a configuration change makes, item by item. The change
 * priced against the real stacks is one this version builds (Multi-AZ); the Phase 2 egress choice is priced on
 * module-level stand-ins until the stacks build Phase 2.
 */

const root = mkdtempSync(join(tmpdir(), "cost-delta-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hours = 730;

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
    synthesizePhase2(join(root, "endpoints"));
    synthesizePhase2(join(root, "nat"), { ...PRODUCTION_PHASE_2, egress: "nat" });
    const usage = defaultUsage("production");
    const delta = costDelta(
      estimate(join(root, "endpoints"), "production", usage),
      estimate(join(root, "nat"), "production", usage),
      'capabilities.vpcEndpoints="none", network.enableNatGateway=true',
    );
    const byHand =
      0.062 * hours +
      0.062 * 10 +
      0.005 * hours - // NAT gateway, 10 GB through it, its Elastic IP
      (0.014 * 9 * 3 * hours + 0.01 * 10); // 9 interface endpoints in 3 zones, 10 GB through them
    expect(Math.abs(delta.deltaUsd - byHand) / Math.abs(byHand)).toBeLessThanOrEqual(0.01);
    expect(delta.rows.filter((r) => r.status === "removed" && r.priceKey === "vpce.interface.hour")).toHaveLength(9);
    expect(delta.rows.filter((r) => r.status === "added").map((r) => r.priceKey)).toEqual(
      expect.arrayContaining(["nat.hour", "nat.gb", "vpc.public-ipv4"]),
    );
    const markdown = renderDeltaMarkdown(delta);
    expect(markdown).toContain("| production-network | `aws_nat_gateway.NatGateway` | NAT gateway (added) | - |");
    expect(markdown).toMatch(
      /\| \*\*production\*\* \| \*\*\d+\.\d\d\*\* \| \*\*\d+\.\d\d\*\* \| \*\*-\d+\.\d\d\*\* \|/,
    );
  });

  test("a change the configuration refuses exits 2 with the field, the value and the fix", () => {
    const tsx = join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
    const run = spawnSync(
      tsx,
      ["scripts/cost/main.ts", "--env", "production", "--set", "capabilities.database.readReplicas=9"],
      { cwd: join(__dirname, "..", ".."), encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the changed configuration:[\s\S]*capabilities\.database\.readReplicas: got 9/);
  }, 60_000);
});
