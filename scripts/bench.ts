/**
 * `npm run bench`: times this project's synth of every stack against the stock CDKTF setup on the same stacks
 * (the `cdktf init --template=typescript` shape: `npx ts-node main.ts`, type-checking, the provider barrel), for
 * the app alone, for `cdktf synth` end to end and for the unit tier, and checks the targets from issue 2.
 * See docs/benchmark.md for the method and measured numbers.
 *
 *   npm run bench [-- --runs 5] [-- --unit-runs 1] [-- --keep]
 */
import { readFileSync, rmSync, mkdtempSync, mkdirSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StackSummary, summarize } from "./synth-summary";
import { terraformEnv } from "./terraform-cli-config";
import { GNU_TIME, RunOptions, Sample, requireGnuTime, timeCommand } from "./bench/measure";
import { Comparison, checkTargets, comparisonTable, medians } from "./bench/report";
import { EMPTY_APP, STOCK_APP, createEmptyProject, createStockVariant } from "./bench/stock-variant";

const PROJECT_ROOT = resolve(__dirname, "..");
/** The unit tier's test folders, when `npm run test:unit` is not a plain `jest <folders>` to read them from. */
const DEFAULT_UNIT_TIER = ["__tests__/config", "__tests__/modules", "__tests__/stacks"];

/** The folders `npm run test:unit` hands to jest, so the bench times the same tier the README runs. */
function unitTierFolders(): string[] {
  const script: unknown = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts?.["test:unit"];
  const match = typeof script === "string" ? /^jest((?:\s+[\w./-]+)+)$/.exec(script.trim()) : null;
  return match ? match[1].trim().split(/\s+/) : DEFAULT_UNIT_TIER;
}

/** Command-line options. */
interface Options {
  /** Timed runs of each setup for the app alone and for `cdktf synth`. */
  readonly runs: number;
  /** Timed runs of each setup for the unit tier (the stock one takes about a minute per run). */
  readonly unitRuns: number;
  /** Keep the temporary folder (stock copy, outputs) for inspection. */
  readonly keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  let runs = 5;
  let unitRuns = 1;
  let keep = false;
  const count = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`${flag}: got ${JSON.stringify(value)}; expected an integer >= ${min}. Fix: ${flag} 5`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--runs") runs = count(flag, argv[++i], 1);
    else if (flag === "--unit-runs") unitRuns = count(flag, argv[++i], 0);
    else if (flag === "--keep") keep = true;
    else {
      throw new Error(`unknown option ${JSON.stringify(flag)}; expected --runs N, --unit-runs N (0 skips) or --keep`);
    }
  }
  return { runs, unitRuns, keep };
}

/** This project, the stock CDKTF setup, and a project with no stacks (the cdktf CLI's own cost). */
type SetupName = "ours" | "stock" | "floor";

/** One of the setups being timed. */
interface Setup {
  readonly name: SetupName;
  readonly dir: string;
  /** The app command from the setup's cdktf.json. */
  readonly app: string;
}

/**
 * The environment `cdktf synth` gives the app (cdktf-cli's SynthStack.synth): the output folder, the context, and
 * a 4 GiB heap limit unless NODE_OPTIONS is already set. The app-alone runs use it so they time exactly what
 * cdktf would run.
 */
function appEnv(base: NodeJS.ProcessEnv, outdir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !key.startsWith("TF_VAR_")));
  return {
    ...env,
    NODE_OPTIONS: env.NODE_OPTIONS ?? "--max-old-space-size=4096",
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
    SYNTH_HCL_OUTPUT: "false",
  };
}

