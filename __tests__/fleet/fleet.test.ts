import { spawnSync } from "child_process";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { architectureOf, Fleet, FleetProps } from "../../modules/fleet/fleet";
import {
  AGENT_ONGOING_DEPLOYMENTS,
  BootstrapMode,
  BOOTSTRAP_LOG,
  BOOTSTRAP_MODES,
  INSTANCE_SETTINGS_FILE,
  PLACEHOLDER_SERVICE,
  PLACEHOLDERS_FILE,
  renderUserData,
} from "../../modules/fleet/user-data";
import { synthModule } from "../support/synth";

const props: FleetProps = {
  launchTemplateName: "shop-dev",
  seedGroupName: "shop-dev-seed",
  seedGenerationParameterName: "/codedeploy-bluegreen/shop/dev/seed-generation",
  replacementGroupPrefix: "CodeDeploy_shop-dev_d-",
  instanceType: "t3.micro",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  securityGroupId: "sg-0123456789abcdef0",
  instanceProfileArn: "arn:aws:iam::123456789012:instance-profile/shop-dev-instance",
  targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-dev-web/0123456789abcdef",
  minSize: 2,
  maxSize: 4,
  desiredCapacity: 2,
  appPort: 8080,
  healthCheckPath: "/healthz",
  appName: "shop",
  environment: "dev",
  parameterPath: "/shop/dev/",
};

describe("Fleet launch template", () => {
  const synth = synthModule((scope) => new Fleet(scope, "fleet", props));
  const template = synth.resource("aws_launch_template");

  test("requires IMDSv2 with hop limit 1 and encrypts a gp3 root volume", () => {
    expect(synth.raw).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      block_device_mappings: [{ device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_type: "gp3", encrypted: "true", volume_size: 16 }) }],
    });
  });

  test("takes the AMI from the public Amazon Linux 2023 SSM parameter, never a literal AMI ID", () => {
    expect(Object.values<any>(synth.dataSources("aws_ssm_parameter"))[0].name).toBe(
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
    expect(template.image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.\w+\.insecure_value\}$/);
  });

  test("uses the instance profile and app security group, no SSH key, no public IP by default", () => {
    expect(template.iam_instance_profile).toEqual({ arn: props.instanceProfileArn });
    expect(template.network_interfaces).toEqual([
      { device_index: 0, associate_public_ip_address: "false", security_groups: [props.securityGroupId], delete_on_termination: "true" },
    ]);
    expect(template.key_name).toBeUndefined();
  });

  test("Graviton instance types get the arm64 AMI", () => {
    const arm = synthModule((scope) => new Fleet(scope, "fleet", { ...props, instanceType: "t4g.small" }));
    expect(Object.values<any>(arm.dataSources("aws_ssm_parameter"))[0].name).toMatch(/-arm64$/);
  });

  test.each([
    ["t3.micro", "x86_64"],
    ["t4g.small", "arm64"],
    ["m7g.large", "arm64"],
    ["c7gn.xlarge", "arm64"],
    ["x2gd.medium", "arm64"],
    ["m7i-flex.large", "x86_64"],
    ["g5.xlarge", "x86_64"],
    ["g5g.xlarge", "arm64"],
    ["g4dn.xlarge", "x86_64"],
    ["a1.large", "arm64"],
    ["a1.metal", "arm64"],
    ["m6gd.large", "arm64"],
    ["c6gn.medium", "arm64"],
    ["i4g.large", "arm64"],
    ["im4gn.large", "arm64"],
    ["is4gen.medium", "arm64"],
    ["hpc7g.4xlarge", "arm64"],
    ["r8g.large", "arm64"],
    ["gr6.4xlarge", "x86_64"],
    ["g4ad.xlarge", "x86_64"],
    ["m5a.large", "x86_64"],
    ["x2iezn.2xlarge", "x86_64"],
    ["u-6tb1.metal", "x86_64"],
  ])("architectureOf(%s) is %s", (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
  });
});

