import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AVAILABLE_PHASES } from "../../config";
import { synthesize } from "../preview/synth";

/** One side of a phase comparison: an environment as one configuration synthesizes it. */
export interface PhaseSide {
  /** Title of the column, for example `Phase 1`. */
  readonly label: string;
  /** Synthesized output directory holding the environment. */
  readonly outdir: string;
  readonly environment: string;
}

/** The environment phases are compared in: the one a phase change matters for. */
export const COMPARED_ENVIRONMENT = "production";

/**
 * The configurations compared, as merge patches of {@link COMPARED_ENVIRONMENT}: one per phase this
 * version builds (config/capabilities.ts), so a phase appears here when the stacks can build it.
 */
export function comparedConfigurations(): readonly { label: string; patch: Record<string, unknown> }[] {
  return AVAILABLE_PHASES.map((phase) => ({ label: `Phase ${phase}`, patch: { phase } }));
}

const PROJECT_ROOT = resolve(__dirname, "..", "..");

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
  for (const [i, { label, patch }] of comparedConfigurations().entries()) {
    const outdir = join(workDir, `side-${i}`);
    await synthesize(label, PROJECT_ROOT, outdir, COMPARED_ENVIRONMENT, patch, env);
    sides.push({ label, outdir, environment: COMPARED_ENVIRONMENT });
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
