import { DeploymentRoles, SESSION_MANAGER_ACTIONS } from "../../modules/server/roles";
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

  const instanceStatements = () => policyStatements(synth, "instance_access");
  const bySid = (sid: string) => instanceStatements().find((statement) => statement.sid === sid);

  // Kind: a grant whose effective scope is wider than its stated one.
  test("a grant whose effective scope is wider than its stated one: no managed policy widens the instance role, so parameters are this environment's only", () => {
    expect(attachments.map((a) => [a.role, a.policy_arn])).toEqual([
      [expect.stringMatching(/aws_iam_role\.iam_codedeploy_role\w*\.name/), "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole"],
    ]);
    const parameterGrants = instanceStatements().filter((statement) => statement.actions.some((action: string) => action.startsWith("ssm:GetParameter")));
    const path = /^arn:aws:ssm:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:parameter\/shop\/dev(\/\*)?$/;
    for (const statement of parameterGrants) for (const resource of statement.resources) expect(resource).toMatch(path);
    expect(parameterGrants.flatMap((statement) => statement.actions).sort()).toEqual(["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]);
  });

  test("Session Manager gets its own actions (registration and session channels), not AmazonSSMManagedInstanceCore", () => {
    expect(bySid("SessionManager")).toMatchObject({ actions: SESSION_MANAGER_ACTIONS, resources: ["*"] });
    expect(SESSION_MANAGER_ACTIONS).toEqual([
      "ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
  });

  test("reads revisions from the revision buckets only: the agent installer downloads without credentials", () => {
    expect(bySid("ReadRevisions")).toMatchObject({ actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: ["arn:aws:s3:::shop-artifacts/*"] });
    expect(synth.raw).not.toContain("aws-codedeploy-");
  });

  test("GetParametersByPath may name the environment's path itself, never a neighbour such as /shop/dev-eu/", () => {
    const [pathItself, below] = bySid("ReadEnvironmentParametersByPath").resources;
    expect(pathItself).toMatch(/:parameter\/shop\/dev$/);
    expect(below).toMatch(/:parameter\/shop\/dev\/\*$/);
  });

  test("a SecureString under a customer-managed key can be decrypted through SSM, for this environment's parameters only", () => {
    expect(bySid("DecryptEnvironmentSecureStrings")).toBeUndefined();
    const key = "arn:aws:kms:us-east-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566";
    const withKey = synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, parameterKeyArns: [key] }));
    expect(policyStatements(withKey, "instance_access").find((statement) => statement.sid === "DecryptEnvironmentSecureStrings")).toEqual(
      expect.objectContaining({
        actions: ["kms:Decrypt"],
        resources: [key],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["ssm.us-east-1.amazonaws.com"] },
          { test: "StringLike", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [expect.stringMatching(/:parameter\/shop\/dev\/\*$/)] },
        ],
      }),
    );
  });

  test("no statement grants a wildcard action, and only actions without resource types get Resource \"*\"", () => {
    const documents = Object.values<any>(synth.dataSources("aws_iam_policy_document"));
    for (const statement of documents.flatMap((d) => d.statement)) {
      expect(statement.actions.filter((action: string) => action === "*" || action.endsWith(":*"))).toEqual([]);
      if ((statement.resources ?? []).includes("*")) expect(statement.actions).toEqual(SESSION_MANAGER_ACTIONS);
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
    expect(cn.raw).toContain("arn:aws-cn:ssm:cn-north-1:");
    expect(cn.raw).not.toMatch(/arn:aws:/);
  });

  test("rejects a parameter path without surrounding slashes", () => {
    expect(() => synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, parameterPath: "shop/dev" }))).toThrow(
      'DeploymentRoles: parameterPath must start and end with "/", got "shop/dev"',
    );
  });

  describe("application permissions", () => {
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";
    const partial = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/api-key-??????";
    const key = "arn:aws:kms:us-east-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566";
    const app = synthModule((scope, aws) =>
      new DeploymentRoles(scope, "iam", {
        aws,
        ...names,
        application: {
          managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
          secretArns: [secret, partial],
          parameterPaths: ["/shared/db/"],
          kmsKeyArns: [key],
          statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop-media/*"] }, { sid: "NoDeletes", effect: "Deny", actions: ["s3:DeleteObject"], resources: ["arn:aws:s3:::shop-media/*"] }],
        },
      }),
    );
    const statements = policyStatements(app, "instance_application");

    test("sit in a policy of their own beside the estate's, which is unchanged", () => {
      const [policy] = Object.entries<any>(app.resources("aws_iam_role_policy")).filter(([id]) => id.includes("instance_application"));
      expect(policy[1]).toMatchObject({ name: "application", role: expect.stringMatching(/aws_iam_role\.iam_instance_role\w*\.id/) });
      expect(policyStatements(app, "instance_access")).toEqual(policyStatements(synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names })), "instance_access"));
      expect(Object.values<any>(app.resources("aws_iam_role_policy_attachment")).map((a) => [a.role, a.policy_arn])).toContainEqual([
        expect.stringMatching(/aws_iam_role\.iam_instance_role\w*\.name/),
        "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      ]);
    });

    test("grant exactly: the secrets as given (a partial ARN keeps its six-character wildcard), the paths and below, keys through each service for those only", () => {
      const account = expect.stringMatching(/^arn:aws:ssm:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:parameter\/shared\/db\/\*$/);
      expect(statements.map((s) => [s.sid, s.effect ?? "Allow", s.actions, s.resources])).toEqual([
        ["ReadSecrets", "Allow", ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], [secret, partial]],
        ["ReadParameters", "Allow", ["ssm:GetParameter", "ssm:GetParameters"], [account]],
        ["ReadParametersByPath", "Allow", ["ssm:GetParametersByPath"], [expect.stringMatching(/:parameter\/shared\/db$/), account]],
        ["DecryptSecrets", "Allow", ["kms:Decrypt"], [key]],
        ["DecryptParameters", "Allow", ["kms:Decrypt"], [key]],
        ["Application0", "Allow", ["s3:GetObject"], ["arn:aws:s3:::shop-media/*"]],
        ["NoDeletes", "Deny", ["s3:DeleteObject"], ["arn:aws:s3:::shop-media/*"]],
      ]);
      expect(statements[3].condition).toEqual([
        { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] },
        { test: "StringLike", variable: "kms:EncryptionContext:SecretARN", values: [secret, partial] },
      ]);
      expect(statements[4].condition).toEqual([
        { test: "StringEquals", variable: "kms:ViaService", values: ["ssm.us-east-1.amazonaws.com"] },
        { test: "StringLike", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [account] },
      ]);
    });

    test("keys with nothing to decrypt, and a path without its trailing slash, are refused", () => {
      expect(() => synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, application: { kmsKeyArns: [key] } }))).toThrow(/kmsKeyArns decrypt the listed secrets and parameter paths only/);
      expect(() => synthModule((scope, aws) => new DeploymentRoles(scope, "iam", { aws, ...names, application: { parameterPaths: ["/shared/db"] } }))).toThrow('parameter path "/shared/db" must start and end with "/"');
    });
  });
});
