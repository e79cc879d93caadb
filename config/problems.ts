/** One thing wrong with the configuration. */
export interface ConfigProblem {
  /** Dotted path of the field, for example `environments.production.network.vpcCidr`. */
  readonly path: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected. */
  readonly expected: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Thrown once, with every problem found, before any construct is built. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

/** Collects problems so that a single pass can report all of them. */
export class ProblemCollector {
  private readonly found: ConfigProblem[] = [];

  /** Records a problem. */
  add(path: string, value: unknown, expected: string, fix: string): void {
    this.found.push({ path, value, expected, fix });
  }

  /** Records a problem unless `ok` holds; returns `ok`. */
  check(ok: boolean, path: string, value: unknown, expected: string, fix: string): boolean {
    if (!ok) this.add(path, value, expected, fix);
    return ok;
  }

  /** The problems recorded so far. */
  get problems(): readonly ConfigProblem[] {
    return this.found;
  }

  /** Throws a {@link ConfigError} carrying every problem, if there is any. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new ConfigError(this.found);
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map(
    (p) => `  - ${p.path}: got ${JSON.stringify(p.value) ?? "undefined"}; expected ${p.expected}. Fix: ${p.fix}`,
  );
  const noun = problems.length === 1 ? "problem" : "problems";
  return `Invalid configuration (${problems.length} ${noun}):\n${lines.join("\n")}`;
}
