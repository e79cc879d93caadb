import { App, AppConfig } from "cdktf";
import { GuardrailError, GuardrailRun, checkApp, runPassed } from "./engine";
import { summaryLine, writeReports } from "./report";

/** Props of {@link GuardedApp}. */
export interface GuardedAppConfig extends AppConfig {
  /**
   * Where the one-line summaries go.
   * @default console.log
   */
  readonly guardrailLog?: (line: string) => void;
}

/**
 * A cdktf App whose `synth()` checks every environment stack against the guardrails before writing anything.
 *
 * When a rule fails (or an acknowledgement matches nothing) synth throws a {@link GuardrailError} naming each rule
 * ID, and the output directory is left exactly as it was. Otherwise the stacks are written as usual, followed by
 * one report per environment in `<outdir>/guardrails/<environment>.md`.
 */
export class GuardedApp extends App {
  /** The checks of the last `synth()`, for tests and tooling. */
  guardrailRun?: GuardrailRun;
  private readonly log: (line: string) => void;

  constructor(config: GuardedAppConfig = {}) {
    super(config);
    this.log = config.guardrailLog ?? ((line) => console.log(line));
  }

  override synth(): void {
    const run = checkApp(this);
    this.guardrailRun = run;
    run.stacks.forEach((outcome) => this.log(summaryLine(outcome)));
    if (!runPassed(run)) throw new GuardrailError(run);
    super.synth();
    const reports = writeReports(run, this.outdir);
    if (reports.length > 0) this.log(`guardrails: reports in ${reports.join(", ")}`);
  }
}
