import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentDiagram } from "../../scripts/diagram/diagram";
import { ARCHITECTURE_DOC, architectureDocument } from "../../scripts/diagram/main";
import { projectWith } from "../support/environment";
import { synthesizeAllEnvironments } from "../support/terraform";

/**
 * `npm run diagram`: the Mermaid diagrams in docs/architecture.md are drawn from the synthesized stacks, are
 * current, and render in a real browser (mermaid-cli with Debian's Chromium); a diagram that does not parse
 * fails here.
 */

const root = mkdtempSync(join(tmpdir(), "diagram-"));
const outdir = join(root, "synth");
synthesizeAllEnvironments(outdir);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Renders a Markdown file's Mermaid blocks to SVG files with mermaid-cli; its status, output and the SVGs. */
function render(markdown: string) {
  const chromium = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
  if (!chromium) throw new Error("chromium is not installed: apt-get install chromium (.ci/run does)");
  const dir = mkdtempSync(join(root, "render-"));
  writeFileSync(join(dir, "in.md"), markdown);
  const args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];
  writeFileSync(join(dir, "puppeteer.json"), JSON.stringify({ executablePath: chromium, args }));
  const mmdc = join(__dirname, "..", "..", "node_modules", ".bin", "mmdc");
  const run = spawnSync(mmdc, ["-i", "in.md", "-o", "out.md", "-p", "puppeteer.json"], { cwd: dir, encoding: "utf8" });
  const svgs = [1, 2, 3, 4].map((n) => join(dir, `out-${n}.svg`)).filter(existsSync);
  return { status: run.status, output: run.stdout + run.stderr, svgs: svgs.map((f) => readFileSync(f, "utf8")) };
}

describe("architecture diagrams", () => {
  test("docs/architecture.md is current (npm run synth && npm run diagram)", () => {
    expect(readFileSync(ARCHITECTURE_DOC, "utf8")).toBe(architectureDocument(outdir));
  });

  test("each environment's diagram renders to SVG in Chromium, with the parts that exist", () => {
    const result = render(architectureDocument(outdir));
    expect(result.status).toBe(0);
    expect(result.svgs).toHaveLength(3);
    const production = result.svgs.find((svg) => svg.includes("VPC 10.30.0.0/16"))!;
    for (const part of ["ap-northeast-1d", "EC2 t4g.micro", "RDS PostgreSQL db.t4g.micro", "Internet Gateway"]) {
      expect(production).toContain(part);
    }
  }, 120_000);

  test("a diagram that does not parse fails the render", () => {
    const result = render("```mermaid\ngraph TB\n  A[unclosed --> B\n```\n");
    expect(result.status).not.toBe(0);
  }, 60_000);

  test("a domain adds Route 53 in front of the host", () => {
    const dir = join(root, "with-domain");
    synthesizeAllEnvironments(
      dir,
      projectWith("development", (env) => ({ ...env, dns: { domainName: "example.com" } })),
    );
    const diagram = environmentDiagram(dir, "development");
    expect(diagram).toContain('DNS["Route 53<br/>zone example.com<br/>health check"]');
    expect(diagram).toContain("User -->|DNS| DNS");
    expect(diagram).toContain("DNS -.-> Host");
  });
});
