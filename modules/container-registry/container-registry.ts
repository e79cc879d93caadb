import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

/** Props of {@link ContainerRegistry}. */
export interface ContainerRegistryProps {
  /** Repository name, for example `webapp/production/app`. */
  readonly repositoryName: string;
  /**
   * Number of images kept; older ones expire. Rolling back redeploys one of these.
   * @default 30
   */
  readonly keepImageCount?: number;
  /**
   * Days after which untagged images expire.
   * @default 1
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Refuse `terraform destroy` of the repository (`lifecycle.prevent_destroy`): its images are what a rollback
   * redeploys.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The ECR repository of the application image: immutable tags (a tag always names the same image, so a rollback
 * runs exactly what ran before), scan on push, KMS encryption with the AWS-managed `aws/ecr` key (no key fee),
 * and a lifecycle policy that expires untagged images and keeps the last N.
 *
 * No repository policy: only principals of this account with IAM permissions reach it.
 */
export class ContainerRegistry extends Construct {
  /** The repository. */
  readonly repository: EcrRepository;
  /** Name of the repository. */
  readonly repositoryName: string;
  /** URL to push to and pull from (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`). */
  readonly repositoryUrl: string;
  /** ARN of the repository, for pull permissions. */
  readonly repositoryArn: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "Repository", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS" }],
      // Deleting the repository with its images is never a side effect of a plan.
      forceDelete: false,
      lifecycle: (props.preventDestroy ?? true) ? { preventDestroy: true } : undefined,
    });
    this.repositoryName = this.repository.name;
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;

    new EcrLifecyclePolicy(this, "LifecyclePolicy", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "Expire untagged images",
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: props.untaggedExpiryDays ?? 1,
            },
            action: { type: "expire" },
          },
          {
            // ECR requires the `any` rule to have the lowest priority (highest number).
            rulePriority: 2,
            description: `Keep the last ${props.keepImageCount ?? 30} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImageCount ?? 30 },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}