/** Fails the bench when a run synthesized other stacks, or other resource counts, than the reference. */
function assertSameStacks(reference: readonly StackSummary[], outdir: string, what: string): void {
  const actual = summarize(outdir);
  const show = (stacks: readonly StackSummary[]) =>
    stacks.map((s) => `${s.name}: ${s.resources} resources, ${s.dataSources} data, ${s.outputs} outputs`);
  const expected = show(reference);
  const got = show(actual);
  if (expected.join("\n") !== got.join("\n")) {
    throw new Error(
      `${what} synthesized different stacks than this project's app, so the timings would not compare like with ` +
        `like.\n  project's app:\n    ${expected.join("\n    ")}\n  ${what}:\n    ${got.join("\n    ")}`,
    );
  }
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const describeSample = (s: Sample) =>
  `${s.seconds.toFixed(2)} s wall, ${s.cpuSeconds.toFixed(2)} s CPU, ${Math.round(s.peakMiB)} MiB peak`;

/**
 * Times `runs` runs of each setup, rotating which goes first so that a change in machine load between runs falls
 * on all of them. `check` runs after every run (outside the timing) and may throw.
 */
function timeSetups(
  label: string,
  runs: number,
  setups: readonly Setup[],
  run: (setup: Setup, outdir: string) => { command: string; options: RunOptions },
  check: (setup: Setup, outdir: string, status: number) => void,
  scratch: string,
): Record<SetupName, Sample[]> {
  const samples: Record<SetupName, Sample[]> = { ours: [], stock: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const setup of setups.map((_, j) => setups[(i + j) % setups.length])) {
      const outdir = mkdtempSync(join(scratch, `${setup.name}-`));
      const { command, options } = run(setup, outdir);
      const sample = timeCommand(command, options);
      check(setup, outdir, sample.status);
      rmSync(outdir, { recursive: true, force: true });
      samples[setup.name].push(sample);
      log(`  ${label.padEnd(24)} ${setup.name.padEnd(5)} run ${i + 1}/${runs}: ${describeSample(sample)}`);
    }
  }
  return samples;
}

/** What jest's `--json` report says about one unit-tier run. */
interface JestCounts {
  readonly suites: number;
  readonly tests: number;
  readonly failed: number;
}

