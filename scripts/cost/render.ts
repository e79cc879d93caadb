import { EnvironmentEstimate, LineItem } from "./estimate";

const usd = (value: number) => `${value.toFixed(2)}`;
const qty = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** The arithmetic of one line: `0.0108/hour x 730 = 7.88`, with the free part when there is one. */
export function arithmetic(item: LineItem): string {
  const free = item.quantity !== item.billedQuantity ? ` (${qty(item.quantity - item.billedQuantity)} free)` : "";
  return `${item.unitUsd}/${item.unit} x ${qty(item.billedQuantity)}${free} = ${usd(item.monthlyUsd)}`;
}

/** A Markdown report of `estimates`: per environment, its stacks' items, totals, free tier, not priced, assumptions. */
export function renderMarkdown(estimates: readonly EnvironmentEstimate[], title = "Monthly cost estimate"): string {
  const lines = [`# ${title}`, ""];
  lines.push("| Environment | USD per month |", "| --- | ---: |");
  for (const e of estimates) lines.push(`| ${e.environment} | ${usd(e.totalUsd)} |`);
  lines.push("");
  for (const e of estimates) {
    lines.push(`## ${e.environment} (${e.region}): USD ${usd(e.totalUsd)} per month`, "");
    lines.push(
      "| Stack | Resource | Item | Unit price x quantity | USD per month |",
      "| --- | --- | --- | --- | ---: |",
    );
    for (const item of e.items) {
      const source = item.assumption ? ` (assumption \`${item.assumption}\`)` : "";
      const free = item.free ? ` [${item.free}]` : "";
      lines.push(
        `| ${item.stack} | \`${item.address}\` | ${item.description}${source}${free} | ${arithmetic(item)} | ${usd(item.monthlyUsd)} |`,
      );
    }
    lines.push("", "| Stack | USD per month |", "| --- | ---: |");
    for (const [stack, total] of Object.entries(e.stackTotals)) lines.push(`| ${stack} | ${usd(total)} |`);
    lines.push(`| **${e.environment}** | **${usd(e.totalUsd)}** |`, "");
    if (e.freeTier.length > 0) {
      lines.push("Free tier applied (always free; per account, here per environment):", "");
      for (const f of e.freeTier) lines.push(`- ${f.allowance}: ${qty(f.covered)} of ${qty(f.of)} ${f.unit} free`);
      lines.push("");
    }
    if (e.notPriced.length > 0) {
      lines.push("Not priced (not counted; add a rule in scripts/cost/estimate.ts):", "");
      for (const n of e.notPriced) lines.push(`- ${n.stack} \`${n.address}\``);
      lines.push("");
    }
    lines.push(
      "Assumptions: " +
        Object.entries(e.usage)
          .map(([name, value]) => `\`${name}\` ${value}`)
          .join(", "),
      "",
    );
  }
  return lines.join("\n");
}

/** A plain-text report: one block per environment with its items and totals. */
export function renderText(estimates: readonly EnvironmentEstimate[]): string {
  const lines: string[] = [];
  for (const e of estimates) {
    lines.push(`${e.environment} (${e.region}): USD ${usd(e.totalUsd)} per month`);
    for (const [stack, total] of Object.entries(e.stackTotals)) {
      const items = e.items.filter((i) => i.stack === stack);
      lines.push(`  ${stack.padEnd(28)} ${usd(total).padStart(9)}`);
      for (const item of items) lines.push(`    ${item.description.padEnd(52)} ${arithmetic(item)}`);
    }
    for (const item of e.items.filter((i) => !(i.stack in e.stackTotals))) {
      lines.push(`  ${"(environment)".padEnd(28)} ${usd(item.monthlyUsd).padStart(9)}`);
      lines.push(`    ${item.description.padEnd(52)} ${arithmetic(item)}`);
    }
    for (const f of e.freeTier) lines.push(`  free: ${f.allowance}: ${qty(f.covered)} of ${qty(f.of)} ${f.unit}`);
    for (const n of e.notPriced) lines.push(`  NOT PRICED: ${n.stack} ${n.address}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** The difference between two estimates of one environment, item by item (keyed by stack, address and price). */
export function diffItems(before: EnvironmentEstimate, after: EnvironmentEstimate) {
  const key = (i: LineItem) => `${i.stack} ${i.address} ${i.priceKey}`;
  const was = new Map(before.items.map((i) => [key(i), i]));
  const now = new Map(after.items.map((i) => [key(i), i]));
  const rows: { key: string; description: string; beforeUsd: number; afterUsd: number; deltaUsd: number }[] = [];
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const b = was.get(k)?.monthlyUsd ?? 0;
    const a = now.get(k)?.monthlyUsd ?? 0;
    if (Math.abs(a - b) < 0.005) continue;
    rows.push({
      key: k,
      description: (now.get(k) ?? was.get(k))!.description,
      beforeUsd: b,
      afterUsd: a,
      deltaUsd: a - b,
    });
  }
  return { rows, deltaUsd: after.totalUsd - before.totalUsd };
}
