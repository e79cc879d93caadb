import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * scripts/delivery/terraform-stacks.sh, which the infrastructure workflow runs, against a synthesized manifest
 * and a fake `terraform` on the PATH that exits with the code a test gives each stack's plan.
 */

const root = join(__dirname, "..", "..");
const script = join(root, "scripts", "delivery", "terraform-stacks.sh");
const fakes = join(root, "__tests__", "support", "fake-aws");

// The manifest lists stacks alphabetically; dependencies decide the order.
const STACKS: Record<string, string[]> = {
  "production-bootstrap": [],
  "production-compute": ["production-database", "production-network"],
  "production-database": ["production-network"],
  "production-monitoring": ["production-compute"],
  "production-network": [],
  "test-network": [],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "terraform-stacks-"));
  const stacks = Object.fromEntries(
    Object.entries(STACKS).map(([name, dependencies]) => [
      name,
      { name, dependencies, workingDirectory: `stacks/${name}` },
    ]),
  );
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks }));
  for (const name of Object.keys(STACKS)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    const backend = name.endsWith("-bootstrap") ? {} : { backend: { s3: { bucket: "b" } } };
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify({ terraform: backend }));
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(mode: string, exitCodes: Record<string, number> = {}) {
  writeFileSync(
    join(dir, "exit-codes"),
    Object.entries(exitCodes)
      .map(([stack, code]) => `${stack} ${code}\n`)
      .join(""),
  );
  const summary = join(dir, "summary.md");
  const result = spawnSync("bash", [script, mode, "production"], {
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${fakes}:${process.env.PATH}`,
      FAKE_AWS_DIR: dir,
      CDKTF_OUTDIR: dir,
      GITHUB_STEP_SUMMARY: summary,
    },
  });
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), "utf8");
    } catch {
      return "";
    }
  };
  return { ...result, calls: read("calls").trim().split("\n").filter(Boolean), summary: read("summary.md") };
}

describe("terraform-stacks.sh", () => {
  test("lists one environment's stacks, each after the stacks it depends on", () => {
    expect(run("list").stdout.trim().split("\n")).toEqual([
      "production-bootstrap",
      "production-network",
      "production-database",
      "production-compute",
      "production-monitoring",
    ]);
  });

  test("plans every stack but a bootstrap on local state; changes are reported, not failed", () => {
    const result = run("plan", { "production-database": 2 });
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.endsWith(" plan"))).toEqual([
      "production-network plan",
      "production-database plan",
      "production-compute plan",
      "production-monitoring plan",
    ]);
    expect(result.summary).toMatch(/\| production-bootstrap \| skipped: local state \|/);
    expect(result.summary).toMatch(/\| production-database \| changes \|/);
  });

  test("a plan error fails the run and names the stack", () => {
    const result = run("plan", { "production-compute": 1 });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/::error::terraform failed in production: production-compute/);
  });

  test("drift fails loudly and says which stacks drifted", () => {
    const result = run("drift", { "production-network": 2, "production-monitoring": 2 });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/::error::drift in production: production-network production-monitoring differ/);
    expect(result.summary).toMatch(/\| production-network \| \*\*drifted\*\* \|/);
    expect(result.calls.filter((c) => c.includes(" plan"))).toEqual([
      "production-network plan refresh-only",
      "production-database plan refresh-only",
      "production-compute plan refresh-only",
      "production-monitoring plan refresh-only",
    ]);
    expect(result.summary).toMatch(/\| production-compute \| no changes \|/);
  });

  test("no drift passes", () => {
    expect(run("drift").status).toBe(0);
  });

  test("an unknown mode is refused with the usage", () => {
    const result = run("apply");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/terraform-stacks\.sh plan {2}ENVIRONMENT/);
  });
});
