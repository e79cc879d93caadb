import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { App } from "cdktf";
import { EnvironmentInput, loadEnvironments } from "../../config";
import { DeliveryStack } from "../../stacks";
import { projectWith } from "../support/environment";
import { synth } from "../support/synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function deliveryStack(name: string, change: (env: EnvironmentInput) => EnvironmentInput = (env) => env) {
  const [environment] = loadEnvironments(projectWith(name, change), { only: [name] });
  const stack = new DeliveryStack(new App(), { environment });
  return {
    stack,
    parsed: synth(stack).parsed as unknown as { resource?: Resources; output?: Record<string, unknown> },
  };
}

describe("DeliveryStack", () => {
  test("production: GitHub's OIDC provider and the four roles, with their ARNs as outputs", () => {
    const { parsed } = deliveryStack("production");
    expect(Object.values(parsed.resource![IamOpenidConnectProvider.tfResourceType])).toHaveLength(1);
    expect(
      Object.values(parsed.resource![IamRole.tfResourceType])
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "webapp-production-github-app-deploy",
      "webapp-production-github-deploy",
      "webapp-production-github-image",
      "webapp-production-github-plan",
    ]);
    expect(Object.keys(parsed.output!).sort()).toEqual(
      ["AppDeployRoleArn", "DeployRoleArn", "ImageRoleArn", "PlanRoleArn"].sort(),
    );
  });

  test("an environment that adopts the account's provider names it by ARN and creates none", () => {
    const { parsed } = deliveryStack("production", (env) => ({
      ...env,
      delivery: { ...env.delivery!, adoptOidcProvider: true },
    }));
    expect(parsed.resource![IamOpenidConnectProvider.tfResourceType]).toBeUndefined();
    const trust = JSON.parse(String(Object.values(parsed.resource![IamRole.tfResourceType])[0].assume_role_policy));
    expect(trust.Statement[0].Principal.Federated).toBe(
      "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com",
    );
  });

  test("without delivery configuration the stack is empty", () => {
    const { parsed } = deliveryStack("development");
    expect(parsed.resource).toBeUndefined();
    expect(parsed.output).toBeUndefined();
  });
});
