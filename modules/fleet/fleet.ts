import { Construct } from "constructs";
import { Fn, IResolvable, ITerraformDependable, Op, TerraformIterator, TerraformStack, Token } from "cdktf";
import { DataAwsAutoscalingGroups } from "@cdktf/provider-aws/lib/data-aws-autoscaling-groups";
import { DataAwsAutoscalingGroup } from "@cdktf/provider-aws/lib/data-aws-autoscaling-group";
import { DataAwsSsmParametersByPath } from "@cdktf/provider-aws/lib/data-aws-ssm-parameters-by-path";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { DataAwsEc2InstanceTypeOfferings } from "@cdktf/provider-aws/lib/data-aws-ec2-instance-type-offerings";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DEFAULT_ROOT_VOLUME, machineImage, MachineImageSettings, rootVolumeProblems, RootVolumeSettings } from "./image";
import { BootstrapMode, renderUserData } from "./user-data";

export interface FleetProps {
  readonly launchTemplateName: string;
  /** Name of the Auto Scaling group Terraform creates while no CodeDeploy-made fleet exists. */
  readonly seedGroupName: string;
  /**
   * SSM parameter (`/<path>/<name>`, alone under its path) that counts the seeds Terraform
   * created; see `Fleet.seedGeneration`.
   */
  readonly seedGenerationParameterName: string;
  /** Name prefix of the groups CodeDeploy creates per deployment: `CodeDeploy_<deployment group>_d-`. */
  readonly replacementGroupPrefix: string;
  readonly instanceType: string;
  /** Subnets in at least two Availability Zones. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly instanceProfileArn: string;
  /** The production target group the seed fleet registers in. */
  readonly targetGroupArn: string;
  /**
   * The production target group's literal name. It singles out the serving copy by the target
   * group ARNs of the copies (`…:targetgroup/<name>/…`) with a value known at plan time even when
   * the target group itself is created in the same plan (its ARN is then unknown, and anything
   * keyed by the serving group, such as scaling policies, could not be planned).
   * @default the copies are matched against `targetGroupArn`
   */
  readonly targetGroupName?: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  readonly appPort: number;
  readonly healthCheckPath: string;
  /** Application and environment names, recorded on each instance for the revision's hooks. */
  readonly appName: string;
  readonly environment: string;
  /** SSM parameter path prefix the revision may read, e.g. `/webapp/dev/`. */
  readonly parameterPath: string;
  /** @default 300 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** @default false */
  readonly associatePublicIp?: boolean;
  /** The AMI. @default the stock Amazon Linux 2023 of the instance type's architecture */
  readonly image?: MachineImageSettings;
  /** What the user data installs (see BootstrapMode). @default "full" */
  readonly bootstrap?: BootstrapMode;
  /**
   * Ship the instance logs to the log groups under this prefix (see InstanceLogs, which creates
   * them, and UserDataProps.instanceLogGroupPrefix). @default none: the logs stay on the instance
   */
  readonly instanceLogGroupPrefix?: string;
  /** The encrypted root volume. @default gp3, 16 GiB, AWS's baseline IOPS and throughput */
  readonly rootVolume?: RootVolumeSettings;
  /** Refuse to destroy the seed fleet while Terraform owns it (set in production). @default false */
  readonly protectSeedFromDestroy?: boolean;
  /**
   * Seed capacity attributes that scaling owns (`desired_capacity` under target tracking, the
   * bounds too under scheduled actions): Terraform ignores their drift instead of resetting them.
   * @default none
   */
  readonly capacityOwnedByScaling?: Array<"desired_capacity" | "min_size" | "max_size">;
  /** What the seed's instances need in place before they launch (the instance role's policies). @default none */
  readonly seedDependsOn?: ITerraformDependable[];
}

