/**
 * Prints each test tier's time (the folder under __tests__: config, modules, terraform, integration, ...), from
 * its first suite's start to its last suite's end, then one closing line, `N passed, N failed`, counting every
 * test that ran (CI reads this line). Suites that fail to load count as failed too.
 */
const { relative, sep } = require("node:path");

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const tiers = new Map();
    for (const suite of results.testResults) {
      const parts = relative(this.rootDir, suite.testFilePath).split(sep);
      const tier = parts[0] === "__tests__" && parts.length > 2 ? parts[1] : "other";
      const { start, end } = suite.perfStats;
      const span = tiers.get(tier) ?? { start, end, tests: 0 };
      tiers.set(tier, {
        start: Math.min(span.start, start),
        end: Math.max(span.end, end),
        tests: span.tests + suite.numPassingTests + suite.numFailingTests,
      });
    }
    const lines = [...tiers.entries()]
      .sort(([, a], [, b]) => a.start - b.start)
      .map(
        ([tier, s]) =>
          `  ${tier.padEnd(12)} ${String(s.tests).padStart(4)} tests  ${((s.end - s.start) / 1000).toFixed(1)} s`,
      );
    if (lines.length > 0)
      process.stdout.write(`\nTier times (first start to last end; tiers overlap):\n${lines.join("\n")}\n`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed${tail}\n`);
  }
}

module.exports = SummaryReporter;
