import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ConfigError, resolveConfig } from "../../modules/config";
import { CONTEXT_ENV, readAppContext, readContextFile } from "../../modules/config/context-file";
import { AWS_NAME_RULES, reservedAffix } from "../../modules/shared/naming";
import { problemsOf } from "../support/config";

/*
 * Issue 17: every problem in one run, names AWS would refuse, values AWS accepts but that cannot
 * work, and keys that reach a prototype. Each case fails before any stack exists, naming the key.
 */

const env = (settings: Record<string, unknown>, name = "dev") => ({ environments: { [name]: settings } });

describe("no configuration key reaches a prototype", () => {
  test("an environment named __proto__ (an own key after JSON.parse) is refused like any bad name", () => {
    const problems = problemsOf(JSON.parse('{"environments": {"__proto__": {"minSize": 2}, "dev": {}}}'));
    expect(problems).toEqual(['environments.__proto__: "__proto__" — environment names use lowercase letters, digits and hyphens, starting with a letter']);
  });

  test.each([
    ["at the top", '{"__proto__": {"appName": "x"}}', "__proto__"],
    ["inside an environment", '{"environments": {"dev": {"__proto__": {"minSize": 50}}}}', "environments.dev.__proto__"],
    ["inside a source", '{"source": {"__proto__": {"provider": "github"}}}', "source.__proto__"],
  ])("a __proto__ key %s is refused and sets nothing", (_, json, path) => {
    expect(problemsOf(JSON.parse(json))).toEqual([`${path}: (key) — refused: "__proto__" would set an object's prototype, not a setting`]);
    expect(({} as Record<string, unknown>).minSize).toBeUndefined();
    expect(({} as Record<string, unknown>).appName).toBeUndefined();
  });

  test("an unknown key named like a prototype member is an unknown key, not a crash", () => {
    expect(problemsOf(env({ constructor: 1 }))).toEqual([expect.stringMatching(/^environments\.dev\.constructor: \(unknown key\) — not a setting; nearest keys: /)]);
  });
});

describe("names AWS reserves (the one table of name rules)", () => {
  test.each([
    ["internal", "load balancer name", 'the load balancer name "internal-dev" begins with "internal-", which AWS reserves'],
    ["sthree", "S3 bucket name", 'the S3 bucket name "sthree-dev-artifacts-123456789012" begins with "sthree-", which AWS reserves'],
  ])("appName %j makes a reserved %s", (appName, _, expected) => {
    expect(problemsOf({ appName, environments: { dev: {} } })).toEqual([`appName: "${appName}" — with environment "dev" ${expected} (choose another appName or environment name)`]);
  });

  test("the table holds the documented prefixes and suffixes per name kind", () => {
    expect(reservedAffix("internal-web", AWS_NAME_RULES.aws_lb.name)).toBe('begins with "internal-", which AWS reserves');
    expect(reservedAffix("internal-web", AWS_NAME_RULES.aws_lb_target_group.name)).toBeUndefined();
    for (const bucket of ["xn--shop", "sthree-shop", "amzn-s3-demo-shop"]) expect(reservedAffix(bucket, AWS_NAME_RULES.aws_s3_bucket.bucket)).toMatch(/^begins with/);
    for (const bucket of ["shop-s3alias", "shop--ol-s3", "shop.mrap", "shop--x-s3", "shop--table-s3"]) expect(reservedAffix(bucket, AWS_NAME_RULES.aws_s3_bucket.bucket)).toMatch(/^ends with/);
    expect(reservedAffix("alias/aws/shop", AWS_NAME_RULES.aws_kms_alias.name)).toBe('begins with "alias/aws/", which AWS reserves');
    expect(reservedAffix("alias/shop-dev-notifications", AWS_NAME_RULES.aws_kms_alias.name)).toBeUndefined();
  });
});

