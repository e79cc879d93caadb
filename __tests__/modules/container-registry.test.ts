import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { ContainerRegistry, ContainerRegistryProps } from "../../modules/container-registry";
import { synthModule } from "../support/module-stack";
import { onlyResource } from "../support/synth";

function registry(props: Partial<ContainerRegistryProps> = {}) {
  return synthModule(
    (scope) => new ContainerRegistry(scope, "ContainerRegistry", { repositoryName: "webapp/test/app", ...props }),
  );
}

describe("ContainerRegistry", () => {
  test("immutable tags, scan on push, KMS encryption, no forced delete", () => {
    expect(registry().json).toHaveResourceWithProperties(EcrRepository, {
      name: "webapp/test/app",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS" }],
      force_delete: false,
    });
  });

  test("the repository refuses terraform destroy by default (its images are what a rollback needs); off on request", () => {
    expect(onlyResource(registry().parsed, EcrRepository.tfResourceType).lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = registry({ preventDestroy: false }).parsed;
    expect(onlyResource(unprotected, EcrRepository.tfResourceType).lifecycle).toBeUndefined();
  });

  test("no repository policy: access goes through IAM in this account only", () => {
    expect(registry().parsed.resource?.aws_ecr_repository_policy).toBeUndefined();
  });

  test("the lifecycle policy expires untagged images first, then keeps the last N", () => {
    const { json, parsed } = registry({ keepImageCount: 10, untaggedExpiryDays: 2 });
    expect(json).toHaveResource(EcrLifecyclePolicy);
    const rules = JSON.parse(String(onlyResource(parsed, EcrLifecyclePolicy.tfResourceType).policy)).rules;
    expect(rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 2 },
        action: { type: "expire" },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 },
        action: { type: "expire" },
      }),
    ]);
  });
});
