import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_NAMES } from "../../config";
import { EnvironmentEstimate, environmentsIn, estimate } from "./estimate";
import { renderMarkdown, renderText } from "./render";
import { resolveUsage } from "./usage";

/** Parsed command line of `npm run cost`. */
export interface CostArgs {
  readonly outdir: string;
  readonly environments: readonly string[];
  readonly format: "text" | "markdown" | "json";
  readonly usageFile?: string;
  readonly twelveMonthFreeTier: boolean;
  /** Write the report to this file instead of standard output. */
  readonly write?: string;
}

const USAGE = `npm run cost -- [--env production[,test]] [--format text|markdown|json] [--usage usage.json]
                    [--twelve-month-free-tier] [--outdir cdktf.out] [--write docs/cost.md]`;

/** Parses `argv`; throws naming the flag, the value and the fix. */
export function parseCostArgs(argv: readonly string[]): CostArgs {
  let outdir = "cdktf.out";
  let environments: string[] = [];
  let format: CostArgs["format"] = "text";
  let usageFile: string | undefined;
  let twelveMonthFreeTier = false;
  let write: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value. Usage: ${USAGE}`);
      return next;
    };
    switch (flag) {
      case "--outdir":
        outdir = value();
        break;
      case "--env":
        environments = value().split(",").filter(Boolean);
        break;
      case "--format": {
        const f = value();
        if (f !== "text" && f !== "markdown" && f !== "json") {
          throw new Error(`--format ${f}: expected text, markdown or json`);
        }
        format = f;
        break;
      }
      case "--usage":
        usageFile = value();
        break;
      case "--write":
        write = value();
        break;
      case "--twelve-month-free-tier":
        twelveMonthFreeTier = true;
        break;
      default:
        throw new Error(`unknown flag ${flag}. Usage: ${USAGE}`);
    }
  }
  for (const env of environments) {
    if (!(ENVIRONMENT_NAMES as readonly string[]).includes(env)) {
      throw new Error(`--env ${env}: not an environment; use ${ENVIRONMENT_NAMES.join(", ")}`);
    }
  }
  return { outdir, environments, format, usageFile, twelveMonthFreeTier, write };
}

/** Estimates every selected environment synthesized in `args.outdir`. */
export function runCost(args: CostArgs): EnvironmentEstimate[] {
  if (!existsSync(join(args.outdir, "manifest.json"))) {
    throw new Error(`no ${args.outdir}/manifest.json: run npm run synth first (or pass --outdir)`);
  }
  const available = environmentsIn(args.outdir, ENVIRONMENT_NAMES);
  const environments = args.environments.length > 0 ? args.environments : available;
  for (const env of environments) {
    if (!available.includes(env))
      throw new Error(`--env ${env}: not synthesized in ${args.outdir}; synthesize it first`);
  }
  const usage = resolveUsage(environments, args.usageFile);
  return environments.map((env) =>
    estimate(args.outdir, env, usage[env], { twelveMonthFreeTier: args.twelveMonthFreeTier }),
  );
}

/** Renders estimates in the requested format. */
export function render(estimates: readonly EnvironmentEstimate[], format: CostArgs["format"]): string {
  if (format === "json") return JSON.stringify(estimates, null, 2);
  return format === "markdown" ? renderMarkdown(estimates) : renderText(estimates);
}

if (require.main === module) {
  try {
    const args = parseCostArgs(process.argv.slice(2));
    const report = `${render(runCost(args), args.format)}\n`;
    if (args.write) {
      writeFileSync(args.write, report);
      console.log(`wrote ${args.write}`);
    } else {
      process.stdout.write(report);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
