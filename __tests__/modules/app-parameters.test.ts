import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { AppParameters, IMAGE_TAG_NOT_DEPLOYED } from "../../modules/app-parameters";
import { synthModule } from "../support/module-stack";
import { resourcesOf } from "../support/synth";

function parameters() {
  return synthModule(
    (scope) =>
      new AppParameters(scope, "AppParameters", {
        appParameterPath: "/webapp/test/app",
        imageTagParameterName: "/webapp/test/deploy/image-tag",
        imageRepositoryParameterName: "/webapp/test/deploy/image-repository",
        imageRepositoryUrl: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/test/app",
        masterSecretArnParameterName: "/webapp/test/database/master-secret-arn",
        masterSecretArn: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1",
        environment: { DB_HOST: "db.internal", S3_BUCKET: "webapp-test-app-files" },
      }),
  );
}

describe("AppParameters", () => {
  test("one String parameter per environment variable, under the application path", () => {
    const { json } = parameters();
    expect(json).toHaveResourceWithProperties(SsmParameter, {
      name: "/webapp/test/app/DB_HOST",
      type: "String",
      tier: "Standard",
      value: "db.internal",
    });
    expect(json).toHaveResourceWithProperties(SsmParameter, {
      name: "/webapp/test/app/S3_BUCKET",
      value: "webapp-test-app-files",
    });
  });

  test("every parameter lives under the environment's path, in the free standard tier", () => {
    const all = resourcesOf(parameters().parsed, SsmParameter.tfResourceType).map(([, p]) => p);
    expect(all).toHaveLength(5);
    expect(all.every((p) => String(p.name).startsWith("/webapp/test/"))).toBe(true);
    expect(all.every((p) => p.tier === "Standard")).toBe(true);
  });

  test("Terraform never creates secrets: no SecureString and no value-only-once fields", () => {
    const all = resourcesOf(parameters().parsed, SsmParameter.tfResourceType).map(([, p]) => p);
    expect(all.filter((p) => p.type === "SecureString")).toEqual([]);
    expect(all.filter((p) => p.insecure_value !== undefined || p.value_wo !== undefined)).toEqual([]);
  });

  test("the image tag starts as the not-deployed marker and deploys own its value afterwards", () => {
    expect(parameters().json).toHaveResourceWithProperties(SsmParameter, {
      name: "/webapp/test/deploy/image-tag",
      value: IMAGE_TAG_NOT_DEPLOYED,
      lifecycle: { ignore_changes: ["value"] },
    });
  });

  test("the master secret's ARN is published for the host only, outside the path the container receives", () => {
    const all = resourcesOf(parameters().parsed, SsmParameter.tfResourceType).map(([, p]) => p);
    const secretArns = all.filter((p) => String(p.value).startsWith("arn:aws:secretsmanager:"));
    expect(secretArns.map((p) => [p.name, p.type])).toEqual([["/webapp/test/database/master-secret-arn", "String"]]);
    expect(all.filter((p) => String(p.name).startsWith("/webapp/test/app/")).map((p) => p.value)).not.toContainEqual(
      expect.stringContaining("secretsmanager"),
    );
  });

  test("the repository URL is published for the host", () => {
    expect(parameters().json).toHaveResourceWithProperties(SsmParameter, {
      name: "/webapp/test/deploy/image-repository",
      value: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/test/app",
    });
  });
});