/**
 * The AMI architecture an instance type needs. "Amazon EC2 instance type naming conventions"
 * (Amazon EC2 Instance Types guide, https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html)
 * names the processor family in the letters after the generation digit: "g" is AWS Graviton,
 * whatever else follows (t4g, m7g, m6gd, c7gn, x2gd, i4g, im4gn, is4gen, hpc7g, g5g, r8g). The one
 * Graviton series without that letter is the first-generation A1 ("Arm processor based
 * instances, 1st generation": the series letter is the processor). A leading "g" is the GPU
 * series (g5, g4dn, gr6), not Graviton. Families the AWS Graviton Technical Guide lists
 * (aws/aws-graviton-getting-started) are the test cases.
 */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
  const [, series, attributes] = /^([a-z]+)\d+([a-z-]*)$/.exec(instanceType.split(".")[0]) ?? [];
  return series === "a" || (attributes ?? "").includes("g") ? "arm64" : "x86_64";
}

/** Auto Scaling group metrics the seed collects (and the dashboard searches for across the copies). */
export const GROUP_METRICS = ["GroupInServiceInstances", "GroupDesiredCapacity"] as const;

/**
 * The launch template every fleet launches from, and the seed Auto Scaling group.
 *
 * With `COPY_AUTO_SCALING_GROUP`, each blue/green deployment makes CodeDeploy copy the live
 * group into `CodeDeploy_<group>_d-<id>` and delete the original. Terraform therefore owns the
 * seed only while it exists or no copy exists yet: the group count comes from a lookup of the
 * region's group names, so a re-apply after any number of deployments neither recreates the
 * seed nor touches the copy. The launch template is referenced at `$Latest`, so the next
 * deployment's copy launches whatever Terraform last wrote to it.
 */
export class Fleet extends Construct {
  public readonly launchTemplate: LaunchTemplate;
  /** The seed group; count 1 while Terraform owns a fleet, 0 once CodeDeploy's copy took over. */
  public readonly seedGroup: AutoscalingGroup;
  /**
   * The one group the deployment group is created with (`COPY_AUTO_SCALING_GROUP` takes exactly
   * one): the seed while Terraform owns it, else the serving CodeDeploy copy. Always a list of
   * one string, whatever the state (a `tolist`, so outputs keep one type).
   */
  public readonly deploymentGroupFleet: string[];
  /** Plan-time condition: Terraform owns the seed (it exists, or no copy exists). */
  public readonly seedManaged: IResolvable;
  /** Names of the region's `CodeDeploy_<group>_d-*` groups, from the plan-time lookup. */
  public readonly replacementGroups: string[];
  /**
   * How many seeds Terraform has created, as an SSM parameter: read on every plan, written on
   * every apply, one more whenever the plan creates the seed because no fleet exists (a fresh
   * account, or every fleet deleted). The value changes in exactly that plan and in no other,
   * so `replace_triggered_by` on it re-creates whatever must follow a new seed (the deployment
   * group, which still names a deleted copy) once, and a re-apply is a no-op again. Terraform
   * has no other memory a plan can read: a value computed from the live fleets alone would flip
   * back on the next plan, and the deployment group's own list cannot feed its own replacement.
   */
  public readonly seedGeneration: SsmParameter;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    validateCapacity(props);

    // The synth checks the type's form (config); whether the Region offers it only the EC2 API
    // knows (DescribeInstanceTypeOfferings), so the plan fails here, before anything is created.
    new DataAwsEc2InstanceTypeOfferings(this, "instance_type", {
      locationType: "region",
      filter: [{ name: "instance-type", values: [props.instanceType] }],
      lifecycle: {
        postcondition: [
          {
            condition: "${length(self.instance_types) > 0}",
            errorMessage: `instanceType "${props.instanceType}": this Region does not offer that instance type (DescribeInstanceTypeOfferings); choose one it offers.`,
          },
        ],
      },
    });

    const rootVolume = { ...DEFAULT_ROOT_VOLUME, ...props.rootVolume };
    const volumeProblems = rootVolumeProblems(rootVolume, "rootVolume");
    if (volumeProblems.length > 0) throw new Error(`Fleet: ${volumeProblems.join("; ")}`);
    const image = machineImage(this, { architecture: architectureOf(props.instanceType), image: props.image, rootVolumeGiB: rootVolume.sizeGiB });