function jestCounts(reportFile: string): JestCounts {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  return { suites: report.numTotalTestSuites, tests: report.numTotalTests, failed: report.numFailedTests };
}

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  requireGnuTime();
  const startedAt = Date.now();
  const ourApp: string = JSON.parse(readFileSync(join(PROJECT_ROOT, "cdktf.json"), "utf8")).app;
  // Every stack of every environment: an inherited selection would make the comparison a partial one.
  const { CDKTF_ENVIRONMENTS: _selection, ...base } = terraformEnv();

  const root = mkdtempSync(join(tmpdir(), "cdktf-bench-"));
  const scratch = join(root, "out");
  mkdirSync(scratch);
  try {
    const stockDir = join(root, "stock");
    const { rewrittenFiles } = createStockVariant(PROJECT_ROOT, stockDir);
    const setups: [Setup, Setup] = [
      { name: "ours", dir: PROJECT_ROOT, app: ourApp },
      { name: "stock", dir: stockDir, app: STOCK_APP },
    ];
    log(`Stock setup in ${stockDir}: ${rewrittenFiles} files rewritten to import the @cdktf/provider-aws barrel.`);
    log(`Machine: ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg()[0].toFixed(2)} at start.`);

    // Untimed first run of this project's app: it warms tsx's transform cache and the OS file cache, and its
    // stacks are the reference every timed run of either setup must reproduce.
    const referenceDir = join(root, "reference");
    timeCommand(ourApp, { cwd: PROJECT_ROOT, env: appEnv(base, referenceDir) });
    const reference = summarize(referenceDir);
    const resources = reference.reduce((n, s) => n + s.resources, 0);
    log(`Reference: ${reference.length} stacks, ${resources} resources.`);
    const sameStacks = (setup: Setup, outdir: string) => assertSameStacks(reference, outdir, `${setup.name} setup`);

    const [ours, stock] = setups;
    const pair = (samples: Record<SetupName, Sample[]>, label: string): Comparison => ({
      label,
      ours: samples.ours,
      stock: samples.stock,
    });
    const app = pair(
      timeSetups(
        "app alone",
        options.runs,
        setups,
        (setup, outdir) => ({ command: setup.app, options: { cwd: setup.dir, env: appEnv(base, outdir) } }),
        sameStacks,
        scratch,
      ),
      "app alone",
    );

    const floorDir = join(root, "floor");
    createEmptyProject(PROJECT_ROOT, floorDir);
    const floorSetup: Setup = { name: "floor", dir: floorDir, app: EMPTY_APP };
    const synthSamples = timeSetups(
      "cdktf synth end to end",
      options.runs,
      [ours, stock, floorSetup],
      (setup, outdir) => ({ command: `npx cdktf synth --output ${outdir}`, options: { cwd: setup.dir, env: base } }),
      (setup, outdir) => {
        if (setup.name === "floor") assertSameStacks([], outdir, "the app with no stacks");
        else sameStacks(setup, outdir);
      },
      scratch,
    );
    const synth = pair(synthSamples, "cdktf synth end to end");
    const comparisons: Comparison[] = [app, synth];

    const unitProblems: string[] = [];
    if (options.unitRuns > 0) {
      const folders = unitTierFolders();
      const counts: Partial<Record<SetupName, JestCounts>> = {};
      const unit = timeSetups(
        "unit tier (jest)",
        options.unitRuns,
        setups,
        (setup, outdir) => ({
          // --no-cache: every run transforms (and, with ts-jest, type-checks) each file, as after an edit.
          command: `npx jest ${folders.join(" ")} --no-cache --silent --json --outputFile=${join(outdir, "jest.json")}`,
          options: { cwd: setup.dir, env: { ...base, CI: "true" }, allowFailure: true },
        }),
        (setup, outdir, status) => {
          const got = jestCounts(join(outdir, "jest.json"));
          const seen = counts[setup.name];
          if (seen && (seen.tests !== got.tests || seen.suites !== got.suites)) {
            throw new Error(`${setup.name} unit tier ran ${got.tests} tests this time, ${seen.tests} before`);
          }
          counts[setup.name] = got;
          if (status !== 0 && !unitProblems.some((p) => p.startsWith(setup.name))) {
            unitProblems.push(`${setup.name}: ${got.failed} of ${got.tests} tests failed (jest exit ${status})`);
          }
        },
        scratch,
      );
      if (counts.ours?.tests !== counts.stock?.tests || counts.ours?.suites !== counts.stock?.suites) {
        throw new Error(
          `the unit tier ran ${counts.ours?.tests} tests in ${counts.ours?.suites} files with SWC but ` +
            `${counts.stock?.tests} in ${counts.stock?.suites} with ts-jest: not the same tests`,
        );
      }
      comparisons.push(pair(unit, `unit tier (${counts.ours?.tests} tests)`));
    }

    const minutes = (Date.now() - startedAt) / 60000;
    console.log(`\nSynth of ${reference.length} stacks (${resources} resources), medians of the timed runs:\n`);
    console.log(comparisonTable(comparisons));
    console.log(
      `\nours = ${ourApp} (deep imports); stock = ${STOCK_APP} (ts-node type-checks, @cdktf/provider-aws barrel).`,
    );
    if (options.unitRuns > 0) {
      console.log(
        "unit tier: ours = jest + @swc/jest (no type-check); stock = jest + ts-jest (type-checks each file).",
      );
    }
    const floor = medians(synthSamples.floor);
    console.log(
      `cdktf synth of an app with no stacks (the CLI's own cost): ${floor.seconds.toFixed(2)} s wall, ` +
        `${floor.cpuSeconds.toFixed(2)} s CPU. Even an app that cost nothing would make cdktf synth end to end at ` +
        `most ${(medians(synth.stock).seconds / floor.seconds).toFixed(1)}x faster than stock here.`,
    );
    console.log(`Peak memory: GNU time (${GNU_TIME} -f %M), the largest single process of the command's process tree.`);
    console.log(`Load average ${loadavg()[0].toFixed(2)} at the end; bench took ${minutes.toFixed(1)} min.\n`);

    const targets = checkTargets(app, synth);
    for (const t of targets) console.log(`${t.passed ? "PASS" : "FAIL"}  ${t.description}: ${t.measured}`);
    for (const problem of unitProblems) console.log(`FAIL  unit tier tests: ${problem}`);
    return targets.every((t) => t.passed) && unitProblems.length === 0 ? 0 : 1;
  } finally {
    if (options.keep) log(`Kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
