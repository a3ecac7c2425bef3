import { InstanceLogs } from "../../modules/fleet/instance-logs";
import { DeploymentRoles } from "../../modules/server/roles";
import { cloudWatchAgentConfig, INSTANCE_LOG_FILES } from "../../modules/fleet/user-data";
import { policyStatements, synthModule } from "../support/synth";

const names = { codeDeployRoleName: "shop-prod-codedeploy", instanceRoleName: "shop-prod-instance", parameterPath: "/shop/prod/" };
const prefix = "/shop/prod/instances";

describe("InstanceLogs", () => {
  const synth = synthModule((scope, aws) => {
    const logs = new InstanceLogs(scope, "instance_logs", { logGroupPrefix: prefix, retentionInDays: 90 });
    new DeploymentRoles(scope, "iam", { aws, ...names, logStreamArns: logs.streamArns });
  });

  test("creates the four groups the agent ships to, each with the retention, under /<app>/<env>/instances", () => {
    const groups = Object.values<any>(synth.resources("aws_cloudwatch_log_group")).map((group) => [group.name, group.retention_in_days, group.kms_key_id]);
    expect(groups.sort()).toEqual([
      ["/shop/prod/instances/bootstrap", 90, undefined],
      ["/shop/prod/instances/codedeploy-agent", 90, undefined],
      ["/shop/prod/instances/deployments", 90, undefined],
      ["/shop/prod/instances/system", 90, undefined],
    ]);
  });

  test("the agent's configuration names exactly these groups, one stream per instance", () => {
    const groups = Object.values<any>(synth.resources("aws_cloudwatch_log_group")).map((group) => group.name);
    const shipped = (cloudWatchAgentConfig(prefix) as any).logs.logs_collected.files.collect_list;
    expect([...new Set(shipped.map((entry: any) => entry.log_group_name))].sort()).toEqual(groups.sort());
    expect(shipped.map((entry: any) => entry.file_path)).toEqual(INSTANCE_LOG_FILES.map((file) => file.path));
  });

  test("the instance role may create streams in and write to these groups only, and create or retain no group", () => {
    const statements = policyStatements(synth, "instance_access");
    expect(statements.find((statement) => statement.sid === "ShipInstanceLogs")).toEqual({
      sid: "ShipInstanceLogs",
      actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      resources: ["system", "bootstrap", "codedeploy_agent", "deployments"].map((group) =>
        expect.stringMatching(new RegExp(`^\\$\\{aws_cloudwatch_log_group\\.instance_logs_${group}_[0-9A-F]{8}\\.arn\\}:log-stream:\\*$`)),
      ),
    });
    expect(statements.flatMap((statement) => statement.actions).filter((action: string) => action.startsWith("logs:"))).toHaveLength(3);
  });

  test("without instance logs the instance role has no log permission at all", () => {
    const plain = synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names }));
    expect(policyStatements(plain, "instance_access").flatMap((statement) => statement.actions).filter((action: string) => action.startsWith("logs:"))).toEqual([]);
  });

  test("refuses a retention CloudWatch Logs does not offer", () => {
    expect(() => synthModule((scope) => new InstanceLogs(scope, "instance_logs", { logGroupPrefix: prefix, retentionInDays: 10 }))).toThrow(
      "InstanceLogs: retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10",
    );
  });
});