describe("Fleet machine image and root volume", () => {
  const imageOf = (overrides: Partial<FleetProps>) => synthModule((scope) => new Fleet(scope, "fleet", { ...props, ...overrides }));

  test("the stock Amazon Linux 2023 needs no AMI lookup: its root device is /dev/xvda", () => {
    const synth = imageOf({});
    expect(synth.dataSources("aws_ami")).toEqual({});
    expect(synth.resource("aws_launch_template").block_device_mappings[0].device_name).toBe("/dev/xvda");
  });

  const parameterValue = expect.stringMatching(/^\$\{data\.aws_ssm_parameter\.fleet_ami_\w+\.insecure_value\}$/);
  test.each<[string, FleetProps["image"], any]>([
    ["a fixed AMI ID", { id: "ami-0123456789abcdef0" }, "ami-0123456789abcdef0"],
    ["the team's SSM parameter", { ssmParameter: "/golden/webapp/ami" }, parameterValue],
  ])("%s is launched as chosen and described through aws_ami, whose root device name the template maps", (_, image, imageId) => {
    const synth = imageOf({ image });
    const ami = Object.values<any>(synth.dataSources("aws_ami"))[0];
    expect(ami.filter).toEqual([{ name: "image-id", values: [imageId] }]);
    expect(ami.most_recent).toBeUndefined();
    const template = synth.resource("aws_launch_template");
    expect(template.image_id).toEqual(imageId);
    expect(template.block_device_mappings[0].device_name).toMatch(/^\$\{data\.aws_ami\.fleet_image_\w+\.root_device_name\}$/);
    if (image?.ssmParameter) expect(Object.values<any>(synth.dataSources("aws_ssm_parameter"))[0].name).toBe("/golden/webapp/ami");
  });

  test("owners + name takes the newest match of those owners, for the instance type's architecture", () => {
    const synth = imageOf({ instanceType: "m7g.large", image: { owners: ["123456789012"], name: "golden-webapp-*" } });
    expect(synth.resource("aws_launch_template").image_id).toMatch(/^\$\{data\.aws_ami\.fleet_image_\w+\.id\}$/);
    expect(Object.values<any>(synth.dataSources("aws_ami"))[0]).toMatchObject({
      most_recent: true,
      owners: ["123456789012"],
      filter: [
        { name: "name", values: ["golden-webapp-*"] },
        { name: "architecture", values: ["arm64"] },
      ],
    });
  });

  test("the plan refuses an image of another architecture, an instance-store root, a snapshot larger than the volume", () => {
    const synth = imageOf({ image: { id: "ami-0123456789abcdef0" }, rootVolume: { sizeGiB: 40 } });
    const checks = Object.values<any>(synth.dataSources("aws_ami"))[0].lifecycle.postcondition.map((p: any) => p.condition);
    expect(checks).toEqual([
      '${self.architecture == "x86_64"}',
      '${self.root_device_type == "ebs"}',
      "${alltrue([for m in self.block_device_mappings : m.device_name != self.root_device_name || try(tonumber(m.ebs.volume_size), 0) <= 40])}",
    ]);
  });

  test("volume size, type, IOPS and throughput are settings; the volume stays encrypted", () => {
    const synth = imageOf({ rootVolume: { sizeGiB: 40, type: "io2", iops: 8000 } });
    expect(synth.resource("aws_launch_template").block_device_mappings[0].ebs).toEqual({
      volume_type: "io2",
      volume_size: 40,
      iops: 8000,
      encrypted: "true",
      delete_on_termination: "true",
    });
  });

  test("the construct refuses a volume AWS would refuse", () => {
    expect(() => imageOf({ rootVolume: { type: "gp3", throughput: 2000 } })).toThrow("Fleet: rootVolume.throughput: 2000 — gp3 takes 125–1,000 MiB/s");
  });
});

describe("Fleet seed group", () => {
  const synth = synthModule((scope) => new Fleet(scope, "fleet", props));
  const seed = synth.resource("aws_autoscaling_group");

  test("spans the subnets, uses ELB health checks and the production target group, launches $Latest", () => {
    expect(synth.raw).toHaveResourceWithProperties(AutoscalingGroup, {
      name: "shop-dev-seed",
      min_size: 2,
      max_size: 4,
      desired_capacity: 2,
      health_check_type: "ELB",
      health_check_grace_period: 300,
      vpc_zone_identifier: props.subnetIds,
      target_group_arns: [props.targetGroupArn],
      launch_template: { id: expect.stringMatching(/aws_launch_template/), version: "$Latest" },
    });
  });

  test("exists only while it exists in AWS or no CodeDeploy copy does", () => {
    expect(seed.count).toMatch(/^\$\{\(contains\(data\.aws_autoscaling_groups\.\w+\.names, "shop-dev-seed"\) \|\| /);
    expect(seed.count).toContain('startswith(val, "CodeDeploy_shop-dev_d-")');
    expect(seed.count).toMatch(/< 1\)\) \? 1 : 0\}$/);
  });

  test("collects the group metrics the dashboard searches for, at the free 1-minute granularity", () => {
    expect(synth.resource("aws_autoscaling_group")).toMatchObject({ enabled_metrics: ["GroupInServiceInstances", "GroupDesiredCapacity"], metrics_granularity: "1Minute" });
  });

  test("is protected from destroy only when asked", () => {
    expect(seed.lifecycle).toEqual({ prevent_destroy: false });
    const protectedFleet = synthModule((scope) => new Fleet(scope, "fleet", { ...props, protectSeedFromDestroy: true }));
    expect(protectedFleet.resource("aws_autoscaling_group").lifecycle).toEqual({ prevent_destroy: true });
  });

  test.each([
    [{ minSize: 5 }, "Fleet: minSize (5) must not exceed maxSize (4)"],
    [{ desiredCapacity: 9 }, "Fleet: desiredCapacity (9) must lie within [minSize, maxSize] = [2, 4]"],
    [{ maxSize: 1.5 }, "Fleet: maxSize must be a whole number ≥ 0, got 1.5"],
    [{ subnetIds: [] }, "Fleet: subnetIds must not be empty"],
  ])("rejects %o", (override, message) => {
    expect(() => synthModule((scope) => new Fleet(scope, "fleet", { ...props, ...override }))).toThrow(message);
  });
});

