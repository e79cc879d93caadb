import { EnvironmentInput, ProjectInput } from "../../config";
import { projectWith } from "./environment";

/** The domain Phase 2 is synthesized with: its load balancer serves HTTPS only, with a certificate for a name. */
export const PHASE_2_DOMAIN = "example.com";

/**
 * The configured project with production in Phase 2, changed by `change`: a domain, and the shipped
 * acknowledgements without HTTPS-IN-PRODUCTION, which the domain resolves (synth refuses an acknowledgement that
 * matches nothing). The same configuration as scripts/cost/with-domain.json with `phase: 2`.
 */
export function phase2Production(change: (env: EnvironmentInput) => EnvironmentInput = (env) => env): ProjectInput {
  return projectWith("production", (env) =>
    change({
      ...env,
      phase: 2,
      dns: { domainName: PHASE_2_DOMAIN },
      guardrails: {
        ...env.guardrails,
        acknowledgements: (env.guardrails?.acknowledgements ?? []).filter((a) => a.ruleId !== "HTTPS-IN-PRODUCTION"),
      },
    }),
  );
}

/** Phase 2 with one NAT gateway for the private hosts instead of the VPC endpoints. */
export const withNatGateway = (env: EnvironmentInput): EnvironmentInput => ({
  ...env,
  capabilities: { ...env.capabilities, vpcEndpoints: "none" },
  network: { ...env.network, enableNatGateway: true },
});