    const instanceTags = { Name: props.seedGroupName.replace(/-seed$/, ""), "bluegreen:fleet": props.launchTemplateName };
    this.launchTemplate = new LaunchTemplate(this, "template", {
      name: props.launchTemplateName,
      description: props.image ? "Blue/green web fleet: IMDSv2 only, encrypted root volume" : "Blue/green web fleet: Amazon Linux 2023, IMDSv2 only, encrypted root volume",
      imageId: image.imageId,
      instanceType: props.instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: props.instanceProfileArn },
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: image.rootDeviceName,
          ebs: {
            volumeType: rootVolume.type,
            volumeSize: rootVolume.sizeGiB,
            iops: rootVolume.iops,
            throughput: rootVolume.throughput,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: String(props.associatePublicIp ?? false),
          securityGroups: [props.securityGroupId],
          deleteOnTermination: "true",
        },
      ],
      userData: Buffer.from(
        renderUserData({
          appPort: props.appPort,
          healthCheckPath: props.healthCheckPath,
          appName: props.appName,
          environment: props.environment,
          parameterPath: props.parameterPath,
          bootstrap: props.bootstrap,
          instanceLogGroupPrefix: props.instanceLogGroupPrefix,
        }),
      ).toString("base64"),
      tagSpecifications: [
        { resourceType: "instance", tags: instanceTags },
        { resourceType: "volume", tags: instanceTags },
      ],
    });

    const existing = new DataAwsAutoscalingGroups(this, "existing_groups", {});
    const replacementGroups = TerraformIterator.fromList(existing.names).forExpressionForList(
      `val if startswith(val, "${props.replacementGroupPrefix}")`,
    );
    // Not Op.eq(…, 0): cdktf 0.21 renders a literal 0 operand as `undefined`.
    const seedManaged = Op.or(Fn.contains(existing.names, props.seedGroupName), Op.lt(Fn.lengthOf(replacementGroups), 1));
    const noFleet = Op.and(Op.not(Fn.contains(existing.names, props.seedGroupName)), Op.lt(Fn.lengthOf(replacementGroups), 1));

    const generationPath = props.seedGenerationParameterName.slice(0, props.seedGenerationParameterName.lastIndexOf("/"));
    const recorded = new DataAwsSsmParametersByPath(this, "seed_generation", { path: generationPath, recursive: false });
    // The one value under the path, "0" before the first apply (the values are typed sensitive).
    const previous = Fn.tonumber(Fn.element(Fn.concat([Fn.nonsensitive(recorded.values), ["0"]]), 0));
    this.seedGeneration = new SsmParameter(this, "seed_generation_record", {
      name: props.seedGenerationParameterName,
      description: "Seeds created by Terraform; a new one re-creates the CodeDeploy deployment group on it",
      type: "String",
      insecureValue: Token.asString(Fn.conditional(noFleet, Op.add(previous, 1), previous)),
    });

    this.seedGroup = new AutoscalingGroup(this, "seed", {
      count: Token.asNumber(Fn.conditional(seedManaged, 1, 0)),
      name: props.seedGroupName,
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity,
      vpcZoneIdentifier: props.subnetIds,
      healthCheckType: "ELB",
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 300,
      targetGroupArns: [props.targetGroupArn],
      launchTemplate: { id: this.launchTemplate.id, version: "$Latest" },
      // Group metrics at 1-minute granularity are free; the dashboard graphs GroupInServiceInstances.
      enabledMetrics: [...GROUP_METRICS],
      metricsGranularity: "1Minute",
      tag: [
        { key: "Name", value: instanceTags.Name, propagateAtLaunch: true },
        { key: "bluegreen:fleet", value: props.launchTemplateName, propagateAtLaunch: true },
      ],
      lifecycle: {
        preventDestroy: props.protectSeedFromDestroy ?? false,
        ...(props.capacityOwnedByScaling?.length ? { ignoreChanges: props.capacityOwnedByScaling } : {}),
      },
      dependsOn: props.seedDependsOn,
    });

    // While two copies exist (a deployment and its blue termination wait) the serving one is
    // the copy attached to the production target group; if that does not single one out, the
    // last name in sort order, so the choice is deterministic either way.
    const copyDetails = new DataAwsAutoscalingGroup(this, "copies", {
      forEach: TerraformIterator.fromList(replacementGroups),
      name: "${each.value}",
    });
    const attached = TerraformIterator.fromDataSources(copyDetails).forExpressionForList(
      props.targetGroupName !== undefined
        ? `val.name if length([for arn in val.target_group_arns : arn if strcontains(arn, ":targetgroup/${props.targetGroupName}/")]) > 0`
        : `val.name if contains(val.target_group_arns, ${props.targetGroupArn})`,
    );
    const candidates = Fn.conditional(Op.gte(Fn.lengthOf(attached), 1), attached, replacementGroups);
    const serving = Fn.slice(Fn.reverse(Fn.sort(candidates)), 0, Fn.min([1, Fn.lengthOf(candidates)]));

    // The literal seed name: a reference to a counted resource cannot be indexed when the count
    // is 0. Consumers order themselves after the seed with depends_on.
    this.deploymentGroupFleet = Token.asList(Fn.tolist(Fn.conditional(seedManaged, [props.seedGroupName], serving)));
    this.seedManaged = seedManaged;
    this.replacementGroups = Token.asList(replacementGroups);

    // Terraform cannot set the bounds of a group it does not own: a changed minSize/maxSize
    // reaches CodeDeploy's copy through the serving-bounds function (ServingBounds), invoked on
    // the apply that changes them, or by hand with `npm run fleet:capacity`. Every plan says when
    // the serving copy's bounds differ from the configuration (a check block: a warning, so the
    // apply still runs), which also catches bounds changed outside Terraform. Not when scheduled
    // actions own the bounds (nor is there a serving-bounds function then).
    if (!props.capacityOwnedByScaling?.includes("min_size")) {
      const outOfBounds = TerraformIterator.fromDataSources(copyDetails).forExpressionForList(
        `val.name if val.min_size != ${props.minSize} || val.max_size != ${props.maxSize}`,
      );
      TerraformStack.of(this).addOverride(`check.${this.node.id}_serving_bounds`, {
        assert: [
          {
            condition: Op.lt(Fn.lengthOf(Fn.setintersection(Token.asList(outOfBounds), [this.deploymentGroupFleet])), 1),
            error_message:
              `CodeDeploy's copy that serves does not have the configured bounds minSize ${props.minSize}, maxSize ${props.maxSize} ` +
              "(Terraform does not own it). If this plan changes the serving-bounds invocation's input, the apply sets them; " +
              `otherwise they were changed outside Terraform: run \`npm run synth && npm run fleet:capacity -- ${props.seedGroupName.replace(/-seed$/, "")}\` to apply them.`,
          },
        ],
      });
    }
  }
}

function validateCapacity(props: FleetProps): void {
  const { minSize, maxSize, desiredCapacity } = props;
  for (const [key, value] of Object.entries({ minSize, maxSize, desiredCapacity })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`Fleet: ${key} must be a whole number ≥ 0, got ${value}`);
  }
  if (minSize > maxSize) throw new Error(`Fleet: minSize (${minSize}) must not exceed maxSize (${maxSize})`);
  if (desiredCapacity < minSize || desiredCapacity > maxSize) {
    throw new Error(`Fleet: desiredCapacity (${desiredCapacity}) must lie within [minSize, maxSize] = [${minSize}, ${maxSize}]`);
  }
  if (props.subnetIds.length === 0) throw new Error("Fleet: subnetIds must not be empty");
}
