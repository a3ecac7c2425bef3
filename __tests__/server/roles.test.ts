import { DeploymentRoles } from "../../modules/server/roles";
import { policyStatements, synthModule } from "../support/synth";

const names = { codeDeployRoleName: "shop-dev-codedeploy", instanceRoleName: "shop-dev-instance", parameterPath: "/shop/dev/" };

describe("DeploymentRoles", () => {
  const synth = synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, revisionBucketArns: ["arn:aws:s3:::shop-artifacts"] }));
  const attachments = Object.values<any>(synth.resources("aws_iam_role_policy_attachment"));

  test("CodeDeploy's role is trusted by codedeploy only, from this account", () => {
    expect(policyStatements(synth, "codedeploy_trust")).toEqual([
      expect.objectContaining({
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["codedeploy.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringContaining("data.aws_caller_identity")] }],
      }),
    ]);
  });

  test("CodeDeploy's role has AWSCodeDeployRole plus what copying a launch-template fleet needs", () => {
    expect(attachments.map((a) => a.policy_arn)).toContain("arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole");
    const statements = policyStatements(synth, "codedeploy_launch_template");
    expect(statements.map((s) => s.actions)).toEqual([["ec2:RunInstances"], ["ec2:CreateTags"], ["iam:PassRole"]]);
    const passRole = statements[2];
    expect(passRole.resources).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.iam_instance_role\w*\.arn\}$/)]);
    expect(passRole.condition).toEqual([{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }]);
    expect(statements[1].condition).toEqual([{ test: "StringEquals", variable: "ec2:CreateAction", values: ["RunInstances"] }]);
  });

  test("the instance role has Session Manager and the CloudWatch agent, and reads only scoped objects and parameters", () => {
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole",
    ]);
    const [s3, ssm] = policyStatements(synth, "instance_access");
    expect(s3.actions).toEqual(["s3:GetObject", "s3:GetObjectVersion"]);
    expect(s3.resources).toEqual(["arn:aws:s3:::aws-codedeploy-us-east-1/*", "arn:aws:s3:::shop-artifacts/*"]);
    expect(ssm.resources).toEqual([expect.stringMatching(/^arn:aws:ssm:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:parameter\/shop\/dev\/\*$/)]);
  });

  test("no statement grants a wildcard action or a wildcard resource", () => {
    const documents = Object.values<any>(synth.dataSources("aws_iam_policy_document"));
    for (const statement of documents.flatMap((d) => d.statement)) {
      expect(statement.actions.filter((action: string) => action === "*" || action.endsWith(":*"))).toEqual([]);
      expect(statement.resources ?? []).not.toContain("*");
    }
  });

  test("the instance profile wraps the instance role", () => {
    expect(synth.resource("aws_iam_instance_profile")).toMatchObject({
      name: "shop-dev-instance",
      role: expect.stringMatching(/^\$\{aws_iam_role\.iam_instance_role\w*\.name\}$/),
    });
  });

  test("China regions get the aws-cn partition in every ARN", () => {
    const { AwsContext } = require("../../modules/shared/aws-context");
    const cn = synthModule((scope) => new DeploymentRoles(scope, "iam", { aws: new AwsContext(scope, "cn", { region: "cn-north-1" }), ...names }));
    expect(cn.raw).toContain("arn:aws-cn:s3:::aws-codedeploy-cn-north-1/*");
    expect(cn.raw).not.toMatch(/arn:aws:/);
  });

  test("rejects a parameter path without surrounding slashes", () => {
    expect(() => synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, parameterPath: "shop/dev" }))).toThrow(
      'DeploymentRoles: parameterPath must start and end with "/", got "shop/dev"',
    );
  });
});
