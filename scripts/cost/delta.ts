import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { synthesize } from "../preview/synth";
import { EnvironmentEstimate, EstimateOptions, LineItem, estimate } from "./estimate";
import { Usage } from "./usage";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** A configuration change to price: a JSON merge patch of one environment (config/overrides.ts). */
export interface CostChange {
  /** The merge patch of the environment, from `--patch`, then `--phase`, then each `--set`. */
  readonly patch: Record<string, unknown>;
  /** How the change reads in the report, for example `phase=2, capabilities.database.multiAz=true`. */
  readonly label: string;
}

/** One line of the difference: the same resource's same price before and after, or only on one side. */
export interface DeltaRow {
  readonly stack: string;
  readonly address: string;
  readonly priceKey: string;
  readonly description: string;
  /**
   * `added`: only after the change; `removed`: only before; `changed`: the resource's line of the same kind
   * (price key family, such as `rds.postgres` or `ec2.instance`) on both sides, with another amount.
   */
  readonly status: "added" | "removed" | "changed";
  /** The line before the change, when there was one. */
  readonly before?: LineItem;
  /** The line after the change, when there is one. */
  readonly after?: LineItem;
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly deltaUsd: number;
}

/** The monthly cost of one environment before and after a change, item by item, with totals. */
export interface CostDelta {
  readonly environment: string;
  readonly change: string;
  /** The lines whose amount differs, in stack order. */
  readonly rows: readonly DeltaRow[];
  /** Totals per stack before and after (every stack of either side), and the difference. */
  readonly stackTotals: Readonly<Record<string, { beforeUsd: number; afterUsd: number; deltaUsd: number }>>;
  readonly beforeUsd: number;
  readonly afterUsd: number;
  readonly deltaUsd: number;
  /** Resources the changed configuration has that the estimate cannot price (not counted in either total). */
  readonly notPriced: EnvironmentEstimate["notPriced"];
  readonly before: EnvironmentEstimate;
  readonly after: EnvironmentEstimate;
}

const round = (usd: number) => Math.round(usd * 10000) / 10000;

/** The kind of a price: its first two parts (`rds.postgres.db.t4g.micro.single-az` is an `rds.postgres`). */
const family = (priceKey: string) => priceKey.split(".").slice(0, 2).join(".");

/**
 * The difference between two estimates of one environment, keyed by stack, address and price. A resource whose
 * price changes within its kind (single-AZ to Multi-AZ, t4g.micro to t4g.small) reads as one changed line when it
 * has one line of that kind on each side.
 */
export function costDelta(before: EnvironmentEstimate, after: EnvironmentEstimate, change: string): CostDelta {
  const key = (i: LineItem) => `${i.stack}\u0000${i.address}\u0000${i.priceKey}`;
  const was = new Map(before.items.map((i) => [key(i), i]));
  const now = new Map(after.items.map((i) => [key(i), i]));
  const rows: DeltaRow[] = [];
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(k);
    const a = now.get(k);
    const beforeUsd = b?.monthlyUsd ?? 0;
    const afterUsd = a?.monthlyUsd ?? 0;
    if (b && a && Math.abs(afterUsd - beforeUsd) < 0.00005) continue;
    const item = (a ?? b)!;
    rows.push({
      stack: item.stack,
      address: item.address,
      priceKey: item.priceKey,
      description: item.description,
      status: !b ? "added" : !a ? "removed" : "changed",
      before: b,
      after: a,
      beforeUsd,
      afterUsd,
      deltaUsd: round(afterUsd - beforeUsd),
    });
  }
  const paired = pairWithinKind(rows);
  paired.sort((x, y) => x.stack.localeCompare(y.stack) || x.address.localeCompare(y.address));
  const stacks = [...new Set([...Object.keys(before.stackTotals), ...Object.keys(after.stackTotals)])].sort();
  const stackTotals = Object.fromEntries(
    stacks.map((s) => {
      const b = before.stackTotals[s] ?? 0;
      const a = after.stackTotals[s] ?? 0;
      return [s, { beforeUsd: b, afterUsd: a, deltaUsd: round(a - b) }];
    }),
  );
  const known = new Set(before.notPriced.map((n) => `${n.stack} ${n.address}`));
  return {
    environment: after.environment,
    change,
    rows: paired,
    stackTotals,
    beforeUsd: before.totalUsd,
    afterUsd: after.totalUsd,
    deltaUsd: round(after.totalUsd - before.totalUsd),
    notPriced: after.notPriced.filter((n) => !known.has(`${n.stack} ${n.address}`)),
    before,
    after,
  };
}

/** Joins a resource's one removed and one added line of the same price kind into one changed line. */
function pairWithinKind(rows: readonly DeltaRow[]): DeltaRow[] {
  const group = (r: DeltaRow) => `${r.stack}\u0000${r.address}\u0000${family(r.priceKey)}`;
  const result: DeltaRow[] = [];
  const groups = new Map<string, DeltaRow[]>();
  for (const row of rows) groups.set(group(row), [...(groups.get(group(row)) ?? []), row]);
  for (const members of groups.values()) {
    const removed = members.filter((r) => r.status === "removed");
    const added = members.filter((r) => r.status === "added");
    if (removed.length !== 1 || added.length !== 1) {
      result.push(...members);
      continue;
    }
    const [b, a] = [removed[0], added[0]];
    result.push(...members.filter((r) => r !== b && r !== a), {
      ...a,
      description: b.description === a.description ? a.description : `${b.description} -> ${a.description}`,
      status: "changed",
      before: b.before,
      beforeUsd: b.beforeUsd,
      deltaUsd: round(a.afterUsd - b.beforeUsd),
    });
  }
  return result;
}

/**
 * Synthesizes `environment` twice into a temporary folder, as configured and with `change` applied (the app's
 * `CDKTF_CONFIG_PATCH`, as `npm run preview` does), and prices the difference. Both sides are synthesized from
 * the current tree, so a stale `cdktf.out/` plays no part.
 *
 * @throws SynthError (scripts/preview/synth.ts) with the app's output when a side does not synthesize, for
 * example a configuration error of the changed side.
 */
export async function runDelta(
  environment: string,
  change: CostChange,
  usage: Usage,
  options: EstimateOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CostDelta> {
  const work = mkdtempSync(join(tmpdir(), "cost-delta-"));
  try {
    // Both sides run to the end before either failure is reported: removing the folder while the other side
    // still writes into it fails (ENOTEMPTY) and hides the configuration error.
    const sides = await Promise.allSettled([
      synthesize("the current configuration", PROJECT_ROOT, join(work, "before"), environment, undefined, env),
      synthesize("the changed configuration", PROJECT_ROOT, join(work, "after"), environment, change.patch, env),
    ]);
    for (const side of sides) if (side.status === "rejected") throw side.reason;
    return costDelta(
      estimate(join(work, "before"), environment, usage, options),
      estimate(join(work, "after"), environment, usage, options),
      change.label,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
