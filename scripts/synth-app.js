/**
 * The app command of cdktf.json: runs main.ts through tsx's CommonJS hooks with Node's source maps off.
 *
 * cdktf records a full stack trace for every token it creates; with source maps on, Node maps every frame of
 * every trace, about a quarter of the synth time (docs/benchmark.md). Maps only matter when something fails, so:
 * configuration and guardrail errors (whose messages carry everything) are printed as they are, and any other
 * error runs the app once more with source maps on, so that its stack trace points at the TypeScript lines.
 */
const { spawnSync } = require("node:child_process");
const { join } = require("node:path");

require("tsx/cjs");
process.setSourceMapsEnabled(false);

const main = join(__dirname, "..", "main.ts");
try {
  require(main);
} catch (error) {
  if (error && (error.name === "ConfigError" || error.name === "GuardrailError")) {
    console.error(error.message);
    process.exit(1);
  }
  const rerun = spawnSync(process.execPath, ["--require", "tsx/cjs", main], { stdio: "inherit" });
  process.exit(rerun.status ?? 1);
}
