import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { composePatches } from "../../config";
import { synthesize } from "../preview/synth";

/** One side of a phase comparison: an environment as one configuration synthesizes it. */
export interface PhaseSide {
  /** Title of the column, for example `Phase 1`. */
  readonly label: string;
  /** Synthesized output directory holding the environment. */
  readonly outdir: string;
  readonly environment: string;
  /**
   * The label of the side this one changes one thing of (`Phase 2` for `Phase 2, NAT gateway`): the cost report
   * shows it as its difference from that side.
   * @default - a phase of its own
   */
  readonly baseline?: string;
}

/** A configuration compared: a merge patch of {@link COMPARED_ENVIRONMENT}, and its title. */
export interface ComparedConfiguration {
  readonly label: string;
  readonly patch: Record<string, unknown>;
  /** See {@link PhaseSide.baseline}. */
  readonly baseline?: string;
}

/** The environment phases are compared in: the one a phase change matters for. */
export const COMPARED_ENVIRONMENT = "production";

/**
 * The merge patch that gives production a domain, for the phases that need one (the load balancer serves HTTPS
 * only, with an ACM certificate for the name): `dns.domainName` example.com, and the shipped acknowledgements
 * without HTTPS-IN-PRODUCTION, which a domain resolves (synth refuses an acknowledgement that matches nothing).
 * The same file prices a phase change: `npm run cost -- --env production --phase 2 --patch <this file>`.
 */
export const WITH_DOMAIN_PATCH = "scripts/cost/with-domain.json";

const PROJECT_ROOT = resolve(__dirname, "..", "..");

/**
 * The configurations compared, as merge patches of {@link COMPARED_ENVIRONMENT}: each phase this version builds
 * (`AVAILABLE_PHASES` in config/capabilities.ts; a test keeps the two in step), Phase 2 with the domain it needs,
 * and Phase 2 with one NAT gateway instead of its VPC endpoints, the egress choice that moves the bill most.
 */
export function comparedConfigurations(): readonly ComparedConfiguration[] {
  const withDomain = JSON.parse(readFileSync(join(PROJECT_ROOT, WITH_DOMAIN_PATCH), "utf8")) as Record<string, unknown>;
  const phase2 = composePatches(withDomain, { phase: 2 }) as Record<string, unknown>;
  const nat = { capabilities: { vpcEndpoints: "none" }, network: { enableNatGateway: true } };
  return [
    { label: "Phase 1", patch: { phase: 1 } },
    { label: "Phase 2", patch: phase2 },
    {
      label: "Phase 2, NAT gateway",
      patch: composePatches(phase2, nat) as Record<string, unknown>,
      baseline: "Phase 2",
    },
  ];
}

/**
 * Synthesizes {@link COMPARED_ENVIRONMENT} once per {@link comparedConfigurations} (the app with
 * `CDKTF_CONFIG_PATCH`, as `npm run preview` does) under `workDir`, and returns the sides to draw.
 *
 * @throws SynthError (scripts/preview/synth.ts) with the app's output when a configuration does not synthesize.
 */
export async function synthesizePhases(workDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PhaseSide[]> {
  const sides: PhaseSide[] = [];
  mkdirSync(workDir, { recursive: true });
  // One at a time: each synth takes a core of the two this runs on.
  for (const [i, { label, patch, baseline }] of comparedConfigurations().entries()) {
    const outdir = join(workDir, `side-${i}`);
    await synthesize(label, PROJECT_ROOT, outdir, COMPARED_ENVIRONMENT, patch, env);
    sides.push({ label, outdir, environment: COMPARED_ENVIRONMENT, ...(baseline ? { baseline } : {}) });
  }
  return sides;
}

/** {@link synthesizePhases} into a temporary folder that is removed afterwards; `use` reads the sides. */
export async function withPhases<T>(use: (sides: readonly PhaseSide[]) => T): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), "diagram-phases-"));
  try {
    return use(await synthesizePhases(work));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