describe("user data", () => {
  const identity = { appName: "shop", environment: "dev", parameterPath: "/shop/dev/" };
  const script = renderUserData({ appPort: 8080, healthCheckPath: "/api/health", ...identity });

  test("is what the launch template carries, base64-encoded", () => {
    const synth = synthModule((scope) => new Fleet(scope, "fleet", { ...props, healthCheckPath: "/api/health" }));
    expect(Buffer.from(synth.resource("aws_launch_template").user_data, "base64").toString()).toBe(script);
  });

  test("installs the agent from the instance's own region via IMDSv2, with retries and a log", () => {
    expect(script).toContain("X-aws-ec2-metadata-token-ttl-seconds");
    expect(script).toContain("REGION=$(retry 10 imds meta-data/placement/region) ||");
    expect(script).toContain('"https://aws-codedeploy-$REGION.s3.$REGION.$DOMAIN/latest/install"');
    expect(script).toContain("cn-*) DOMAIN=amazonaws.com.cn");
    expect(script).toContain(BOOTSTRAP_LOG);
    expect(script).toContain("systemctl enable --now codedeploy-agent");
    expect(script).not.toMatch(/\b(yum|dnf) (-y )?(update|upgrade)\b/);
    expect(script).not.toMatch(/us-east-1|us-west-2/);
  });

  test("serves the app port and a placeholder health answer until the first revision", () => {
    expect(script).toContain("readonly APP_PORT=8080");
    expect(script).toContain(`readonly HEALTH_FILE="$ROOT"'/var/www/html/api/health'`);
    expect(script).toContain("systemctl enable --now httpd");
    // ...and lists the placeholders, which the revision's BeforeInstall removes.
    expect(script).toContain(`readonly PLACEHOLDERS_FILE="$ROOT"'${PLACEHOLDERS_FILE}'`);
  });

  test("records the instance's settings for the revision's hooks", () => {
    expect(script).toContain(`readonly SETTINGS_FILE="$ROOT"'${INSTANCE_SETTINGS_FILE}'`);
    expect(script).toContain(`cat > "$SETTINGS_FILE" <<SETTINGS`);
    expect(script).toContain("APP_NAME=shop\nENVIRONMENT=dev\nAPP_PORT=$APP_PORT\nHEALTH_CHECK_PATH=/api/health\nPARAMETER_PATH=/shop/dev/\n");
  });

  test.each(BOOTSTRAP_MODES)("is shellcheck-clean in bootstrap %s", (bootstrap) => {
    const result = spawnSync("shellcheck", ["-s", "bash", "-"], { input: renderUserData({ appPort: 8080, healthCheckPath: "/api/health", ...identity, bootstrap }), encoding: "utf8" });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  test("without httpd (agent-only, none) no web server is installed and a placeholder unit serves the app port until a deployment begins", () => {
    for (const bootstrap of ["agent-only", "none"] as const) {
      const rendered = renderUserData({ appPort: 8080, healthCheckPath: "/api/health", ...identity, bootstrap });
      expect(rendered).not.toMatch(/\bhttpd\b/);
      expect(rendered).not.toContain(PLACEHOLDERS_FILE);
      expect(rendered).toContain(`Environment=APP_PORT=$APP_PORT HEALTH_CHECK_PATH=/api/health BIND_ADDRESS=0.0.0.0 DEPLOYMENTS_DIR=$ROOT${AGENT_ONGOING_DEPLOYMENTS}`);
      expect(rendered).toContain(`systemctl enable --now ${PLACEHOLDER_SERVICE}`);
    }
    expect(renderUserData({ appPort: 8080, healthCheckPath: "/", ...identity, bootstrap: "none" })).not.toContain("latest/install");
  });

  test("the fleet renders the bootstrap mode it is given", () => {
    const synth = synthModule((scope) => new Fleet(scope, "fleet", { ...props, bootstrap: "none" }));
    expect(Buffer.from(synth.resource("aws_launch_template").user_data, "base64").toString()).toBe(renderUserData({ ...props, bootstrap: "none" }));
  });

  test.each([
    [{ appPort: 0 }, "renderUserData: appPort must be a whole number from 1 to 65535, got 0"],
    [{ healthCheckPath: "/health$x" }, 'renderUserData: healthCheckPath must be an absolute URL path, got "/health$x"'],
    [{ healthCheckPath: "health; rm -rf /" }, 'renderUserData: healthCheckPath must be an absolute URL path, got "health; rm -rf /"'],
    [{ environment: "dev$(reboot)" }, 'renderUserData: environment must use letters, digits, "/", "_", "." or "-", got "dev$(reboot)"'],
    [{ bootstrap: "baked" as BootstrapMode }, 'renderUserData: bootstrap must be one of full, agent-only, none, got "baked"'],
  ])("rejects %o", (input, message) => {
    expect(() => renderUserData({ appPort: 80, healthCheckPath: "/", ...identity, ...input })).toThrow(message);
  });
});
