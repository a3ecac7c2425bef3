import { Construct } from "constructs";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { MAX_IMAGES_PER_REPOSITORY } from "./constants";

export interface ImageRepositoryProps {
  /** Repository name: lowercase, at most 256 characters. */
  readonly name: string;
  /** Images kept; older ones expire (lifecycle policy, `imageCountMoreThan`). */
  readonly keepImages: number;
  /** Delete the repository with its images on destroy. @default false */
  readonly forceDelete?: boolean;
}

/**
 * The ECR repository the build pushes to: tags are immutable (a tag names one image for ever, so
 * the task definition CodeDeploy rolls back to still means the same image), every push is scanned,
 * and only the newest `keepImages` images are kept.
 */
export class ImageRepository extends Construct {
  public readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(props.name) || props.name.length > 256) {
      throw new Error(`ImageRepository: name "${props.name}" must be lowercase letters, digits and . _ - / (ECR CreateRepository), at most 256 characters`);
    }
    if (!Number.isInteger(props.keepImages) || props.keepImages < 1 || props.keepImages > MAX_IMAGES_PER_REPOSITORY) {
      throw new Error(`ImageRepository: keepImages must be a whole number from 1 to ${MAX_IMAGES_PER_REPOSITORY}, got ${props.keepImages}`);
    }
    this.repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "AES256" }],
      forceDelete: props.forceDelete ?? false,
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the newest ${props.keepImages} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImages },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}