describe("every independent problem in one run", () => {
  test("a type error does not hide a rule across other keys (certificate in the wrong region)", () => {
    const problems = problemsOf(
      env({ minSize: "two", alarmEmail: "oncall", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b5a8c3e-1234-4d5e-9f00-112233445566" }),
    );
    expect(problems).toEqual([
      'environments.dev.minSize: "two" — must be a whole number from 1 to 100',
      'environments.dev.alarmEmail: "oncall" — must be an email address',
      'environments.dev.certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b5a8c3e-1234-4d5e-9f00-112233445566" — must be in the load balancer\'s region us-east-1, not eu-west-1',
    ]);
  });

  test("a rule across keys is silent only about the key that has its own error", () => {
    // minSize is broken, so min/desired/max cannot be judged; the misspelt key and the region still are.
    expect(problemsOf(env({ minSize: "two", maxSize: 1, instanceTyp: "t3.micro" }))).toEqual([
      'environments.dev.minSize: "two" — must be a whole number from 1 to 100',
      'environments.dev.instanceTyp: (unknown key) — not a setting; did you mean "instanceType"?',
    ]);
  });

  test("an invalid environment name does not hide the errors inside it", () => {
    expect(problemsOf({ environments: { Prod: { minSize: 0, maxSize: 1, desiredCapacity: 5 } } })).toEqual([
      'environments.Prod: "Prod" — environment names use lowercase letters, digits and hyphens, starting with a letter',
      "environments.Prod.minSize: 0 — must be a whole number from 1 to 100",
    ]);
    expect(problemsOf({ environments: { Prod: { minSize: 2, maxSize: 1 } } })).toEqual([
      'environments.Prod: "Prod" — environment names use lowercase letters, digits and hyphens, starting with a letter',
      "environments.Prod.minSize: 2 — must not exceed maxSize (1)",
    ]);
  });

  test("a broken top-level key does not hide the environments' problems", () => {
    expect(problemsOf({ appName: "Shop", environments: { dev: { maxSize: 500 }, prod: { minSize: 5, maxSize: 4 } } })).toEqual([
      'appName: "Shop" — must start with a letter, end with a letter or digit, and use only lowercase letters, digits and hyphens',
      "environments.dev.maxSize: 500 — must be a whole number from 1 to 100",
      "environments.prod.minSize: 5 — must not exceed maxSize (4)",
    ]);
  });
});

describe("a cdktf.json that is not JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "context-file-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ["a doubled comma", '{\n  "context": {\n    "appName": "shop",,\n  }\n}\n', /^cdktf\.json:3:23: not valid JSON — /],
    ["a missing closing brace", '{\n  "context": {\n    "appName": "shop"\n  }\n', /^cdktf\.json:5:1: not valid JSON — /],
  ])("names the file, line and column (%s)", (_, text, expected) => {
    const file = join(dir, "cdktf.json");
    writeFileSync(file, text);
    let error: unknown;
    try {
      readContextFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(expected)]);
  });
});

describe("the context the app and the day-two commands read (one reader for both)", () => {
  const dir = mkdtempSync(join(tmpdir(), "app-context-"));
  const previous = process.env[CONTEXT_ENV];
  afterEach(() => {
    if (previous === undefined) delete process.env[CONTEXT_ENV];
    else process.env[CONTEXT_ENV] = previous;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the cdktf CLI's CDKTF_CONTEXT_JSON wins over cdktf.json; without it cdktf.json's context; without both none", () => {
    delete process.env[CONTEXT_ENV];
    expect(readAppContext(dir)).toEqual({ context: {}, fromEnvironment: false });
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ app: "node scripts/app.js", context: { appName: "from-file" } }));
    expect(readAppContext(dir)).toEqual({ context: { appName: "from-file" }, fromEnvironment: false });
    process.env[CONTEXT_ENV] = JSON.stringify({ appName: "from-cli" });
    expect(readAppContext(dir)).toEqual({ context: { appName: "from-cli" }, fromEnvironment: true });
  });

  test("a CDKTF_CONTEXT_JSON that is not JSON is named with its position, like the file", () => {
    process.env[CONTEXT_ENV] = '{"appName": "shop",}';
    expect(() => readAppContext(dir)).toThrow(/^invalid configuration[\s\S]*CDKTF_CONTEXT_JSON:1:20: not valid JSON — /);
  });
});

describe("values AWS accepts but that cannot work", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["a misspelt instance size", env({ instanceType: "t3.mirco" }), 'environments.dev.instanceType: "t3.mirco" — "mirco" is not an EC2 instance size (nano, micro, small, medium, large, xlarge, <n>xlarge, metal); did you mean "t3.micro"?'],
    ["an instance family that does not exist", env({ instanceType: "q3.micro" }), 'environments.dev.instanceType: "q3.micro" — "q3" is not an EC2 instance family (such as t3, m7g, c6i)'],
    [
      "no public IP in the default VPC",
      env({ associatePublicIp: false }),
      "environments.dev.associatePublicIp: false — the default VPC (no vpcId) has no NAT gateway, so instances without a public IP cannot reach the CodeDeploy agent bucket, SSM or package mirrors and never bootstrap; set vpcId (private subnets with a NAT route) or leave associatePublicIp unset",
    ],
    [
      "an IPv6 CIDR among the IPv4 clients",
      env({ ingressCidrs: ["203.0.113.0/24", "2001:db8::/32"] }),
      'environments.dev.ingressCidrs.1: "2001:db8::/32" — ingressCidrs lists IPv4 clients; list IPv6 ones in ingressIpv6Cidrs (with ipAddressType dualstack)',
    ],
    [
      "deletion protection off in a prod-profile environment",
      env({ profile: "prod", deletionProtection: false }, "live"),
      "environments.live.deletionProtection: false — a prod-profile environment keeps the load balancer's deletion protection (the ALB-DELETION-PROTECTION guardrail); give an environment you mean to tear down the staging profile",
    ],
  ])("%s", (_, context, expected) => {
    expect(problemsOf(context)).toEqual([expected]);
  });

  test("the twins pass: a real type, a private fleet in a VPC, IPv4 clients, protection kept", () => {
    expect(problemsOf(env({ instanceType: "m7g.2xlarge", ingressCidrs: ["203.0.113.0/24"] }))).toEqual([]);
    const tiers = { loadBalancerSubnetTags: { Tier: "public" }, fleetSubnetTags: { Tier: "private" } };
    expect(problemsOf(env({ vpcId: "vpc-0123456789abcdef0", ...tiers, associatePublicIp: false }))).toEqual([]);
    expect(problemsOf(env({ deletionProtection: true }, "prod"))).toEqual([]);
    expect(problemsOf(env({ instanceType: "u-6tb1.metal" }))).toEqual([]);
  });
});

