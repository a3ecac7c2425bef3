import { DEPLOYMENT_STATES, DeploymentEvents, deploymentEventRuleNames } from "../../modules/observability/events";
import { synthModule } from "../support/synth";

const props = {
  applicationName: "shop-dev",
  deploymentGroupName: "shop-dev",
  pipelineName: "shop-dev",
  ruleNamePrefix: "shop-dev",
  topicArn: "arn:aws:sns:us-east-1:123456789012:shop-dev-deployments",
};

describe("DeploymentEvents", () => {
  const synth = synthModule((scope) => new DeploymentEvents(scope, "events", props));
  const rules = Object.values<any>(synth.resources("aws_cloudwatch_event_rule"));
  const targets = Object.values<any>(synth.resources("aws_cloudwatch_event_target"));

  test("deployment state changes of this application and group, with CodeDeploy's real state names", () => {
    const rule = rules.find((r) => r.name === "shop-dev-deployment-state");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.codedeploy"],
      "detail-type": ["CodeDeploy Deployment State-change Notification"],
      detail: { application: ["shop-dev"], deploymentGroup: ["shop-dev"], state: ["START", "SUCCESS", "FAILURE", "STOP", "READY"] },
    });
    expect(DEPLOYMENT_STATES).not.toContain("ROLLBACK");
  });

  test("failed pipeline executions", () => {
    const rule = rules.find((r) => r.name === "shop-dev-pipeline-failed");
    expect(JSON.parse(rule.event_pattern)).toMatchObject({
      source: ["aws.codepipeline"],
      "detail-type": ["CodePipeline Pipeline Execution State Change"],
      detail: { pipeline: ["shop-dev"], state: ["FAILED"] },
    });
  });

  test("ordering: a new pipeline's own first run (CreatePipeline, against an empty repository) is not announced as a failure", () => {
    const pattern = JSON.parse(rules.find((r) => r.name === "shop-dev-pipeline-failed").event_pattern);
    expect(pattern.detail["execution-trigger"]).toEqual({ "trigger-type": [{ "anything-but": ["CreatePipeline"] }] });
  });

  test("every rule reaches the topic with a readable one-line message", () => {
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.arn).toBe(props.topicArn);
      expect(JSON.parse(target.input_transformer.input_template)).toMatch(/^[A-Z][^{}]+<\w+>[^{}]*\.$/);
      for (const placeholder of JSON.parse(target.input_transformer.input_template).match(/<(\w+)>/g)) {
        expect(Object.keys(target.input_transformer.input_paths)).toContain(placeholder.slice(1, -1));
      }
    }
  });

  test("deploymentEventRuleNames names exactly the rules created (the topic policy admits those ARNs, no pattern)", () => {
    expect(rules.map((r) => r.name).sort()).toEqual(deploymentEventRuleNames(props).sort());
    const withApproval = synthModule((scope) => new DeploymentEvents(scope, "e", { ...props, announceApprovals: true }));
    const names = Object.values<any>(withApproval.resources("aws_cloudwatch_event_rule")).map((r) => r.name);
    expect(names.sort()).toEqual(deploymentEventRuleNames({ ...props, announceApprovals: true }).sort());
  });

  test("pending approvals are announced only when the pipeline has an approval", () => {
    expect(rules.map((r) => r.name)).not.toContain("shop-dev-approval-waiting");
    const withApproval = synthModule((scope) => new DeploymentEvents(scope, "e", { ...props, announceApprovals: true }));
    const names = Object.values<any>(withApproval.resources("aws_cloudwatch_event_rule")).map((r) => r.name);
    expect(names).toContain("shop-dev-approval-waiting");
  });
});
