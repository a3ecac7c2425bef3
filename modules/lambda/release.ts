import { Construct } from "constructs";
import { BuildProject, buildProjectNames } from "../delivery/build";
import { DeliveryPipeline } from "../delivery/pipeline";
import { PipelineSource, SourceSettings, sourceNames } from "../delivery/source";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";
import { ResourceNames } from "../shared/naming";

/** Folder of the repository whose contents are the function's package. */
export const FUNCTION_SOURCE_DIRECTORY = "function";

/**
 * The build that releases one version: packages the repository's `function/` folder (with its
 * production dependencies when it has a package.json), publishes it as a new version
 * (update-function-code --publish), writes the appspec.yml naming the alias's current version and
 * the new one, starts the CodeDeploy deployment with that AppSpec and waits for its end, so the
 * pipeline shows the traffic shift's outcome. Nothing to shift (the package equals the version
 * the alias serves) ends the build successfully without a deployment.
 */
export function trafficShiftBuildspec(): string {
  return `version: 0.2
env:
  shell: bash
phases:
  build:
    commands:
      - |
        set -euo pipefail
        cd "$CODEBUILD_SRC_DIR/$FUNCTION_SOURCE"
        if [ -f package.json ]; then npm ci --omit=dev; fi
        package_dir=$(mktemp -d)
        trap 'rm -rf "$package_dir"' EXIT
        zip -q -r -X "$package_dir/function.zip" .
        target=$(aws lambda update-function-code --function-name "$FUNCTION_NAME" --zip-file "fileb://$package_dir/function.zip" --publish --query Version --output text)
        aws lambda wait published-version-active --function-name "$FUNCTION_NAME" --qualifier "$target"
        current=$(aws lambda get-alias --function-name "$FUNCTION_NAME" --name "$ALIAS_NAME" --query FunctionVersion --output text)
        if [ "$current" = "$target" ]; then echo "$ALIAS_NAME already serves version $target: nothing to shift"; exit 0; fi
        cat > appspec.yml <<APPSPEC
        version: 0.0
        Resources:
          - function:
              Type: AWS::Lambda::Function
              Properties:
                Name: "$FUNCTION_NAME"
                Alias: "$ALIAS_NAME"
                CurrentVersion: "$current"
                TargetVersion: "$target"
        Hooks:
          - BeforeAllowTraffic: "$PRE_TRAFFIC_HOOK"
          - AfterAllowTraffic: "$POST_TRAFFIC_HOOK"
        APPSPEC
        revision=$(jq -c -n --rawfile content appspec.yml '{revisionType: "AppSpecContent", appSpecContent: {content: $content}}')
        deployment=$(aws deploy create-deployment --application-name "$APPLICATION_NAME" --deployment-group-name "$DEPLOYMENT_GROUP_NAME" --description "$FUNCTION_NAME $current -> $target (\${CODEBUILD_RESOLVED_SOURCE_VERSION:-unknown commit})" --revision "$revision" --query deploymentId --output text)
        echo "deployment $deployment shifts $ALIAS_NAME from $current to $target"
        while true; do
          status=$(aws deploy get-deployment --deployment-id "$deployment" --query deploymentInfo.status --output text)
          case "$status" in
            Succeeded) echo "deployment $deployment succeeded"; exit 0 ;;
            Failed|Stopped) echo "deployment $deployment $status; CodeDeploy moved $ALIAS_NAME back to $current" >&2; exit 1 ;;
          esac
          sleep "\${POLL_SECONDS:-15}"
        done
`;
}

export interface FunctionReleaseProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly source: SourceSettings;
  readonly artifacts: HardenedBucket;
  readonly logRetentionDays: number;
  readonly requireApproval: boolean;
  readonly functionName: string;
  readonly aliasName: string;
  readonly preTrafficHookName: string;
  readonly postTrafficHookName: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly deploymentConfigName: string;
}

