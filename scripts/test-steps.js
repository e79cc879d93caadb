/**
 * `npm test`: lint (eslint, prettier, import cycles), the type check, then jest, in that order, stopping at the
 * first that fails. Prints each step's time; jest prints each test tier's time itself (jest-summary-reporter.js).
 * Arguments are passed to jest (`npm test -- __tests__/config`).
 */
const { spawnSync } = require("node:child_process");

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const steps = [
  ["lint", npm, ["run", "--silent", "lint"]],
  ["typecheck", npm, ["run", "--silent", "typecheck"]],
  ["jest", "npx", ["--no-install", "jest", ...process.argv.slice(2)]],
];
const times = [];
let status = 0;
for (const [name, command, args] of steps) {
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: "inherit" });
  times.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  status = run.status ?? 1;
  if (status !== 0) break;
}
// Printed before jest's closing line would be lost in the scroll, so after it; CI reads the last `N passed` line.
process.stderr.write(`\nStep times: ${times.join(", ")}\n`);
process.exit(status);
