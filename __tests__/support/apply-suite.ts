import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { attachProvider, aws, AwsCall, awsCalls, Emulator, emulatorWorkspace, plan, replaceConfiguration, startEmulator, terraformOk, timed, writeEmulatorOverride } from "./emulator";

const ROOT = resolve(__dirname, "..", "..");
/** The cdktf CLI's own entry (its `bin`, what npx runs), run by this Node: synth, deploy and diff. */
const CDKTF_CLI = join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

/**
 * The app, synthesized as `npm run synth` does, with a cdktf context; returns the output folder:
 * a temporary one, or `<project>/app.out` run from `project` (a user's layout, in which the local
 * backend's state path is relative to the project).
 */
export function synthesize(context: Record<string, unknown>, project?: string): string {
  const outdir = project ? join(project, "app.out") : join(mkdtempSync(join(tmpdir(), "apply-synth-")), "cdktf.out");
  const run = timed("synth", () =>
    spawnSync("node", [join(ROOT, "scripts", "app.js")], {
      cwd: project ?? ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(context) },
      encoding: "utf8",
    }),
  );
  if (run.status !== 0) throw new Error(`synth failed (${run.status}):\n${run.stderr}`);
  return outdir;
}

/** Everything of a stack that is left in the emulator, as `<kind> <name>` lines. */
export async function leftovers(emulator: Emulator, region: string, stem: string, group: string): Promise<string[]> {
  const left: string[] = [];
  const [groups, templates, balancers, targetGroups, securityGroups, buckets, roles, profiles, applications, pipelines, repositories, projects, topics, rules, logGroups, alarms, aliasList, keys] =
    await awsCalls(emulator, region, [
      ["autoscaling", "DescribeAutoScalingGroups"],
      ["ec2", "DescribeLaunchTemplates"],
      ["elbv2", "DescribeLoadBalancers"],
      ["elbv2", "DescribeTargetGroups"],
      ["ec2", "DescribeSecurityGroups"],
      ["s3", "ListBuckets"],
      ["iam", "ListRoles"],
      ["iam", "ListInstanceProfiles"],
      ["codedeploy", "ListApplications"],
      ["codepipeline", "ListPipelines"],
      ["codecommit", "ListRepositories"],
      ["codebuild", "ListProjects"],
      ["sns", "ListTopics"],
      ["events", "ListRules"],
      ["logs", "DescribeLogGroups"],
      ["cloudwatch", "DescribeAlarms", { AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }],
      ["kms", "ListAliases"],
      ["kms", "ListKeys"],
    ]);
  for (const g of groups.AutoScalingGroups ?? []) {
    if (g.AutoScalingGroupName.startsWith(stem) || g.AutoScalingGroupName.startsWith(`CodeDeploy_${group}_`)) left.push(`autoscaling group ${g.AutoScalingGroupName}`);
  }
  for (const t of templates.LaunchTemplates ?? []) if (t.LaunchTemplateName.startsWith(stem)) left.push(`launch template ${t.LaunchTemplateName}`);
  for (const lb of balancers.LoadBalancers ?? []) left.push(`load balancer ${lb.LoadBalancerName}`);
  for (const tg of targetGroups.TargetGroups ?? []) left.push(`target group ${tg.TargetGroupName}`);
  for (const sg of securityGroups.SecurityGroups ?? []) if (sg.GroupName !== "default") left.push(`security group ${sg.GroupName}`);
  for (const b of buckets.Buckets ?? []) left.push(`bucket ${b.Name}`);
  for (const r of roles.Roles ?? []) if (r.RoleName.startsWith(stem)) left.push(`role ${r.RoleName}`);
  for (const p of profiles.InstanceProfiles ?? []) left.push(`instance profile ${p.InstanceProfileName}`);
  for (const a of applications.applications ?? []) left.push(`codedeploy application ${a}`);
  for (const p of pipelines.pipelines ?? []) left.push(`pipeline ${p.name}`);
  for (const r of repositories.repositories ?? []) left.push(`repository ${r.repositoryName}`);
  for (const p of projects.projects ?? []) left.push(`build project ${p}`);
  for (const t of topics.Topics ?? []) left.push(`topic ${t.TopicArn.split(":").pop()}`);
  for (const r of rules.Rules ?? []) left.push(`event rule ${r.Name}`);
  for (const l of logGroups.logGroups ?? []) left.push(`log group ${l.logGroupName}`);
  for (const a of [...(alarms.MetricAlarms ?? []), ...(alarms.CompositeAlarms ?? [])]) left.push(`alarm ${a.AlarmName}`);
  // AWS-managed keys (alias/aws/<service>) belong to the account: AWS creates aws/ebs when a
  // service first encrypts with its default key (here the encrypted root volume) and never
  // deletes it. moto marks it KeyManager CUSTOMER, so it is recognised by its alias.
  const aliases = aliasList.Aliases ?? [];
  const awsManaged = new Set(aliases.filter((a: any) => a.AliasName.startsWith("alias/aws/")).map((a: any) => a.TargetKeyId));
  for (const a of aliases) if (!a.AliasName.startsWith("alias/aws/")) left.push(`key alias ${a.AliasName}`);
  const own = (keys.Keys ?? []).filter((k: any) => !awsManaged.has(k.KeyId));
  for (const k of await awsCalls(emulator, region, own.map((k: any) => ["kms", "DescribeKey", { KeyId: k.KeyId }]))) left.push(`kms key (${k.KeyMetadata.KeyState})`);
  return left.sort();
}