/**
 * Delivery of a Lambda environment, a release of its own: Source (CodeCommit or GitHub) →
 * (Approve) → Deploy, where Deploy is a CodeBuild build (trafficShiftBuildspec) that publishes the
 * version and runs the CodeDeploy traffic shift. CodePipeline's CodeDeploy action deploys
 * EC2/on-premises revisions only (CodePipeline User Guide, "CodeDeploy deploy action reference":
 * "describes the CodeDeploy deployment action for CodePipeline where the deployment platform is
 * Amazon EC2"; ECS has its own action); the newer Lambda deploy action shifts traffic itself,
 * without CodeDeploy's hooks and deployment group. The build's role publishes versions of this
 * function only, reads its alias, and deploys to this deployment group only.
 */
export class FunctionRelease {
  public readonly source: PipelineSource;
  public readonly build: BuildProject;
  public readonly pipeline: DeliveryPipeline;

  constructor(scope: Construct, props: FunctionReleaseProps) {
    const { aws, names } = props;
    // From the name, not the function's attributes: the policy must not wait on (and be re-planned with) every function update.
    const functionArn = `arn:${aws.partition}:lambda:${aws.region}:${aws.accountId}:function:${names.lambdaFunction}`;
    const codedeploy = `arn:${aws.partition}:codedeploy:${aws.region}:${aws.accountId}`;
    this.source = new PipelineSource(scope, "source", {
      settings: props.source,
      ...sourceNames(names),
    });
    this.build = new BuildProject(scope, "build", {
      aws,
      ...buildProjectNames(names),
      artifactBucketArn: props.artifacts.bucket.arn,
      logRetentionDays: props.logRetentionDays,
      // A linear shift of 10 % every 10 minutes takes 100 minutes; CodeBuild allows up to 8 hours.
      timeoutMinutes: 480,
      purpose: {
        project: `Publishes a version of ${props.functionName} and shifts ${props.aliasName} to it with CodeDeploy`,
        role: "CodeBuild: publish the function's versions and shift its alias with CodeDeploy",
      },
      buildspec: trafficShiftBuildspec(),
      environmentVariables: {
        FUNCTION_SOURCE: FUNCTION_SOURCE_DIRECTORY,
        FUNCTION_NAME: props.functionName,
        ALIAS_NAME: props.aliasName,
        PRE_TRAFFIC_HOOK: props.preTrafficHookName,
        POST_TRAFFIC_HOOK: props.postTrafficHookName,
        APPLICATION_NAME: props.applicationName,
        DEPLOYMENT_GROUP_NAME: props.deploymentGroupName,
      },
      statements: [
        {
          sid: "PublishVersion",
          actions: ["lambda:UpdateFunctionCode", "lambda:PublishVersion", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetAlias"],
          resources: [functionArn, `${functionArn}:*`],
        },
        {
          sid: "ShiftTraffic",
          actions: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"],
          resources: [`${codedeploy}:deploymentgroup:${props.applicationName}/${props.deploymentGroupName}`],
        },
        {
          sid: "RegisterRevision",
          actions: ["codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
          resources: [`${codedeploy}:application:${props.applicationName}`],
        },
        {
          sid: "ReadDeploymentConfig",
          actions: ["codedeploy:GetDeploymentConfig"],
          resources: [`${codedeploy}:deploymentconfig:${props.deploymentConfigName}`],
        },
      ],
    });
    this.pipeline = new DeliveryPipeline(scope, "pipeline", {
      aws,
      pipelineName: names.pipeline,
      roleName: names.pipelineRole,
      triggerRoleName: names.pipelineTriggerRole,
      triggerRuleName: names.eventRule("source-push"),
      artifactBucketName: props.artifacts.bucket.bucket,
      artifactBucketArn: props.artifacts.bucket.arn,
      source: this.source,
      applicationName: props.applicationName,
      deploymentGroupName: props.deploymentGroupName,
      deploymentConfigName: props.deploymentConfigName,
      requireApproval: props.requireApproval,
      deployProject: { name: this.build.project.name, arn: this.build.project.arn },
    });
  }
}
