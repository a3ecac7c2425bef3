import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const permissions = (instancePermissions: Record<string, unknown>, region = "us-east-1") => ({ environments: { dev: { region, instancePermissions } } });
const at = "environments.dev.instancePermissions";
const key = "arn:aws:kms:us-east-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566";
const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf";

describe("instancePermissions", () => {
  test("are unset by default, and taken as written when valid", () => {
    for (const environment of resolveConfig({}).environments) expect(environment.instancePermissions).toBeUndefined();
    const valid = {
      managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
      statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop-media/*"], conditions: [{ test: "StringEquals", variable: "aws:ResourceTag/app", values: ["shop"] }] }],
      secretArns: [secret, "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/api-??????"],
      parameterPaths: ["/shared/db/"],
      kmsKeyArns: [key],
    };
    expect(resolveConfig(permissions(valid)).environments[0].instancePermissions).toEqual(valid);
  });

  test("refuse what the guardrails would refuse, naming the key and the rule, all in one run", () => {
    expect(
      problemsOf(
        permissions({
          managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
          statements: [
            { actions: ["*"], resources: ["arn:aws:s3:::shop-media/*"] },
            { actions: ["iam:*"], resources: ["arn:aws:iam::123456789012:role/x"] },
            { sid: "Pass", actions: ["iam:PassRole"], resources: ["*"] },
            { actions: ["s3:PutObject"], resources: ["*"] },
            { effect: "Deny", actions: ["*"], resources: ["*"] },
          ],
        }),
      ),
    ).toEqual([
      `${at}.managedPolicyArns.0: "arn:aws:iam::aws:policy/AdministratorAccess" — IAM-MANAGED-POLICIES: the AWS-managed policy AdministratorAccess grants every action ("*": administrator) (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html); write a policy with the actions and resources the principal needs (policyDocument() in modules/shared/iam.ts)`,
      expect.stringMatching(new RegExp(`^${at}\\.managedPolicyArns\\.1: "arn:aws:iam::aws:policy/IAMFullAccess" — IAM-MANAGED-POLICIES: the AWS-managed policy IAMFullAccess grants all of iam \\(iam:\\*\\)`)),
      expect.stringMatching(new RegExp(`^${at}\\.managedPolicyArns\\.2: "arn:aws:iam::aws:policy/ReadOnlyAccess" — IAM-MANAGED-POLICIES: .* cannot be judged: the AWS-managed policy ReadOnlyAccess is not in the curated table`)),
      `${at}.statements.0: ["*"] — IAM-NO-WILDCARD-ACTION: statement Application0 allows action "*"; list the actions the principal needs`,
      `${at}.statements.1: ["iam:*"] — IAM-NO-SERVICE-WILDCARD: statement Application1 allows iam:*; list the iam actions the principal needs`,
      `${at}.statements.1: ["iam:*"] — IAM-PASSROLE-SCOPED: statement Application1 lets the principal pass the role to any service; add a StringEquals condition on iam:PassedToService (e.g. "ec2.amazonaws.com")`,
      `${at}.statements.2: ["iam:PassRole"] — IAM-SCOPED-RESOURCES: statement Pass grants iam:PassRole on Resource "*"; name the ARNs (the stack's own resources, or a pattern such as arn:<partition>:ec2:<region>:<account>:*)`,
      `${at}.statements.2: ["iam:PassRole"] — IAM-PASSROLE-SCOPED: statement Pass lets the principal pass roles matching *; list the ARNs of the roles to pass`,
      `${at}.statements.2: ["iam:PassRole"] — IAM-PASSROLE-SCOPED: statement Pass lets the principal pass the role to any service; add a StringEquals condition on iam:PassedToService (e.g. "ec2.amazonaws.com")`,
      `${at}.statements.3: ["s3:PutObject"] — IAM-SCOPED-RESOURCES: statement Application3 grants s3:PutObject on Resource "*"; name the ARNs (the stack's own resources, or a pattern such as arn:<partition>:ec2:<region>:<account>:*)`,
    ]);
  });

  test("refuse customer-managed policies (nothing at synth can read them), other partitions and regions, and keys with nothing to decrypt", () => {
    expect(
      problemsOf(
        permissions({
          managedPolicyArns: ["arn:aws:iam::123456789012:policy/shop-app", "arn:aws-cn:iam::aws:policy/CloudWatchAgentServerPolicy"],
          secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"],
          kmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566"],
          statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws-us-gov:s3:::shop-media/*"] }],
        }),
      ),
    ).toEqual([
      `${at}.managedPolicyArns.0: "arn:aws:iam::123456789012:policy/shop-app" — a customer-managed policy cannot be judged at synth (IAM-MANAGED-POLICIES: its document lives in the account and may change); write its statements in instancePermissions.statements`,
      `${at}.managedPolicyArns.1: "arn:aws-cn:iam::aws:policy/CloudWatchAgentServerPolicy" — must be in the partition of us-east-1 (aws), not aws-cn: IAM matches no other partition's ARN`,
      `${at}.secretArns.0: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf" — must be in the environment's region us-east-1, not eu-west-1`,
      `${at}.kmsKeyArns.0: "arn:aws:kms:eu-west-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566" — must be in the environment's region us-east-1, not eu-west-1`,
      `${at}.statements.0.resources.0: "arn:aws-us-gov:s3:::shop-media/*" — must be in the partition of us-east-1 (aws), not aws-us-gov: IAM matches no other partition's ARN`,
    ]);
    expect(problemsOf(permissions({ kmsKeyArns: [key] }))).toEqual([`${at}.kmsKeyArns: ["${key}"] — decrypt only the listed secretArns and parameterPaths, and none is listed`]);
  });

  test("refuse malformed ARNs and paths by shape: a secret without its suffix, -* for the suffix, a path without its trailing slash or under a reserved prefix", () => {
    const problems = problemsOf(
      permissions({
        secretArns: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-*"],
        parameterPaths: ["/shared/db", "/aws/service/", "/shared/db/"],
        kmsKeyArns: ["arn:aws:kms:us-east-1:123456789012:alias/shop"],
        statements: [{ actions: ["GetObject"], resources: ["shop-media"], notResources: [] }],
      }),
    );
    expect(problems).toEqual([
      `${at}.statements.0.actions.0: "GetObject" — must be an IAM action such as s3:GetObject (service:Action, * and ? as wildcards)`,
      `${at}.statements.0.resources.0: "shop-media" — must be an ARN (arn:<partition>:<service>:…) or *`,
      expect.stringMatching(new RegExp(`^${at}\\.statements\\.0\\.notResources: .*unknown key`)),
      expect.stringMatching(new RegExp(`^${at}\\.secretArns\\.0: ".*:secret:shop/db" — must be a Secrets Manager secret ARN ending in the 6 characters`)),
      expect.stringMatching(new RegExp(`^${at}\\.secretArns\\.1: ".*:secret:shop/db-\\*" — must be a Secrets Manager secret ARN ending in the 6 characters`)),
      `${at}.parameterPaths.0: "/shared/db" — must be an SSM parameter path such as /shared/db/: "/", levels of letters, digits and _ . -, and a trailing "/" (without it /shared/db would also grant /shared/db-other)`,
      `${at}.parameterPaths.1: "/aws/service/" — must not begin with aws or ssm: SSM reserves those prefixes (public parameters such as /aws/service/ need no grant)`,
      `${at}.kmsKeyArns.0: "arn:aws:kms:us-east-1:123456789012:alias/shop" — must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias cannot be granted in IAM`,
    ]);
  });

  test("are EC2 settings: an ECS environment refuses them", () => {
    expect(problemsOf({ environments: { dev: { platform: "ecs", instancePermissions: { parameterPaths: ["/shared/"] } } } })).toContainEqual(
      expect.stringMatching(/^environments\.dev\.instancePermissions: .*runs Fargate tasks/),
    );
  });
});
