import { CostDelta, costDelta } from "./delta";
import { EnvironmentEstimate, LineItem } from "./estimate";
import { WITH_DOMAIN_PATCH } from "./phases";

const usd = (value: number) => `${value.toFixed(2)}`;
const qty = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** The arithmetic of one line: `0.0108/hour x 730 = 7.88`, with the free part when there is one. */
export function arithmetic(item: LineItem): string {
  const free = item.quantity !== item.billedQuantity ? ` (${qty(item.quantity - item.billedQuantity)} free)` : "";
  return `${item.unitUsd}/${item.unit} x ${qty(item.billedQuantity)}${free} = ${usd(item.monthlyUsd)}`;
}

const signed = (value: number) => `${value < 0 ? "-" : "+"}${Math.abs(value).toFixed(2)}`;

/** The arithmetic of one side of a delta row, or `-` when the side has no such line. */
const side = (item: LineItem | undefined) => (item ? arithmetic(item) : "-");

/** One environment estimated as one phase synthesizes it. */
export interface PhaseEstimate {
  /** For example `Phase 1`. */
  readonly label: string;
  readonly estimate: EnvironmentEstimate;
  /**
   * The label of the phase this one changes one thing of (PhaseSide.baseline): shown as its difference from it.
   * @default - a phase of its own, itemized
   */
  readonly baseline?: string;
}

/** The stacks' totals of each phase side by side: stacks that cost nothing in every phase are left out. */
function phaseTable(phases: readonly PhaseEstimate[]): string[] {
  const stacks = [...new Set(phases.flatMap((p) => Object.keys(p.estimate.stackTotals)))].sort();
  const costing = stacks.filter((s) => phases.some((p) => (p.estimate.stackTotals[s] ?? 0) > 0));
  const environment = phases[0].estimate.environment;
  return [
    `| Stack | ${phases.map((p) => p.label).join(" | ")} |`,
    `| --- |${phases.map(() => " ---: |").join("")}`,
    ...costing.map((s) => `| ${s} | ${phases.map((p) => usd(p.estimate.stackTotals[s] ?? 0)).join(" | ")} |`),
    `| (environment) | ${phases.map((p) => usd(p.estimate.items.filter((i) => i.stack === "(environment)").reduce((n, i) => n + i.monthlyUsd, 0))).join(" | ")} |`,
    `| **${environment}** | ${phases.map((p) => `**${usd(p.estimate.totalUsd)}**`).join(" | ")} |`,
  ];
}

/** The Markdown table of an estimate's items, each with its arithmetic, assumption and free allowance. */
function itemTable(e: EnvironmentEstimate): string[] {
  return [
    "| Stack | Resource | Item | Unit price x quantity | USD per month |",
    "| --- | --- | --- | --- | ---: |",
    ...e.items.map((item) => {
      const source = item.assumption ? ` (assumption \`${item.assumption}\`)` : "";
      const free = item.free ? ` [${item.free}]` : "";
      return `| ${item.stack} | \`${item.address}\` | ${item.description}${source}${free} | ${arithmetic(item)} | ${usd(item.monthlyUsd)} |`;
    }),
  ];
}

/** The free allowances an estimate applied and what it could not price, as Markdown paragraphs. */
function freeAndNotPriced(e: EnvironmentEstimate): string[] {
  const lines: string[] = [];
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
  return lines;
}

/** The Markdown table of the lines a change makes differ: before, after and the difference of each. */
function deltaTable(delta: CostDelta): string[] {
  return [
    "| Stack | Resource | Item | Before | After | Change |",
    "| --- | --- | --- | --- | --- | ---: |",
    ...delta.rows.map((row) => {
      const source = (row.after ?? row.before)?.assumption;
      const item = `${row.description}${source ? ` (assumption \`${source}\`)` : ""}${row.status === "changed" ? "" : ` (${row.status})`}`;
      return `| ${row.stack} | \`${row.address}\` | ${item} | ${side(row.before)} | ${side(row.after)} | ${signed(row.deltaUsd)} |`;
    }),
  ];
}

const total = (values: readonly number[]) => values.reduce((n, v) => n + v, 0);

/**
 * When `delta` trades interface endpoints for a NAT gateway: the two in numbers, and what would make the endpoints
 * cheaper (fewer zones, fewer services). Nothing for any other change.
 */
