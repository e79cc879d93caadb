import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentDiagram } from "../../scripts/diagram/diagram";
import { ARCHITECTURE_DOC, architectureDocument } from "../../scripts/diagram/main";
import { PhaseSide, synthesizePhases } from "../../scripts/cost/phases";
import { phaseComparisonDiagram } from "../../scripts/diagram/phases";
import { PHASE_1_BY_HAND, PHASE_2_BY_HAND, PHASE_2_WITH_NAT_BY_HAND } from "../support/cost-by-hand";
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
/** Production as each phase this version builds, and Phase 2 with a NAT gateway (the app run as npm run diagram runs it). */
let phases: PhaseSide[];
beforeAll(async () => {
  phases = await synthesizePhases(join(root, "phases"));
}, 120_000);

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
  const svgs = [1, 2, 3, 4, 5, 6].map((n) => join(dir, `out-${n}.svg`)).filter(existsSync);
  return { status: run.status, output: run.stdout + run.stderr, svgs: svgs.map((f) => readFileSync(f, "utf8")) };
}

describe("architecture diagrams", () => {
  test("docs/architecture.md is current (npm run synth && npm run diagram)", () => {
    expect(readFileSync(ARCHITECTURE_DOC, "utf8")).toBe(architectureDocument(outdir, phases));
  });

  test("each environment's diagram and the phase comparison render to SVG in Chromium, with the parts that exist", () => {
    const result = render(architectureDocument(outdir, phases));
    expect(result.status).toBe(0);
    expect(result.svgs).toHaveLength(4);
    expect(result.svgs[3]).toMatch(/Phase 1: USD \d+\.\d\d a month/);
    const production = result.svgs.find((svg) => svg.includes("VPC 10.30.0.0/16"))!;
    for (const part of ["ap-northeast-1d", "EC2 t4g.micro", "RDS PostgreSQL db.t4g.micro", "Internet Gateway"]) {
      expect(production).toContain(part);
    }
  }, 120_000);

  test("the phase comparison draws each side's entry, compute, database and egress, and renders", () => {
    expect(phases.map((p) => p.label)).toEqual(["Phase 1", "Phase 2", "Phase 2, NAT gateway"]);
    const diagram = phaseComparisonDiagram(phases);
    for (const part of [
      'P1_Entry["Elastic IP on the host<br/>HTTP/HTTPS"]',
      'P1_Compute["EC2 t4g.micro<br/>1 host, public subnet"]',
      'P1_DB[("RDS PostgreSQL db.t4g.micro<br/>single-AZ")]',
      'P1_Egress["Internet Gateway"]',
      'P2_Entry["Application Load Balancer<br/>HTTPS<br/>3 zones, public subnets"]',
      'P2_Compute["Auto Scaling group<br/>2 x EC2 t4g.micro<br/>min 2, max 4<br/>private subnets"]',
      'P2_DB[("RDS PostgreSQL db.t4g.micro<br/>Multi-AZ standby")]',
      'P2_Replica[("1 read replica<br/>db.t4g.micro")]',
      'P2_Egress["VPC endpoints<br/>S3 gateway<br/>9 interface endpoints x 3 zones"]',
      'P3_Egress["1 NAT gateway<br/>with its Elastic IP"]',
      "P2_DB -.->|replication| P2_Replica",
    ]) {
      expect(diagram).toContain(part);
    }
    expect(diagram).not.toContain("P1_Replica");
    // Each column is titled with its estimate, the hand computation's within 1 %.
    const totals = Object.fromEntries(
      [...diagram.matchAll(/subgraph (P\d)\["[^"]*: USD (\d+\.\d\d) a month"\]/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(Object.keys(totals).sort()).toEqual(["P1", "P2", "P3"]);
    const byHand = { P1: PHASE_1_BY_HAND, P2: PHASE_2_BY_HAND, P3: PHASE_2_WITH_NAT_BY_HAND };
    for (const [column, usd] of Object.entries(byHand)) {
      expect(Math.abs(totals[column] - usd) / usd).toBeLessThanOrEqual(0.01);
    }
    const result = render("```mermaid\n" + diagram + "\n```\n");
    expect(result.status).toBe(0);
    expect(result.svgs[0]).toContain("9 interface endpoints x 3 zones");
    // The environment's own diagram sends private hosts out through the NAT gateway, not past it.
    const withNat = environmentDiagram(phases[2].outdir, "production");
    expect(withNat).toContain('NAT["NAT gateway"]');
    expect(withNat).toContain("ASG_ap_northeast_1c --> NAT");
    expect(withNat).toContain("NAT --> IGW");
    expect(withNat).not.toContain("ASG_ap_northeast_1c --> IGW");
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
