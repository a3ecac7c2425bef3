import { PROFILE_DEFAULTS, resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const env = (settings: Record<string, unknown>, name = "dev") => ({ environments: { [name]: settings } });

describe("defaults", () => {
  const config = resolveConfig({});

  test("give dev, staging and prod under the default app name", () => {
    expect(config.appName).toBe("webapp");
    expect(config.environments.map((e) => e.names.stem)).toEqual(["webapp-dev", "webapp-staging", "webapp-prod"]);
  });

  test("differ sensibly by environment", () => {
    const [dev, staging, prod] = config.environments;
    expect(dev).toMatchObject({ minSize: 1, deploymentConfig: "CodeDeployDefault.AllAtOnce", deletionProtection: false, terminationWaitMinutes: 5 });
    expect(staging).toMatchObject({ minSize: 2, deletionProtection: false });
    expect(prod).toMatchObject({ minSize: 3, deploymentConfig: "CodeDeployDefault.HalfAtATime", deletionProtection: true, terminationWaitMinutes: 120 });
    expect(prod.minSize).toBeGreaterThan(dev.minSize);
    expect(prod.terminationWaitMinutes).toBeGreaterThan(staging.terminationWaitMinutes);
  });

  test("give instances a public IP only in the default VPC (it has no NAT gateway)", () => {
    expect(config.environments[0].associatePublicIp).toBe(true);
    const tiers = { loadBalancerSubnetTags: { Tier: "public" }, fleetSubnetTags: { Tier: "private" } };
    expect(resolveConfig(env({ vpcId: "vpc-0123456789abcdef0", ...tiers })).environments[0].associatePublicIp).toBe(false);
    expect(resolveConfig(env({ vpcId: "vpc-0123456789abcdef0", associatePublicIp: true })).environments[0].associatePublicIp).toBe(true);
  });
});

describe("overrides", () => {
  test("merge over the profile named like the environment", () => {
    const [prod] = resolveConfig(env({ instanceType: "m7g.large", minSize: 4, desiredCapacity: 4 }, "prod")).environments;
    expect(prod).toMatchObject({ ...PROFILE_DEFAULTS.prod, instanceType: "m7g.large", minSize: 4, desiredCapacity: 4, profile: "prod" });
  });

  test("the set of environments in the context decides which stacks exist", () => {
    const config = resolveConfig({ appName: "shop", environments: { qa: {}, live: { profile: "prod" } } });
    expect(config.environments.map((e) => [e.names.stem, e.profile])).toEqual([
      ["shop-qa", "dev"],
      ["shop-live", "prod"],
    ]);
  });

  test("accept a custom minimum-healthy-hosts deployment config, several client CIDRs, HTTPS and email", () => {
    const [dev] = resolveConfig(
      env({
        deploymentConfig: { minimumHealthyHostsPercent: 75 },
        ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0b5a8c3e-1234-4d5e-9f00-112233445566",
        alarmEmail: "oncall@example.com",
        subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
        parameterKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
      }),
    ).environments;
    expect(dev.parameterKmsKeyArn).toBe("arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef");
    expect(dev.deploymentConfig).toEqual({ minimumHealthyHostsPercent: 75 });
    expect(dev.ingressCidrs).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
  });

  test("take a top-level source for every environment, which an environment may override", () => {
    const config = resolveConfig({
      source: { provider: "github", repository: "acme/shop" },
      environments: { dev: { source: { branch: "develop" } }, prod: {} },
    });
    expect(config.environments.map((e) => e.source)).toEqual([
      { provider: "github", repository: "acme/shop", branch: "develop" },
      { provider: "github", repository: "acme/shop", branch: "main" },
    ]);
    expect(config.environments.map((e) => e.requireApproval)).toEqual([false, true]);
  });

  test("ignore cdktf's own context keys", () => {
    expect(problemsOf({ cdktfRelativeModules: [], cdktfStaticModuleAssetHash: "x" })).toEqual([]);
  });
});

describe("every invalid value fails with its key path, value and rule", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["wrong type", env({ minSize: "two" }), 'environments.dev.minSize: "two" — must be a whole number from 1 to 100'],
    ["out of range", env({ maxSize: 500 }), "environments.dev.maxSize: 500 — must be a whole number from 1 to 100"],
    ["fraction", env({ appPort: 80.5 }), "environments.dev.appPort: 80.5 — must be a whole number from 1 to 65535"],
    ["min above max", env({ minSize: 5, maxSize: 3, desiredCapacity: 3 }), "environments.dev.minSize: 5 — must not exceed maxSize (3)"],
    ["desired outside range", env({ desiredCapacity: 7 }), "environments.dev.desiredCapacity: 7 — must lie within [minSize, maxSize] = [1, 2]"],
    ["bad CIDR", env({ ingressCidrs: ["10.0.0.0/33"] }), 'environments.dev.ingressCidrs.0: "10.0.0.0/33" — must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32'],
    ["host bits set", env({ ingressCidrs: ["10.1.2.3/16"] }), 'environments.dev.ingressCidrs.0: "10.1.2.3/16" — host bits must be zero (AWS rejects it): write 10.1.0.0/16'],
    ["host bits set (IPv6)", env({ ingressCidrs: ["2001:db8::1/32"] }), 'environments.dev.ingressCidrs.0: "2001:db8::1/32" — host bits must be zero (AWS rejects it): write 2001:db8::/32'],
    [
      "an IPv6 block in another spelling (upper case)",
      env({ ingressCidrs: ["2001:DB8::/32"] }),
      'environments.dev.ingressCidrs.0: "2001:DB8::/32" — must be written as AWS returns it (lowercase, zeros compressed: RFC 5952), or every plan shows it as a change: write 2001:db8::/32',
    ],
    [
      "an IPv6 block with an embedded IPv4 address, host bits set",
      env({ ingressCidrs: ["::ffff:10.0.0.1/120"] }),
      'environments.dev.ingressCidrs.0: "::ffff:10.0.0.1/120" — host bits must be zero (AWS rejects it): write ::ffff:a00:0/120',
    ],
    ["no CIDR at all", env({ ingressCidrs: [] }), "environments.dev.ingressCidrs: [] — must list at least one CIDR block (the load balancer is unreachable otherwise)"],
    ["bad region", env({ region: "us-east-7" }), 'environments.dev.region: "us-east-7" — must be an AWS region code such as us-east-1 or eu-west-1'],
    ["bad path", env({ healthCheckPath: "health" }), 'environments.dev.healthCheckPath: "health" — must be an absolute URL path such as /health, without query or spaces'],
    // Regression: "$" was accepted and expanded by the boot script's heredoc, failing the bootstrap.
    ["path with shell syntax", env({ healthCheckPath: "/health$x" }), 'environments.dev.healthCheckPath: "/health$x" — must be an absolute URL path such as /health'],
    ["path with query", env({ healthCheckPath: "/health?x=1" }), 'environments.dev.healthCheckPath: "/health?x=1" — must be an absolute URL path such as /health, without query or spaces'],
    ["misspelled key", env({ instanceTyp: "t3.micro" }), 'environments.dev.instanceTyp: (unknown key) — not a setting; did you mean "instanceType"?'],
    ["unknown top-level key", { appname: "shop" }, 'appname: (unknown key) — not a setting; did you mean "appName"?'],
    [
      "nonexistent deployment config",
      env({ deploymentConfig: "CodeDeployDefault.AllAtOnceBlueGreen" }),
      'environments.dev.deploymentConfig: "CodeDeployDefault.AllAtOnceBlueGreen" — must be one of CodeDeployDefault.AllAtOnce, CodeDeployDefault.HalfAtATime, CodeDeployDefault.OneAtATime (the predefined EC2 configs), or { "minimumHealthyHostsPercent": 0-99 } or { "minimumHealthyHostsCount": n } for a custom one',
    ],
    [
      "custom config out of range",
      env({ deploymentConfig: { minimumHealthyHostsPercent: 100 } }),
      "environments.dev.deploymentConfig.minimumHealthyHostsPercent: 100 — must be a whole number from 0 to 99",
    ],
    [
      "name overflowing the ELB limit",
      { appName: "a-very-long-application-name", environments: { staging: {} } },
      'appName: "a-very-long-application-name" — with environment "staging" the load balancer name "a-very-long-application-name-staging" has 36 characters; AWS allows 32',
    ],
    ["bad app name", { appName: "Shop_App" }, 'appName: "Shop_App" — must start with a letter, end with a letter or digit, and use only lowercase letters, digits and hyphens'],
    ["empty environment map", { environments: {} }, "environments: {} — must define at least one environment"],
    ["bad environment name", { environments: { Prod: {} } }, 'environments.Prod: "Prod" — environment names use lowercase letters, digits and hyphens, starting with a letter'],
    ["environment not an object", { environments: { dev: 3 } }, 'environments.dev: 3 — must be an object of settings, e.g. { "minSize": 2 }'],
    ["bad VPC ID", env({ vpcId: "vpc-123" }), 'environments.dev.vpcId: "vpc-123" — must be a VPC ID such as vpc-0123456789abcdef0'],
    ["one subnet", env({ subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] }), "environments.dev.subnetIds: [\"subnet-0aaaaaaaaaaaaaaa1\"] — must list at least two subnets, in different Availability Zones"],
    ["duplicate subnet", env({ subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa1"] }), "must not list a subnet twice"],
    ["bad instance type", env({ instanceType: "micro" }), 'environments.dev.instanceType: "micro" — must be an EC2 instance type such as t3.micro'],
    ["termination wait above 2 days", env({ terminationWaitMinutes: 2881 }), "environments.dev.terminationWaitMinutes: 2881 — must be a whole number from 0 to 2880"],
    [
      "certificate id that is no UUID",
      env({ certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" }),
      'environments.dev.certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" — must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>, the id a UUID such as 0b5a8c3e-1234-4d5e-9f00-112233445566)',
    ],
    ["bad certificate", env({ certificateArn: "arn:aws:iam::123456789012:server-certificate/x" }), "environments.dev.certificateArn: \"arn:aws:iam::123456789012:server-certificate/x\" — must be an ACM certificate ARN"],
    [
      "certificate in another region",
      env({ certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b5a8c3e-1234-4d5e-9f00-112233445566" }),
      "must be in the load balancer's region us-east-1, not eu-west-1",
    ],
    ["bad email", env({ alarmEmail: "oncall" }), 'environments.dev.alarmEmail: "oncall" — must be an email address'],
    [
      "parameter key given as an alias",
      env({ parameterKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/shop" }),
      'environments.dev.parameterKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/shop" — must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias cannot be granted in IAM',
    ],
    [
      "parameter key in another region",
      env({ parameterKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566" }),
      "environments.dev.parameterKmsKeyArn: \"arn:aws:kms:eu-west-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566\" — must be in the parameters' region us-east-1, not eu-west-1",
    ],
    ["flag not boolean", env({ deletionProtection: "yes" }), 'environments.dev.deletionProtection: "yes" — must be true or false'],
    ["unknown profile", env({ profile: "production" }), 'environments.dev.profile: "production" — must be one of dev, staging, prod'],
    ["GitHub without a repository", env({ source: { provider: "github" } }), "environments.dev.source.repository: (missing) — GitHub sources need the repository as owner/name (set source.repository)"],
    ["CodeCommit name with an owner", env({ source: { repository: "acme/shop" } }), 'environments.dev.source.repository: "acme/shop" — a CodeCommit repository name has no owner/ part'],
    ["unknown source provider", { source: { provider: "gitlab" } }, 'source.provider: "gitlab" — must be one of codecommit, github'],
    ["misspelled source key", env({ source: { branh: "main" } }), 'environments.dev.source.branh: (unknown key) — not a setting; did you mean "branch"?'],
    ["bad branch", env({ source: { branch: "feature//x" } }), 'environments.dev.source.branch: "feature//x" — must be a git branch name such as main or release/1.2'],
    ["retention CloudWatch does not offer", env({ logRetentionDays: 10 }), "environments.dev.logRetentionDays: 10 — must be one of 1, 3, 5, 7, 14, 30"],
    ["approval flag not boolean", env({ requireApproval: "yes" }), 'environments.dev.requireApproval: "yes" — must be true or false'],
    ["non-positive latency threshold", env({ alarmResponseTimeP99Seconds: 0 }), "environments.dev.alarmResponseTimeP99Seconds: 0 — must be a number above 0 and at most 60"],
  ])("%s", (_case, context, expected) => {
    const problems = problemsOf(context);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  test("names are checked against AWS's limits only for what the source creates: the GitHub connection only with a GitHub source and no connectionArn", () => {
    const appName = "a-rather-long-application-name";
    const connection = `appName: "${appName}" — with environment "production" the connection name "${appName}-production-gh" has 44 characters; AWS allows 32 (shorten appName or the environment name)`;
    const bucket = `appName: "${appName}" — with environment "production" the S3 bucket name "${appName}-production-artifacts-123456789012" has 64 characters; AWS allows 63 (shorten appName or the environment name)`;
    const problems = (source?: Record<string, unknown>) => problemsOf({ appName, ...(source ? { source } : {}), environments: { production: { platform: "lambda" } } });
    expect(problems()).toEqual([bucket]);
    expect(problems({ provider: "github", repository: "acme/shop" })).toContain(connection);
    expect(problems({ provider: "github", repository: "acme/shop", connectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/0b5a8c3e-1234-4d5e-9f00-112233445566" })).toEqual([bucket]);
  });

  test("reports every problem at once, one line each", () => {
    const problems = problemsOf({
      appName: "shop",
      environments: { dev: { minSize: 0, region: "mars-1", ingressCidrs: ["x"] }, prod: { maxSize: 1 } },
    });
    expect(problems).toEqual([
      "environments.dev.region: \"mars-1\" — must be an AWS region code such as us-east-1 or eu-west-1",
      'environments.dev.ingressCidrs.0: "x" — must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32',
      "environments.dev.minSize: 0 — must be a whole number from 1 to 100",
      // No rounds: the other environment's rules across keys run although dev has type errors.
      "environments.prod.minSize: 3 — must not exceed maxSize (1)",
    ]);
    expect(problemsOf({ environments: { prod: { maxSize: 1 } } })).toEqual([
      "environments.prod.minSize: 3 — must not exceed maxSize (1)",
    ]);
  });

  test("the error message lists the problems under a count", () => {
    expect(() => resolveConfig(env({ minSize: "two" }))).toThrow(/^invalid configuration \(1 problem\):\n  - environments\.dev\.minSize/);
  });
});
