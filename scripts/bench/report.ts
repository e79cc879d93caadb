import { Sample, median } from "./measure";

/** The samples of one measured step, for this project's setup and the stock one. */
export interface Comparison {
  readonly label: string;
  readonly ours: readonly Sample[];
  readonly stock: readonly Sample[];
}

/** Medians of one side of a comparison. */
export interface Medians {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakMiB: number;
}

export function medians(samples: readonly Sample[]): Medians {
  return {
    seconds: median(samples.map((s) => s.seconds)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    peakMiB: median(samples.map((s) => s.peakMiB)),
  };
}

const seconds = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} s`;
const mib = (value: number) => `${Math.round(value)} MiB`;
const ratio = (value: number) => `${value.toFixed(1)}x`;

/** A Markdown table (readable as plain text too) of medians and stock / ours ratios, one row per comparison. */
export function comparisonTable(comparisons: readonly Comparison[]): string {
  const header = [
    "step",
    "runs",
    "ours (median)",
    "stock (median)",
    "time stock/ours",
    "CPU ours / stock",
    "peak mem ours",
    "peak mem stock",
    "mem stock/ours",
  ];
  const rows = comparisons.map((c) => {
    const ours = medians(c.ours);
    const stock = medians(c.stock);
    return [
      c.label,
      String(c.ours.length),
      seconds(ours.seconds),
      seconds(stock.seconds),
      ratio(stock.seconds / ours.seconds),
      `${seconds(ours.cpuSeconds)} / ${seconds(stock.cpuSeconds)}`,
      mib(ours.peakMiB),
      mib(stock.peakMiB),
      ratio(stock.peakMiB / ours.peakMiB),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A target the issue sets, checked against the medians. */
export interface TargetResult {
  readonly description: string;
  readonly measured: string;
  readonly passed: boolean;
}

/** The targets: the app >= 10x faster with <= 1/4 of the stock peak memory; cdktf synth end to end >= 4x faster. */
export function checkTargets(app: Comparison, synth: Comparison): TargetResult[] {
  const appOurs = medians(app.ours);
  const appStock = medians(app.stock);
  const synthRatio = medians(synth.stock).seconds / medians(synth.ours).seconds;
  const appRatio = appStock.seconds / appOurs.seconds;
  const memoryShare = appOurs.peakMiB / appStock.peakMiB;
  return [
    { description: "app alone at least 10x faster", measured: ratio(appRatio), passed: appRatio >= 10 },
    {
      description: "app alone peak memory at most 1/4 of stock",
      measured: `${(memoryShare * 100).toFixed(1)}% of stock`,
      passed: memoryShare <= 0.25,
    },
    { description: "cdktf synth end to end at least 4x faster", measured: ratio(synthRatio), passed: synthRatio >= 4 },
  ];
}