function egressTradeOff(delta: CostDelta): string[] {
  const removed = delta.rows.filter((r) => r.status === "removed" && r.priceKey.startsWith("vpce."));
  const hoursOf = removed.filter((r) => r.priceKey === "vpce.interface.hour");
  const added = delta.rows.filter((r) => r.status === "added");
  const gateway = added.find((r) => r.priceKey === "nat.hour");
  if (hoursOf.length === 0 || !gateway) return [];
  const endpointsUsd = total(removed.map((r) => r.beforeUsd));
  const natUsd = total(added.map((r) => r.afterUsd));
  const first = hoursOf[0].before!;
  const hours = delta.before.usage.hoursPerMonth;
  const zones = first.quantity / hours;
  const endpointHoursUsd = total(hoursOf.map((r) => r.beforeUsd));
  const endpointGb = removed.find((r) => r.priceKey === "vpce.interface.gb")?.before;
  const natGb = added.find((r) => r.priceKey === "nat.gb")?.after;
  const natFixedUsd = natUsd - (natGb?.monthlyUsd ?? 0);
  const ec2messages = hoursOf.find((r) => r.description.includes(" ec2messages,"));
  const lines = [
    `**Endpoints or a NAT gateway.** ${hoursOf.length} interface endpoints in ${zones} zones cost USD ${usd(endpointsUsd)} a month:`,
    `${hoursOf.length} x ${zones} zones x ${first.unitUsd}/${first.unit} x ${hours} h = ${usd(endpointHoursUsd)}, and their traffic. One NAT gateway`,
    `with its Elastic IP costs USD ${usd(natUsd)}: its hours, its traffic and the address. The endpoints cost`,
    `${(endpointsUsd / natUsd).toFixed(1)} times as much, USD ${usd(endpointsUsd - natUsd)} a month more. For that, the hosts reach AWS in every zone`,
    "with no route to the internet; the NAT gateway sits in one zone (one per zone, to survive the loss of",
    `a zone, costs USD ${usd(gateway.afterUsd)} a month each) and lets the hosts reach the whole internet.`,
  ];
  if (endpointGb && natGb && natGb.unitUsd > endpointGb.unitUsd) {
    const breakEven = (endpointHoursUsd - natFixedUsd) / (natGb.unitUsd - endpointGb.unitUsd);
    lines.push(
      `Traffic costs ${natGb.unitUsd}/GB through the gateway and ${endpointGb.unitUsd}/GB through the endpoints: the gateway stays cheaper`,
      `up to about ${Math.round(breakEven).toLocaleString("en-US")} GB a month.`,
    );
  }
  lines.push(
    `To make the endpoints cheaper: each zone of them costs USD ${usd(endpointHoursUsd / zones)} a month (two zones in`,
    "`network.availabilityZones` instead of three save that, and one load balancer address)" +
      (ec2messages ? `; each endpoint costs USD ${usd(ec2messages.beforeUsd)},` : "."),
    ...(ec2messages
      ? [
          "and `ec2messages` is only the SSM Agent's fallback channel (docs/growth.md, section 4): dropping it from",
          "`HOST_INTERFACE_SERVICES` (modules/vpc-endpoints) saves that, once the hosts' agent does without it.",
        ]
      : []),
    "",
  );
  return lines;
}

/**
 * The sections of the phases the report does not itemize elsewhere: a phase of its own with its items, a variant
 * (one with a baseline) as its difference from its baseline.
 */
function phaseSections(estimates: readonly EnvironmentEstimate[], phases: readonly PhaseEstimate[]): string[] {
  const lines: string[] = [];
  const itemized = (p: PhaseEstimate) =>
    estimates.some((e) => JSON.stringify(e.items) === JSON.stringify(p.estimate.items));
  for (const p of phases) {
    const base = p.baseline ? phases.find((b) => b.label === p.baseline) : undefined;
    const environment = p.estimate.environment;
    if (!base) {
      if (itemized(p)) continue;
      lines.push(
        `## ${p.label} cost`,
        "",
        `${environment} as ${p.label}: USD ${usd(p.estimate.totalUsd)} per month, item by item (stack totals in the table above).`,
        "",
        ...itemTable(p.estimate),
        "",
        ...freeAndNotPriced(p.estimate),
      );
      continue;
    }
    const delta = costDelta(base.estimate, p.estimate, p.label);
    lines.push(
      `### ${p.label}`,
      "",
      `${environment} as ${p.label} instead of ${base.label}: USD ${usd(delta.beforeUsd)} -> ${usd(delta.afterUsd)} per month`,
      `(${signed(delta.deltaUsd)}), the lines that differ:`,
      "",
      ...deltaTable(delta),
      "",
      ...egressTradeOff(delta),
    );
  }
  return lines;
}

/**
 * A Markdown report of `estimates`: per environment, its stacks' items, totals, free tier, not priced,
 * assumptions; with `phases`, a table of one environment's stacks' totals in each phase first.
 */