describe("unknown keys", () => {
  test("with no close match, the few nearest keys, not all of them", () => {
    const [problem] = problemsOf(env({ colour: "blue" }));
    expect(problem).toMatch(/^environments\.dev\.colour: \(unknown key\) — not a setting; nearest keys: \w+, \w+, \w+$/);
  });

  test("instanceTypes asks for a different setting (a list), so no 'did you mean instanceType'", () => {
    const [problem] = problemsOf(env({ instanceTypes: ["t3.micro", "t3a.micro"] }));
    expect(problem).not.toContain("did you mean");
    expect(problem).toMatch(/^environments\.dev\.instanceTypes: \(unknown key\) — not a setting; nearest keys: instanceType, /);
  });

  test("a real typo still gets its did-you-mean", () => {
    expect(problemsOf(env({ instanceTyp: "t3.micro" }))).toEqual(['environments.dev.instanceTyp: (unknown key) — not a setting; did you mean "instanceType"?']);
  });
});

// Issue 15: the application's permissions on the instance role, held to the guardrails' IAM rules.
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

  test("each Sid once in the application policy, and IAM's condition operators only", () => {
    const s3 = { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop-media/*"] };
    const condition = (test: string) => ({ test, variable: "aws:ResourceTag/app", values: ["shop"] });
    expect(
      problemsOf(
        permissions({
          statements: [
            { ...s3, sid: "One" },
            { ...s3, sid: "Two" },
            { ...s3, sid: "Three" },
            { ...s3, conditions: [condition("StringEqualz")] },
            { ...s3, conditions: ["ForAnyValue:StringLike", "ArnLikeIfExists", "Null", "Bool", "NotIpAddress", "DateGreaterThanEquals"].map(condition) },
          ],
        }),
      ),
    ).toEqual([
      `${at}.statements.3.conditions.0.test: "StringEqualz" — must be an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike (IAM JSON policy elements: Condition operators)`,
    ]);
    expect(problemsOf(permissions({ secretArns: [secret], statements: [{ ...s3, sid: "ReadSecrets" }, { ...s3, sid: "Dup" }, { ...s3, sid: "Dup" }] }))).toEqual([
      `${at}.statements.0.sid: "ReadSecrets" — already the Sid of another statement of the application policy (the grant of secretArns, parameterPaths or kmsKeyArns); IAM wants each Sid unique`,
      `${at}.statements.2.sid: "Dup" — already the Sid of another statement of the application policy (an earlier statement); IAM wants each Sid unique`,
    ]);
  });

  test("judge every condition of a statement, several keys under one operator included", () => {
    const passRole = (conditions: Array<{ test: string; variable: string; values: string[] }>) =>
      problemsOf(permissions({ statements: [{ actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:role/shop-worker"], conditions }] }));
    const passedToService = { test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] };
    const tag = { test: "StringEquals", variable: "aws:ResourceTag/app", values: ["shop"] };
    expect(passRole([passedToService, tag])).toEqual([]);
    expect(passRole([tag])).toEqual([
      `${at}.statements.0: ["iam:PassRole"] — IAM-PASSROLE-SCOPED: statement Application0 lets the principal pass the role to any service; add a StringEquals condition on iam:PassedToService (e.g. "ec2.amazonaws.com")`,
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

  test("a malformed field hides none of the block's other problems: the rules across the block run on the fields that passed their own check", () => {
    const malformedKey = "arn:aws:kms:us-east-1:123456789012:alias/shop";
    expect(
      problemsOf(
        permissions({
          managedPolicyArns: ["arn:aws:iam::123456789012:policy/shop-app", "arn:aws:iam::aws:policy/AdministratorAccess"],
          secretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf"],
          kmsKeyArns: [malformedKey],
        }),
      ),
    ).toEqual([
      `${at}.kmsKeyArns.0: "${malformedKey}" — ${problemsOf(permissions({ kmsKeyArns: [malformedKey], secretArns: [secret] }))[0].split(" — ").slice(1).join(" — ")}`,
      `${at}.managedPolicyArns.0: "arn:aws:iam::123456789012:policy/shop-app" — a customer-managed policy cannot be judged at synth (IAM-MANAGED-POLICIES: its document lives in the account and may change); write its statements in instancePermissions.statements`,
      ...problemsOf(permissions({ managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })).map((problem) => problem.replace(".managedPolicyArns.0:", ".managedPolicyArns.1:")),
      `${at}.secretArns.0: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf" — must be in the environment's region us-east-1, not eu-west-1`,
    ]);
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
