import { PROJECT, loadEnvironments } from "./config";
import { GuardedApp, RULE_IDS } from "./guardrails";
import { buildEnvironment } from "./stacks";

// CDKTF_ENVIRONMENTS=production (or a comma-separated list) builds only those environments.
const only = (process.env.CDKTF_ENVIRONMENTS ?? "").split(",").map((name) => name.trim());
// GuardedApp checks every stack against the guardrails (docs/guardrails.md) before it writes anything.
// No creation stack traces in the manifest: they only repeat file paths of this machine.
const app = new GuardedApp({ stackTraces: false });
for (const environment of loadEnvironments(PROJECT, { only, ruleIds: RULE_IDS })) {
  buildEnvironment(app, environment);
}
app.synth();