export function renderMarkdown(
  estimates: readonly EnvironmentEstimate[],
  title = "Monthly cost estimate",
  phases?: readonly PhaseEstimate[],
): string {
  const lines = [
    `# ${title}`,
    "",
    "Generated by `npm run cost -- --format markdown --phases --write docs/cost.md` from the synthesized stacks: on-demand",
    "list prices of scripts/cost/prices/ (each with its AWS Price List source and the date it was read), the usage",
    "assumptions of scripts/cost/usage.ts, and the always-free allowances. Do not edit; a test fails when it is",
    "not current.",
    "",
  ];
  lines.push("| Environment | USD per month |", "| --- | ---: |");
  for (const e of estimates) lines.push(`| ${e.environment} | ${usd(e.totalUsd)} |`);
  lines.push("");
  if (phases && phases.length > 0) {
    const environment = phases[0].estimate.environment;
    lines.push(
      `## ${environment} by phase`,
      "",
      `The ${environment} environment as each phase this version builds synthesizes it (\`phase\` set in its`,
      "configuration), at the same assumptions. Phase 2 needs a domain: its load balancer serves HTTPS only, with a",
      `certificate for the name. Its columns are synthesized with the merge patch ${WITH_DOMAIN_PATCH}`,
      "(`dns.domainName` example.com, and the shipped acknowledgements without HTTPS-IN-PRODUCTION, which a domain",
      "resolves), so they include the hosted zone and the health check.",
      "",
      "The change to Phase 2 item by item:",
      "",
      `    npm run cost -- --env production --phase 2 --patch ${WITH_DOMAIN_PATCH} --set dns.domainName=<yours>`,
      "",
      "The name does not change the price (the `--set` may be left out). Without the patch, `--phase 2` stops at the",
      "configuration error that asks for `dns.domainName`, and `--phase 2 --set dns.domainName=...` at the guardrails,",
      "which ask to remove the HTTPS-IN-PRODUCTION acknowledgement; both exit 2 with the message as is.",
      "",
      ...phaseTable(phases),
      "",
      ...phaseSections(estimates, phases),
    );
  }
  for (const e of estimates) {
    lines.push(`## ${e.environment} (${e.region}): USD ${usd(e.totalUsd)} per month`, "");
    lines.push(...itemTable(e));
    lines.push("", "| Stack | USD per month |", "| --- | ---: |");
    for (const [stack, total] of Object.entries(e.stackTotals)) lines.push(`| ${stack} | ${usd(total)} |`);
    lines.push(`| **${e.environment}** | **${usd(e.totalUsd)}** |`, "");
    lines.push(...freeAndNotPriced(e));
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

/** A plain-text report: one block per environment with its items and totals; with `phases`, their totals. */
export function renderText(estimates: readonly EnvironmentEstimate[], phases?: readonly PhaseEstimate[]): string {
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
  for (const p of phases ?? []) {
    lines.push(`${p.estimate.environment} as ${p.label}: USD ${usd(p.estimate.totalUsd)} per month`);
  }
  return lines.join("\n");
}

/** A Markdown report of a change: the lines that differ, the stacks' totals before and after, and the total. */
export function renderDeltaMarkdown(delta: CostDelta): string {
  const lines = [
    `# Cost of ${delta.change} in ${delta.environment}`,
    "",
    `USD ${usd(delta.beforeUsd)} -> ${usd(delta.afterUsd)} per month (${signed(delta.deltaUsd)}).`,
    "",
    ...deltaTable(delta),
  ];
  lines.push("", "| Stack | Before | After | Change |", "| --- | ---: | ---: | ---: |");
  for (const [stack, t] of Object.entries(delta.stackTotals)) {
    if (t.deltaUsd !== 0) lines.push(`| ${stack} | ${usd(t.beforeUsd)} | ${usd(t.afterUsd)} | ${signed(t.deltaUsd)} |`);
  }
  lines.push(
    `| **${delta.environment}** | **${usd(delta.beforeUsd)}** | **${usd(delta.afterUsd)}** | **${signed(delta.deltaUsd)}** |`,
    "",
  );
  if (delta.notPriced.length > 0) {
    lines.push("Not priced after the change (not counted; add a rule in scripts/cost/estimate.ts):", "");
    for (const n of delta.notPriced) lines.push(`- ${n.stack} \`${n.address}\``);
    lines.push("");
  }
  lines.push(
    "Assumptions (both sides): " +
      Object.entries(delta.after.usage)
        .map(([name, value]) => `\`${name}\` ${value}`)
        .join(", "),
    "",
  );
  return lines.join("\n");
}

/** A plain-text report of a change: one line per item that differs, then the stacks' totals and the total. */
export function renderDeltaText(delta: CostDelta): string {
  const lines = [
    `${delta.environment}, ${delta.change}: USD ${usd(delta.beforeUsd)} -> ${usd(delta.afterUsd)} per month (${signed(delta.deltaUsd)})`,
  ];
  let stack = "";
  for (const row of delta.rows) {
    if (row.stack !== stack) {
      stack = row.stack;
      const t = delta.stackTotals[stack];
      lines.push(
        t
          ? `  ${stack.padEnd(28)} ${usd(t.beforeUsd).padStart(9)} -> ${usd(t.afterUsd).padStart(9)} ${signed(t.deltaUsd).padStart(9)}`
          : `  ${stack}`,
      );
    }
    lines.push(
      `    ${signed(row.deltaUsd).padStart(9)}  ${row.description}${row.status === "changed" ? "" : ` (${row.status})`}: ${side(row.before)} -> ${side(row.after)}`,
    );
  }
  for (const n of delta.notPriced) lines.push(`  NOT PRICED: ${n.stack} ${n.address}`);
  return `${lines.join("\n")}\n`;
}

/** The JSON of a change for machines: totals, the stacks' totals, the lines that differ and the assumptions. */
export function renderDeltaJson(delta: CostDelta): string {
  const { before: _before, after, ...rest } = delta;
  return JSON.stringify({ ...rest, usage: after.usage }, null, 2);
}
