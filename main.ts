import { App } from "cdktf";
import { PROJECT, loadEnvironments } from "./config";
import { buildEnvironment } from "./stacks";

// CDKTF_ENVIRONMENTS=production (or a comma-separated list) builds only those environments.
const only = (process.env.CDKTF_ENVIRONMENTS ?? "").split(",").map((name) => name.trim());
const app = new App();
for (const environment of loadEnvironments(PROJECT, { only })) {
  buildEnvironment(app, environment);
}
app.synth();