/** The `index`th /64 of a VPC's /56 (`2600:1f18:ab:cd00::/56`, 1 → `2600:1f18:ab:cd01::/64`). */
function ipv6Subnet(block: string, index: number): string {
  const groups = block.replace(/\/56$/, "").split("::")[0].split(":");
  while (groups.length < 4) groups.push("0");
  groups[3] = (parseInt(groups[3], 16) | index).toString(16);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

export interface AppliedStackOptions {
  /** Also run the user's own `npx cdktf deploy` / `npx cdktf diff` (the first apply goes through them). */
  readonly cdktfCommands?: boolean;
  /** cdktf context for the stack (an example's); default: the project's defaults. */
  readonly context?: Record<string, unknown>;
  /**
   * Play the fleet handover (default true). Without it: apply, empty plan, destroy. The default
   * stacks prove the handover in full; an example plays it when its settings change what the
   * handover touches (see describeAppliedExample).
   */
  readonly handover?: boolean;
}

/**
 * One stack applied to the AWS API emulator, then the fleet handover played through the
 * emulator's Auto Scaling and CodeDeploy APIs as CodeDeploy would, then destroyed. The tests
 * run in order and share the emulator and the state.
 */
export function describeAppliedStack(environment: EnvironmentConfig, options: AppliedStackOptions = {}): void {
  const baseContext = options.context ?? {};
  const { region, name: environmentName, names } = environment;
  const stem = names.stem;
  const application = names.codeDeployApplication;
  const group = names.deploymentGroup;
  const seed = names.seedAutoScalingGroup;
  let emulator: Emulator;
  let detachProvider: (() => void) | undefined;
  let stateDir: string;
  let outdir: string;
  let workspace: string;
  /** The output folder of the user's own `cdktf synth` (with cdktfCommands). */
  let cliOutdir: string | undefined;
  let resourceCount: number;
  const copies: string[] = [];
  /**
   * The stack's context with `settings` added to this environment's. Every environment stays,
   * in order: the first builds from the source and each later one deploys what the one before
   * promotes, so leaving one out would change what this stack is.
   */
  const contextWith = (settings: Record<string, unknown>) => {
    const raw: Record<string, Record<string, unknown>> =
      (baseContext.environments as Record<string, Record<string, unknown>> | undefined) ?? Object.fromEntries(resolveConfig(baseContext).environments.map((e) => [e.name, {}]));
    return { ...baseContext, environments: { ...raw, [environmentName]: { ...(raw[environmentName] ?? {}), ...settings } } };
  };
  const tf = (args: string[], expected = [0]) => terraformOk(workspace, emulator, args, expected);

  /** A copy of `source` named as CodeDeploy names it, made from its settings (CopyAutoScalingGroup). */
  async function copyFleet(source: string): Promise<string> {
    const [deployment, described, policies, actions] = await awsCalls(emulator, region, [
      ["codedeploy", "CreateDeployment", {
        applicationName: application, deploymentGroupName: group,
        revision: { revisionType: "S3", s3Location: { bucket: output("artifact_bucket"), key: "revisions/initial.zip", bundleType: "zip" } },
      }],
      ["autoscaling", "DescribeAutoScalingGroups", { AutoScalingGroupNames: [source] }],
      ["autoscaling", "DescribePolicies", { AutoScalingGroupName: source }],
      ["autoscaling", "DescribeScheduledActions", { AutoScalingGroupName: source }],
    ]);
    const name = `CodeDeploy_${group}_${deployment.deploymentId}`;
    const settings = described.AutoScalingGroups[0];
    await awsCalls(emulator, region, [
      ["autoscaling", "CreateAutoScalingGroup", {
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateId: settings.LaunchTemplate.LaunchTemplateId, Version: settings.LaunchTemplate.Version },
        MinSize: settings.MinSize, MaxSize: settings.MaxSize, DesiredCapacity: settings.DesiredCapacity,
        VPCZoneIdentifier: settings.VPCZoneIdentifier,
        TargetGroupARNs: settings.TargetGroupARNs,
        HealthCheckType: settings.HealthCheckType, HealthCheckGracePeriod: settings.HealthCheckGracePeriod,
        Tags: settings.Tags.map(({ Key, Value, PropagateAtLaunch }: any) => ({ Key, Value, PropagateAtLaunch })),
      }],
      // CodeDeploy copies the group's scaling policies and scheduled actions too (README, "What CodeDeploy copies").
      ...(policies.ScalingPolicies ?? []).map(({ PolicyName, PolicyType, EstimatedInstanceWarmup, TargetTrackingConfiguration, Enabled }: any): AwsCall =>
        ["autoscaling", "PutScalingPolicy", { AutoScalingGroupName: name, PolicyName, PolicyType, EstimatedInstanceWarmup, TargetTrackingConfiguration, Enabled }]),
      ...(actions.ScheduledUpdateGroupActions ?? []).map(({ ScheduledActionName, Recurrence, TimeZone, MinSize, MaxSize, DesiredCapacity }: any): AwsCall =>
        ["autoscaling", "PutScheduledUpdateGroupAction", { AutoScalingGroupName: name, ScheduledActionName, Recurrence, TimeZone, MinSize, MaxSize, DesiredCapacity }]),
    ]);
    copies.push(name);
    return name;
  }
  const deleteFleet = (name: string): AwsCall => ["autoscaling", "DeleteAutoScalingGroup", { AutoScalingGroupName: name, ForceDelete: true }];
  /** What CodeDeploy does once the green fleet serves: the group now names the copy. */
  const repoint = (name: string): AwsCall => ["codedeploy", "UpdateDeploymentGroup", { applicationName: application, currentDeploymentGroupName: group, autoScalingGroups: [name] }];
  const groupFleets = async () =>
    ((await aws(emulator, region, "codedeploy", "GetDeploymentGroup", { applicationName: application, deploymentGroupName: group })).deploymentGroupInfo.autoScalingGroups ?? []).map(
      (g: any) => g.name,
    );
  const existingFleets = async () =>
    ((await aws(emulator, region, "autoscaling", "DescribeAutoScalingGroups")).AutoScalingGroups ?? [])
      .map((g: any) => g.AutoScalingGroupName)
      .filter((n: string) => n === seed || n.startsWith(`CodeDeploy_${group}_`))
      .sort();
  const output = (name: string) => JSON.parse(tf(["output", "-json", name]).stdout);
  /** The `fleet_groups_command` output, run against the emulator: the serving groups' names. */
  const servingFleets = () => {
    const command = `${output("fleet_groups_command")} --endpoint-url ${emulator.url}`;
    const run = timed("fleet_groups_command", () => spawnSync("bash", ["-c", command], { env: emulator.env, encoding: "utf8" }));
    if (run.status !== 0) throw new Error(`fleet_groups_command failed:\n${run.stderr}`);
    return run.stdout.split(/\s+/).filter(Boolean).sort();
  };
  const expectEmptyPlan = () => {
    const summary = plan(workspace, emulator);
    expect({ changes: summary.changes, outputs: summary.outputChanges, exitCode: summary.exitCode }).toEqual({ changes: [], outputs: [], exitCode: 0 });
  };
  /**
   * The stack's scaling policies and scheduled actions, as created for `group`: they are keyed by
   * the serving group's name (modules/fleet/scaling.ts), so once CodeDeploy repoints the group
   * the next apply writes them for the new group (PutScalingPolicy is create-or-update: on AWS
   * it overwrites CodeDeploy's copy of each). None in a stack without `scaling`.
   */
  const scalingWrites = (group: string) => {
    const resources = JSON.parse(readFileSync(join(workspace, "cdk.tf.json"), "utf8")).resource;
    return ["aws_autoscaling_policy", "aws_autoscaling_schedule"]
      .flatMap((type) => Object.keys(resources[type] ?? {}).map((name) => `${type}.${name}[${JSON.stringify(group)}]: create`))
      .sort();
  };
  /** After a repoint: nothing changes but the scaling written for the serving group; once applied, the plan is empty. */
  const expectOnlyScalingFor = (group: string, also: string[] = []) => {
    const summary = plan(workspace, emulator);
    const expected = [...also, ...scalingWrites(group)].sort();
    expect({ changes: [...summary.changes].sort(), outputs: summary.outputChanges, exitCode: summary.exitCode }).toEqual({
      changes: expected,
      outputs: [],
      exitCode: expected.length === 0 ? 0 : 2,
    });
    // With nothing expected, the plan above was already the empty one (exit 0).
    if (expected.length > 0) {
      tf(["apply", "-input=false", "-auto-approve"]);
      expectEmptyPlan();
    }
  };

  /**
   * What the stack's context says already exists in the account, created in the emulator under
   * the names and IDs the context gives: a golden image's AMI ID published in an SSM parameter
   * (here the public Amazon Linux 2023 one), an existing VPC and its subnets (by ID, or by the
   * tags the context selects them with; a /24 per availability zone; IPv6 too for a dualstack
   * load balancer), the security groups an egress rule names, a listener's ACM certificate and a
   * shared WAF web ACL (by ARN), a public hosted zone (by name or ID).
   */
  /** Security groups the account has before the stack (createAccountPreconditions): not the stack's leftovers. */
  const accountSecurityGroups: string[] = [];
  async function createAccountPreconditions(raw: Record<string, any>): Promise<void> {
    const calls: AwsCall[] = [];
    const golden: unknown = raw.ami?.ssmParameter;
    if (typeof golden === "string" && !golden.startsWith("/aws/service/")) {
      const [published] = await awsCalls(emulator, region, [["ssm", "GetParameter", { Name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" }]]);
      calls.push(["ssm", "PutParameter", { Name: golden, Type: "String", DataType: "aws:ec2:image", Value: published.Parameter.Value }]);
    }
    if (typeof raw.vpcId === "string") {
      const dualstack = raw.ipAddressType === "dualstack";
      const named = (type: string, id: string, tags: Record<string, string> = {}) => [
        { ResourceType: type, Tags: [{ Key: "_custom_id_", Value: id }, ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))] },
      ];
      const [vpc] = await awsCalls(emulator, region, [["ec2", "CreateVpc", { CidrBlock: "10.0.0.0/16", AmazonProvidedIpv6CidrBlock: dualstack, TagSpecifications: named("vpc", raw.vpcId) }]]);
      const ipv6 = vpc.Vpc.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock as string | undefined;
      const subnets: { id: string; tags?: Record<string, string> }[] = [
        ...((raw.subnetIds as string[] | undefined) ?? []).map((id) => ({ id })),
        ...[raw.loadBalancerSubnetTags, raw.fleetSubnetTags].filter(Boolean).flatMap((tags: Record<string, string>, set) =>
          ["a", "b", "c"].map((zone) => ({ id: `subnet-${set}${zone.charCodeAt(0).toString(16)}${"0".repeat(14)}`, tags })),
        ),
      ];
      subnets.forEach(({ id, tags }, i) =>
        calls.push(["ec2", "CreateSubnet", {
          VpcId: raw.vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${region}${"abc"[i % 3]}`,
          ...(ipv6 ? { Ipv6CidrBlock: ipv6Subnet(ipv6, i) } : {}),
          TagSpecifications: named("subnet", id, tags),
        }]),
      );
    }
    // Security groups an egress rule names (a database's, a cache's): in the VPC, as AWS requires.
    const groups = [...new Set(((raw.instanceEgress as { securityGroupIds?: string[] }[] | undefined) ?? []).flatMap((rule) => rule.securityGroupIds ?? []))];
    for (const id of groups) {
      calls.push(["ec2", "CreateSecurityGroup", {
        GroupName: `account-${id}`, Description: "Exists in the account before the stack", ...(typeof raw.vpcId === "string" ? { VpcId: raw.vpcId } : {}),
        TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: "_custom_id_", Value: id }] }],
      }]);
    }
    accountSecurityGroups.push(...groups.map((id) => `account-${id}`));
    if (typeof raw.certificateArn === "string") {
      // ACM keeps the certificate; the listener only names it. The emulator's own self-signed
      // certificate and key stand in for its body.
      const stateDir = dirname(emulator.caFile);
      calls.push(["acm", "ImportCertificate", {
        Certificate: readFileSync(emulator.caFile, "utf8"), PrivateKey: readFileSync(join(stateDir, "emulator-key.pem"), "utf8"),
        Tags: [{ Key: "_custom_id_", Value: raw.certificateArn.split("/").pop() }],
      }]);
    }
    if (typeof raw.waf?.webAclArn === "string") {
      // arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>
      const [name, id] = raw.waf.webAclArn.split("/").slice(-2);
      calls.push(["wafv2", "CreateWebACL", {
        Name: name, Scope: "REGIONAL", DefaultAction: { Allow: {} },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
        Tags: [{ Key: "_custom_id_", Value: id }],
      }]);
    }
    const domain = raw.domain as { name: string; hostedZoneId?: string; hostedZoneName?: string } | undefined;
    if (domain?.hostedZoneName) calls.push(["route53", "CreateHostedZone", { Name: domain.hostedZoneName, CallerReference: `account-${domain.hostedZoneName}` }]);
    // A zone named by ID only: the domain's parent zone (any zone that holds the name would do).
    if (domain?.hostedZoneId) {
      calls.push(["route53", "CreateHostedZone", { Name: domain.name.split(".").slice(1).join("."), CallerReference: `_custom_id_:${domain.hostedZoneId}` }]);
    }
    await awsCalls(emulator, region, calls);
  }

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "apply-emulator-"));
    const started = Date.now();
    emulator = await startEmulator(stateDir);
    timed(`emulator start (${Date.now() - started} ms)`, () => undefined);
    if (options.cdktfCommands) {
      // The user's layout: cdktf.json beside cdktf.out, which the user's own `cdktf synth` writes
      // (its app command names this checkout's scripts/app.js); the override and state stay in this copy.
      const project = mkdtempSync(join(tmpdir(), "apply-project-"));
      const cdktfJson = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8"));
      const app = `node ${JSON.stringify(join(ROOT, "scripts", "app.js"))}`;
      writeFileSync(join(project, "cdktf.json"), JSON.stringify({ ...cdktfJson, app, output: "cdktf.out", context: baseContext }, null, 2));
      // The CLI's own entry (its `bin`), run by this Node, as npx would find it; the context is cdktf.json's.
      const cliEnv: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
      delete cliEnv.CDKTF_CONTEXT_JSON;
      const synth = timed("cdktf synth", () =>
        spawnSync(process.execPath, [CDKTF_CLI, "synth"], { cwd: project, env: cliEnv, encoding: "utf8" }),
      );
      if (synth.status !== 0) throw new Error(`cdktf synth exited ${synth.status}:\n${synth.stdout}\n${synth.stderr}`);
      cliOutdir = join(project, "cdktf.out");
      // The app run directly in the same layout, for the test that compares the two.
      outdir = synthesize(baseContext, project);
      workspace = join(cliOutdir, "stacks", stem);
      writeEmulatorOverride(workspace, emulator, join(project, `terraform.${stem}.tfstate`));
    } else {
      outdir = synthesize(baseContext);
      workspace = emulatorWorkspace(join(outdir, "stacks", stem), emulator);
    }
    await createAccountPreconditions((baseContext.environments as Record<string, any> | undefined)?.[environmentName] ?? {});
    const attaching = Date.now();
    detachProvider = await attachProvider(emulator, workspace);
    timed(`provider start (${Date.now() - attaching} ms)`, () => undefined);
    resourceCount = Object.values<any>(JSON.parse(readFileSync(join(workspace, "cdk.tf.json"), "utf8")).resource).reduce(
      (sum, byName) => sum + Object.keys(byName).length,
      0,
    );
  }, 120_000);

  afterAll(() => {
    detachProvider?.();
    emulator?.stop();
    for (const dir of [stateDir, resolve(outdir ?? "", ".."), options.cdktfCommands ? resolve(workspace ?? "", "..", "..", "..") : workspace]) {
      if (dir && dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
    }
  });

  const cdktf = (args: string[]) => {
    const project = resolve(workspace, "..", "..", "..");
    const run = timed(`cdktf ${args[0]}`, () =>
      spawnSync(process.execPath, [CDKTF_CLI, ...args], {
        cwd: project,
        env: { ...emulator.env, CI: "true", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true" },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    return { status: run.status ?? -1, output: `${run.stdout}\n${run.stderr}` };
  };

  // Skipped, by name, where the handover is not played (AppliedStackOptions.handover).
  const handoverTest = options.handover === false ? test.skip : test;

  describe(`${stem} against the AWS API emulator`, () => {
    if (options.cdktfCommands) {
      test("npx cdktf synth writes exactly what the app run directly (npm run synth's way) writes: every stack, byte for byte", () => {
        const stacks = readdirSync(join(outdir, "stacks")).sort();
        expect(stacks).toContain(stem);
        expect(readdirSync(join(cliOutdir!, "stacks")).sort()).toEqual(stacks);
        for (const name of stacks) {
          // The emulator override sits beside this stack's cdk.tf.json; the synthesized file is compared.
          const file = join("stacks", name, "cdk.tf.json");
          expect({ file, same: readFileSync(join(cliOutdir!, file), "utf8") === readFileSync(join(outdir, file), "utf8") }).toEqual({ file, same: true });
        }
      });
    }

    test(`applies from scratch (${options.cdktfCommands ? "npx cdktf deploy" : "terraform apply"}), every resource, and the next plan is empty (-detailed-exitcode 0)`, async () => {
      if (options.cdktfCommands) {
        const deploy = cdktf(["deploy", stem, "--skip-synth", "--auto-approve"]);
        if (deploy.status !== 0) throw new Error(`cdktf deploy exited ${deploy.status}:\n${deploy.output.slice(-8000)}`);
      } else {
        tf(["init", "-input=false"]);
        tf(["apply", "-input=false", "-auto-approve"]);
      }
      const state = tf(["state", "list"]).stdout.split("\n").filter((a) => a && !a.startsWith("data."));
      expect(state).toHaveLength(resourceCount);
      expectEmptyPlan();
      expect(await existingFleets()).toEqual([seed]);
    });

    if (options.cdktfCommands) {
      test("npx cdktf diff reports no changes", () => {
        const diff = cdktf(["diff", stem, "--skip-synth"]);
        expect(diff.status).toBe(0);
        expect(diff.output).toMatch(/No changes/);
      });
    }

    handoverTest("handover: during the first deployment (seed and CodeDeploy's copy exist) the plan is empty", async () => {
      await copyFleet(seed);
      expect(await existingFleets()).toEqual([seed, copies[0]].sort());
      expect(servingFleets()).toEqual([seed, copies[0]].sort());
      expectEmptyPlan();
    });

    handoverTest("handover: after the first deployment (seed deleted, group on the copy) the plan is empty, and fleet_groups_command names the copy", async () => {
      await awsCalls(emulator, region, [deleteFleet(seed), repoint(copies[0])]);
      expectOnlyScalingFor(copies[0]);
      tf(["apply", "-input=false", "-auto-approve"]);
      expect(tf(["state", "list"]).stdout).not.toMatch(/aws_autoscaling_group\.fleet_seed/);
      expect(servingFleets()).toEqual([copies[0]]);
      expect(await groupFleets()).toEqual([copies[0]]);
    });

    handoverTest("handover: a new instance type changes only the launch template, and the next copy launches it", async () => {
      const instanceType = "t3.medium";
      const changed = synthesize(contextWith({ instanceType }));
      replaceConfiguration(workspace, join(changed, "stacks", stem));
      rmSync(resolve(changed, ".."), { recursive: true, force: true });
      const summary = plan(workspace, emulator);
      expect(summary.changes).toEqual(["aws_launch_template.fleet_template: update"]);
      tf(["apply", "-input=false", "-auto-approve"]);
      const latest = (await aws(emulator, region, "ec2", "DescribeLaunchTemplateVersions", { LaunchTemplateName: names.launchTemplate, Versions: ["$Latest"] })).LaunchTemplateVersions[0];
      expect(latest.LaunchTemplateData.InstanceType).toBe(instanceType);
      expectEmptyPlan();
    });

    handoverTest("handover: a second deployment copies the serving copy, then replaces it; the plan is empty throughout", async () => {
      const second = await copyFleet(copies[0]);
      expectEmptyPlan();
      await awsCalls(emulator, region, [deleteFleet(copies[0]), repoint(second)]);
      expectOnlyScalingFor(second);
      expect(await existingFleets()).toEqual([second]);
    });

    handoverTest("handover: every fleet deleted: the next apply re-creates the seed and the deployment group on it, and the next plan is empty", async () => {
      await awsCalls(emulator, region, [deleteFleet(copies[copies.length - 1])]);
      expect(await existingFleets()).toEqual([]);
      // The same plan as the mocked scenario every_fleet_deleted (after-handover.tftest.hcl); this
      // helper spells a delete-then-create "replace" and keeps Terraform's order. With `scaling`,
      // the new seed serves, so its scaling policies and scheduled actions are written for it too.
      expect([...plan(workspace, emulator).changes].sort()).toEqual(
        [
          "aws_autoscaling_group.fleet_seed[0]: create",
          "aws_codedeploy_deployment_group.deployment_group: replace",
          "aws_iam_role_policy.pipeline_access: update",
          "aws_ssm_parameter.fleet_seed_generation_record: update",
          ...scalingWrites(seed),
        ].sort(),
      );
      tf(["apply", "-input=false", "-auto-approve"]);
      expect(await existingFleets()).toEqual([seed]);
      // The seed-generation record moved on, so the group still naming the deleted copy was re-created on the seed.
      expect(await groupFleets()).toEqual([seed]);
      expectEmptyPlan();
    });

    test("destroy leaves exactly what the README's teardown section says", async () => {
      // Teardown (README): delete CodeDeploy's copies first (none is left here: the seed serves).
      const protectedStack = JSON.parse(readFileSync(join(workspace, "cdk.tf.json"), "utf8")).resource.aws_autoscaling_group.fleet_seed.lifecycle?.prevent_destroy;
      if (protectedStack) {
        const refused = terraformOk(workspace, emulator, ["destroy", "-input=false", "-auto-approve"], [1]);
        expect(refused.stderr).toMatch(/Instance cannot be destroyed[\s\S]*aws_autoscaling_group\.fleet_seed\[0\] has lifecycle\.prevent_destroy\s+set/);
        expect(await existingFleets()).toEqual([seed]);
        // README: give the environment the staging profile (the configuration refuses an unprotected
        // prod-profile environment), apply, then destroy.
        const unprotected = synthesize(contextWith({ instanceType: "t3.medium", profile: "staging" }));
        replaceConfiguration(workspace, join(unprotected, "stacks", stem));
        rmSync(resolve(unprotected, ".."), { recursive: true, force: true });
        tf(["apply", "-input=false", "-auto-approve"]);
      }
      tf(["destroy", "-input=false", "-auto-approve"]);
      expect(tf(["state", "list"]).stdout.trim()).toBe("");
      expect((await leftovers(emulator, region, stem, group)).filter((l) => !accountSecurityGroups.includes(l.replace(/^security group /, "")))).toEqual(["kms key (PendingDeletion)"]);
    });
  });
}

const EXAMPLES = join(ROOT, "examples");

/** Every environment of every example context (`examples/<name>.json`), with its CodeDeploy compute platform. */
export function exampleEnvironments(): { example: string; environment: string; platform: string }[] {
  const files = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort() : [];
  return files.flatMap((file) => {
    const json = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));
    return resolveConfig(json.context ?? json).environments.map((environment) => ({
      example: file.replace(/\.json$/, ""),
      environment: environment.name,
      platform: environment.platform,
    }));
  });
}

/**
 * One environment of an example context (`examples/<example>.json`: a cdktf.json, or its
 * `context` alone) applied to the emulator like the default stacks. One file per environment
 * (`__tests__/stacks/examples/<example>.<environment>.apply.ts`), so that jest's workers run
 * them side by side.
 *
 * The handover is played where the environment's settings change what it touches besides the
 * fleet's shape: `scaling` (policies and scheduled actions keyed by the serving group, rewritten
 * at each repoint). Elsewhere the example is applied, planned empty and destroyed: the handover
 * steps repeat, on the same seed group, deployment group and launch template, what the default
 * stacks prove (the instance-type step included), and would take ~2/3 of the run's CPU.
 */
export function describeAppliedExample(example: string, environmentName: string): void {
  const json = JSON.parse(readFileSync(join(EXAMPLES, `${example}.json`), "utf8"));
  const context = json.context ?? json;
  const environment = resolveConfig(context).environments.find((e) => e.name === environmentName);
  if (!environment) throw new Error(`examples/${example}.json has no environment ${environmentName}`);
  const raw = (context.environments as Record<string, Record<string, unknown>> | undefined)?.[environmentName] ?? {};
  describeAppliedStack(environment, { context, handover: raw.scaling !== undefined });
}
