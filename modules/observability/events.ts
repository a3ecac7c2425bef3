import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";

export interface DeploymentEventsProps {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly pipelineName: string;
  /** Rule names are `<ruleNamePrefix>-<what>`; the topic policy admits exactly this prefix. */
  readonly ruleNamePrefix: string;
  readonly topicArn: string;
  /** Also announce approvals waiting in the pipeline. @default false */
  readonly announceApprovals?: boolean;
}

/** The states CodeDeploy reports in "CodeDeploy Deployment State-change Notification" (a rollback is a new deployment). */
export const DEPLOYMENT_STATES = ["START", "SUCCESS", "FAILURE", "STOP", "READY"];

const DEPLOYMENT_STATE = "deployment-state";
const PIPELINE_FAILED = "pipeline-failed";
const APPROVAL_WAITING = "approval-waiting";

/**
 * Names of the rules `DeploymentEvents` creates with these props, every one of them publishing to
 * the topic: the topic policy admits exactly these.
 */
export function deploymentEventRuleNames(props: Pick<DeploymentEventsProps, "ruleNamePrefix" | "announceApprovals">): string[] {
  return [DEPLOYMENT_STATE, PIPELINE_FAILED, ...(props.announceApprovals ? [APPROVAL_WAITING] : [])].map((suffix) => `${props.ruleNamePrefix}-${suffix}`);
}

interface EventRuleSpec {
  readonly suffix: string;
  readonly description: string;
  readonly pattern: Record<string, unknown>;
  readonly paths: Record<string, string>;
  readonly message: string;
}

/**
 * EventBridge rules that turn deployment state changes, pipeline failures and (optionally)
 * pending approvals into one readable line on the environment's topic. They are the only path
 * deployment state takes to the topic: the deployment group has no SNS trigger, so each
 * SUCCESS/FAILURE/STOP is announced once.
 */
export class DeploymentEvents extends Construct {
  public readonly rules: CloudwatchEventRule[];

  constructor(scope: Construct, id: string, props: DeploymentEventsProps) {
    super(scope, id);
    const specs: EventRuleSpec[] = [
      {
        suffix: DEPLOYMENT_STATE,
        description: `Blue/green deployment state of ${props.applicationName}/${props.deploymentGroupName}`,
        pattern: {
          source: ["aws.codedeploy"],
          "detail-type": ["CodeDeploy Deployment State-change Notification"],
          detail: { application: [props.applicationName], deploymentGroup: [props.deploymentGroupName], state: DEPLOYMENT_STATES },
        },
        paths: { state: "$.detail.state", deployment: "$.detail.deploymentId", group: "$.detail.deploymentGroup", time: "$.time", region: "$.region" },
        message: "Deployment <deployment> of <group> is <state> (<time>, <region>).",
      },
      {
        suffix: PIPELINE_FAILED,
        description: `Failed executions of the ${props.pipelineName} pipeline`,
        pattern: {
          source: ["aws.codepipeline"],
          "detail-type": ["CodePipeline Pipeline Execution State Change"],
          // CodePipeline starts every new pipeline once (trigger type CreatePipeline, CodePipeline
          // user guide, "Start a pipeline"), and hashicorp/aws 5.100.0 can neither prevent that run
          // nor disable the Source stage's transition: against a new, empty repository it always
          // fails. That failure is not news; every other failed execution is announced.
          detail: { pipeline: [props.pipelineName], state: ["FAILED"], "execution-trigger": { "trigger-type": [{ "anything-but": ["CreatePipeline"] }] } },
        },
        paths: { pipeline: "$.detail.pipeline", execution: "$.detail.execution-id", time: "$.time" },
        message: "Pipeline <pipeline> failed (execution <execution>, <time>).",
      },
    ];
    if (props.announceApprovals) {
      specs.push({
        suffix: APPROVAL_WAITING,
        description: `Approvals waiting in the ${props.pipelineName} pipeline`,
        pattern: {
          source: ["aws.codepipeline"],
          "detail-type": ["CodePipeline Action Execution State Change"],
          detail: { pipeline: [props.pipelineName], state: ["STARTED"], type: { category: ["Approval"] } },
        },
        paths: { pipeline: "$.detail.pipeline", execution: "$.detail.execution-id" },
        message: "Pipeline <pipeline> waits for approval before deploying (execution <execution>).",
      });
    }

    this.rules = specs.map((spec) => {
      const rule = new CloudwatchEventRule(this, spec.suffix.replace(/-/g, "_"), {
        name: `${props.ruleNamePrefix}-${spec.suffix}`,
        description: spec.description,
        eventPattern: JSON.stringify(spec.pattern),
      });
      new CloudwatchEventTarget(this, `${spec.suffix.replace(/-/g, "_")}_to_topic`, {
        rule: rule.name,
        arn: props.topicArn,
        inputTransformer: { inputPaths: spec.paths, inputTemplate: JSON.stringify(spec.message) },
      });
      return rule;
    });
  }
}
