import { Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROJECT, applyConfigPatch, loadEnvironments } from "../../config";
import { STATEFUL_TYPES } from "../../scripts/preview/report";
import { parseRunbook, stepPatches } from "../../scripts/preview/runbook";
import { buildEnvironment } from "../../stacks";
import { SynthesizedStack, resourcesOf } from "../support/synth";
import { runPreview } from "./run-preview";

// docs/phase2.md: the switch from Phase 1 to Phase 2, previewed step by step with the real AWS provider (each step
// against the one before it), and each step's configuration synthesized, for every shipped environment, to check
// that the public record points at something that serves.
jest.setTimeout(1_500_000);

const PROJECT_ROOT = resolve(__dirname, "..", "..");
const RUNBOOK_FILE = "scripts/runbooks/phase-1-to-2.json";
const runbook = parseRunbook(RUNBOOK_FILE, JSON.parse(readFileSync(join(PROJECT_ROOT, RUNBOOK_FILE), "utf8")));
const ENVIRONMENTS = PROJECT.environments.map((env) => env.name);

/** The stacks of one environment with `patch` applied, synthesized in-process. */
function synthesized(environment: string, patch: Record<string, unknown>) {
  const app = Testing.app();
  const [config] = loadEnvironments(applyConfigPatch(PROJECT, { [environment]: patch }), { only: [environment] });
  const stacks = buildEnvironment(app, config);
  app.synth();
  const read = (stack: { node: { id: string } }): SynthesizedStack =>
    JSON.parse(readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  return { records: read(stacks.records), compute: read(stacks.compute), ingress: read(stacks.ingress) };
}

describe("the Phase 1 to Phase 2 runbook", () => {
  test("ends at Phase 2 with nothing left of the switch", () => {
    const end = stepPatches(runbook, "production").at(-1)!;
    expect(end.phase).toBe(2);
    expect(end.transition).toBeNull();
    const [config] = loadEnvironments(applyConfigPatch(PROJECT, { production: end }), { only: ["production"] });
    expect(config.capabilities.compute.kind).toBe("auto-scaling-group");
    expect(config.transition).toEqual({ keepInstance: false, keepAddress: false, recordTarget: "load-balancer" });
  });

  test("docs/phase2.md lists the runbook's steps in order", () => {
    const doc = readFileSync(join(PROJECT_ROOT, "docs", "phase2.md"), "utf8");
    const rows = [...doc.matchAll(/^\| (\d+) +\| `([a-z-]+)` /gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(runbook.steps.map((step, i) => [i + 1, step.name]));
  });

  test.each(ENVIRONMENTS)("%s: the record points at something that serves after every step", (environment) => {
    const patches = stepPatches(runbook, environment);
    patches.forEach((patch, i) => {
      const { records, compute, ingress } = synthesized(environment, patch);
      const where = i === 0 ? "at the start" : `after ${runbook.steps[i - 1].name}`;
      const [[, record]] = resourcesOf(records, "aws_route53_record");
      if (record.alias) {
        expect({ where, balancers: resourcesOf(ingress, "aws_lb").length }).toEqual({ where, balancers: 1 });
        const groups = resourcesOf(compute, "aws_autoscaling_group").map(([, g]) => g.min_size);
        expect({ where, groups }).toEqual({ where, groups: [expect.any(Number)] });
        expect(groups[0]).toBeGreaterThanOrEqual(1);
      } else {
        // An A record on the host's Elastic IP, while the host runs with it attached.
        expect({ where, instances: resourcesOf(compute, "aws_instance").length }).toEqual({ where, instances: 1 });
        expect(JSON.stringify(record.records)).toContain("aws_eip");
        const [[, eip]] = resourcesOf(compute, "aws_eip");
        expect({ where, attached: eip.network_interface !== undefined }).toEqual({ where, attached: true });
      }
    });
  });

  // Production is the environment every protection is on in, with three zones and the delivery roles: its
  // runbook plans a superset of what development's and test's do. Each environment's whole runbook takes about
  // ten minutes on two cores, so the tests preview production; `npm run preview -- --env <name> --runbook ...`
  // previews the others (docs/phase2.md).
  test.each(["production"])(
    "%s: every step previews safe: nothing stateful destroyed or replaced, but the address it releases",
    async (environment) => {
      const run = await runPreview(["--env", environment, "--runbook", RUNBOOK_FILE]);
      expect(run.stderr).toBe("");
      const summary = run.stdout.slice(run.stdout.lastIndexOf(`Runbook ${runbook.title}`));
      for (const step of runbook.steps) expect(summary).toMatch(new RegExp(`^  ${step.name}: .*; safe$`, "m"));
      expect(run.code).toBe(0);
      // Every stateful resource a step touches is updated in place or created, never destroyed or replaced, except
      // what the step declares it releases.
      const sections = run.stdout.split(/^Preview of /m).slice(1);
      expect(sections).toHaveLength(runbook.steps.length);
      sections.forEach((section, i) => {
        const releases = runbook.steps[i].releases ?? [];
        const destroyed = section
          .split("\n")
          .filter((line) => /^ +(-|-\/\+) +(delete|replace) /.test(line) && /STATEFUL/.test(line))
          .filter((line) => !releases.some((type) => line.includes(` ${type}.`)));
        expect({ step: runbook.steps[i].name, destroyed }).toEqual({ step: runbook.steps[i].name, destroyed: [] });
        expect(section).not.toMatch(/could not be planned|could not build a clean baseline|orphaned/);
      });
      // The expand step builds the whole of Phase 2 beside the host, and the switch moves the record in place.
      const expand = sections[runbook.steps.findIndex((s) => s.name === "expand")];
      for (const type of ["aws_lb", "aws_autoscaling_group", "aws_vpc_endpoint", "aws_acm_certificate"]) {
        expect(expand).toMatch(new RegExp(`\\+ +create +${type}\\.`));
      }
      const change = sections[runbook.steps.findIndex((s) => s.name === "switch")];
      expect(change).toMatch(/~ +update +aws_route53_record\.ServiceRecord_\w+/);
      expect(STATEFUL_TYPES.aws_eip).toBeDefined();
    },
  );
});
