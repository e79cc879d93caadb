import { CONFIG_PATCH_VARIABLE, PROJECT, applyConfigPatch, loadEnvironments, parseConfigPatch } from "./config";
import { GuardedApp, RULE_IDS } from "./guardrails";
import { buildEnvironment } from "./stacks";

// CDKTF_ENVIRONMENTS=production (or a comma-separated list) builds only those environments.
const only = (process.env.CDKTF_ENVIRONMENTS ?? "").split(",").map((name) => name.trim());
// GuardedApp checks every stack against the guardrails (docs/guardrails.md) before it writes anything.
// No creation stack traces in the manifest: they only repeat file paths of this machine.
const app = new GuardedApp({ stackTraces: false });
// CDKTF_CONFIG_PATCH: a JSON merge patch per environment (config/overrides.ts), used by `npm run preview`.
const patch = process.env[CONFIG_PATCH_VARIABLE];
const project = patch ? applyConfigPatch(PROJECT, parseConfigPatch(patch)) : PROJECT;
for (const environment of loadEnvironments(project, { only, ruleIds: RULE_IDS })) {
  buildEnvironment(app, environment);
}
app.synth();
