import { IConstruct } from "constructs";
import { TerraformElement, TerraformIterator, TerraformStack } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { LaunchConfiguration, LaunchConfigurationConfig } from "@cdktf/provider-aws/lib/launch-configuration";
import { Instance, InstanceConfig } from "@cdktf/provider-aws/lib/instance";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamPolicyAttachment } from "@cdktf/provider-aws/lib/iam-policy-attachment";
import { Guardrails } from "../../modules/guardrails";
import { HardenedBucket } from "../../modules/shared/hardened-bucket";
import { admitsLargePublicRange, publicAddressCount } from "../../modules/guardrails/address-ranges";
import { guardedStack, synthGuarded, useTemporaryOutdirs } from "../support/guardrails";

/*
 * Issue 17: rules judge what AWS will do, not how it is spelled. One block per kind; each case
 * builds the insecure construct (which must fail with the rule's ID) and its compliant twin
 * (which must stay clean).
 */

useTemporaryOutdirs("guardrails-effective-");

type Build = (stack: TerraformStack, insecure: boolean) => void;

function expectKind(rule: string, build: Build, expectation?: RegExp): void {
  const insecure = guardedStack();
  build(insecure, true);
  const failed = synthGuarded(insecure);
  expect(failed.failedRules).toEqual([rule]);
  if (expectation) expect(failed.errors.join("\n")).toMatch(expectation);
  const twin = guardedStack();
  build(twin, false);
  expect(synthGuarded(twin).errors).toEqual([]);
}

const group = (stack: TerraformStack, id = "app") => new SecurityGroup(stack, id, { name: id, description: `${id} instances` });
const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });

describe("address arithmetic", () => {
  test("counts public addresses only, whatever the split", () => {
    expect(publicAddressCount(["0.0.0.0/1", "128.0.0.0/1"])).toEqual(publicAddressCount(["0.0.0.0/0"]));
    expect(publicAddressCount(["10.0.0.0/8", "192.168.0.0/16"])).toEqual({ ipv4: 0n, ipv6: 0n });
    expect(admitsLargePublicRange(["1.0.0.0/9"])).toBe(false);
    expect(admitsLargePublicRange(["1.0.0.0/9", "1.128.0.0/9"])).toBe(true);
    expect(admitsLargePublicRange(["::/1", "8000::/1"])).toBe(true);
    expect(admitsLargePublicRange(["fd00::/8"])).toBe(false);
  });
});

describe("kind: equivalent spellings — CIDR sets whose union is a large public range", () => {
  // Insecure: the union is the internet, or a /8; twin: the same shape over a /24 (or split over two ports).
  const cases: [string, Build][] = [
    [
      "0.0.0.0/1 + 128.0.0.0/1 on port 22 in two rule resources",
      (stack, insecure) => {
        const app = group(stack);
        (insecure ? ["0.0.0.0/1", "128.0.0.0/1"] : ["203.0.113.0/25", "203.0.113.128/25"]).forEach((cidr, index) =>
          new VpcSecurityGroupIngressRule(stack, `ssh_${index}`, { securityGroupId: app.id, cidrIpv4: cidr, ...tcp(22), description: "ssh" }),
        );
      },
    ],
    [
      "two /9 halves of 1.0.0.0/8, each under the limit, on the same port (twin: on two ports)",
      (stack, insecure) => {
        const app = group(stack);
        new VpcSecurityGroupIngressRule(stack, "low", { securityGroupId: app.id, cidrIpv4: "1.0.0.0/9", ...tcp(22), description: "ssh" });
        new VpcSecurityGroupIngressRule(stack, "high", { securityGroupId: app.id, cidrIpv4: "1.128.0.0/9", ...tcp(insecure ? 22 : 23), description: "ssh" });
      },
    ],
    [
      "an inline rule plus an aws_security_group_rule, one of them all-protocol",
      (stack, insecure) => {
        const app = new SecurityGroup(stack, "app", {
          name: "app",
          description: "app instances",
          ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["1.0.0.0/9"], description: "ssh" }],
        });
        new SecurityGroupRule(stack, "all", { type: "ingress", securityGroupId: app.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [insecure ? "1.128.0.0/9" : "203.0.113.0/24"], description: "partner" });
      },
    ],
    [
      "for_each over a literal list",
      (stack, insecure) => {
        const app = group(stack);
        const cidrs = TerraformIterator.fromList(insecure ? ["0.0.0.0/1", "128.0.0.0/1"] : ["203.0.113.0/25", "203.0.113.128/25"]);
        new VpcSecurityGroupIngressRule(stack, "ssh", { forEach: cidrs, securityGroupId: app.id, cidrIpv4: cidrs.value, ...tcp(22), description: "ssh" });
      },
    ],
    [
      "for_each over a literal map of objects",
      (stack, insecure) => {
        const app = group(stack);
        const cidrs = TerraformIterator.fromMap(insecure ? { low: { cidr: "1.0.0.0/9" }, high: { cidr: "1.128.0.0/9" } } : { low: { cidr: "203.0.113.0/25" }, high: { cidr: "203.0.113.128/25" } });
        new VpcSecurityGroupIngressRule(stack, "ssh", { forEach: cidrs, securityGroupId: app.id, cidrIpv4: cidrs.getString("cidr"), ...tcp(22), description: "ssh" });
      },
    ],
    [
      "inline ingress blocks from a dynamic iterator over a literal list",
      (stack, insecure) => {
        const cidrs = TerraformIterator.fromList(insecure ? ["0.0.0.0/1", "128.0.0.0/1"] : ["203.0.113.0/25", "203.0.113.128/25"]);
        new SecurityGroup(stack, "app", {
          name: "app",
          description: "app instances",
          ingress: cidrs.dynamic({ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: [cidrs.value], description: "ssh" }),
        });
      },
    ],
    [
      "IPv6 halves ::/1 + 8000::/1",
      (stack, insecure) => {
        const app = group(stack);
        (insecure ? ["::/1", "8000::/1"] : ["2001:db8::/49", "2001:db8:0:8000::/49"]).forEach((cidr, index) =>
          new VpcSecurityGroupIngressRule(stack, `ssh_${index}`, { securityGroupId: app.id, cidrIpv6: cidr, ...tcp(22), description: "ssh" }),
        );
      },
    ],
  ];
  test.each(cases)("%s", (_, build) => expectKind("SG-OPEN-INGRESS", build, /SG-OPEN-INGRESS: .*(ingress|inline).* on tcp 22-22|all ports/));
});

const METADATA = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 };
const template = (stack: TerraformStack, overrides: Partial<LaunchTemplateConfig> = {}) =>
  new LaunchTemplate(stack, "template", {
    name: "web",
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    metadataOptions: METADATA,
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }],
    networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false" }],
    ...overrides,
  });
const instance = (stack: TerraformStack, overrides: Partial<InstanceConfig> = {}) =>
  new Instance(stack, "instance", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    metadataOptions: METADATA,
    rootBlockDevice: { encrypted: true },
    associatePublicIpAddress: false,
    ...overrides,
  });
const launchConfiguration = (stack: TerraformStack, overrides: Partial<LaunchConfigurationConfig> = {}) =>
  new LaunchConfiguration(stack, "configuration", {
    name: "web",
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    metadataOptions: METADATA,
    rootBlockDevice: { encrypted: true },
    ...overrides,
  });

describe("kind: an unset argument is the value AWS applies", () => {
  test("http_tokens required with no hop limit: the default (2 for AL2023-style AMIs), not 1", () =>
    expectKind(
      "LT-IMDSV2",
      (stack, insecure) => void template(stack, { metadataOptions: insecure ? { httpEndpoint: "enabled", httpTokens: "required" } : METADATA }),
      /hop limit is unset, so instances get EC2's default of 2/,
    ));

  test("no metadata options at all: IMDSv1 stays on", () =>
    expectKind("LT-IMDSV2", (stack, insecure) => void template(stack, { metadataOptions: insecure ? undefined : METADATA }), /http_tokens is "optional", the default when unset/));

  test("an instance without subnet_id or associate_public_ip_address lands in a default subnet and gets a public IP", () =>
    expectKind(
      "EC2-NO-PUBLIC-IP",
      (stack, insecure) => {
        const subnet = new Subnet(stack, "private", { vpcId: "vpc-0a", cidrBlock: "10.0.1.0/24" });
        instance(stack, { associatePublicIpAddress: undefined, subnetId: insecure ? undefined : subnet.id });
      },
      /associate_public_ip_address is unset and the subnet maps public IPs/,
    ));

  test("a bucket without ownership controls has ACLs disabled (S3's default); one set to ObjectWriter does not", () =>
    expectKind(
      "S3-ACLS-DISABLED",
      (stack, insecure) => {
        const hardened = new HardenedBucket(stack, "artifacts", { bucketName: "artifacts-123" });
        if (insecure) (hardened.node.findChild("ownership") as TerraformElement).addOverride("rule.object_ownership", "ObjectWriter");
        else hardened.node.tryRemoveChild("ownership");
      },
      /honours ACLs \(object ownership ObjectWriter\)/,
    ));

  test("a launch template without the setting, used by a group in the default subnets, gets public IPs", () =>
    expectKind(
      "EC2-NO-PUBLIC-IP",
      (stack, insecure) => {
        const lt = template(stack, { networkInterfaces: insecure ? undefined : [{ deviceIndex: 0, associatePublicIpAddress: "false" }] });
        new (require("@cdktf/provider-aws/lib/autoscaling-group").AutoscalingGroup)(stack, "fleet", {
          name: "web",
          minSize: 1,
          maxSize: 1,
          availabilityZones: ["us-east-1a", "us-east-1b"],
          launchTemplate: { id: lt.id, version: "$Latest" },
        });
      },
      /subnet maps public IPs/,
    ));
});

describe("kind: every resource type that carries the setting", () => {
  const cases: [string, string, Build][] = [
    ["aws_launch_configuration without IMDSv2", "LT-IMDSV2", (stack, insecure) => void launchConfiguration(stack, { metadataOptions: insecure ? { httpTokens: "optional" } : METADATA })],
    ["aws_instance without IMDSv2", "LT-IMDSV2", (stack, insecure) => void instance(stack, { metadataOptions: insecure ? { httpTokens: "required", httpPutResponseHopLimit: 3 } : METADATA })],
    ["aws_launch_configuration with an unencrypted root volume", "LT-EBS-ENCRYPTED", (stack, insecure) => void launchConfiguration(stack, { rootBlockDevice: { encrypted: !insecure } })],
    ["aws_instance with no root volume declared", "LT-EBS-ENCRYPTED", (stack, insecure) => void instance(stack, { rootBlockDevice: insecure ? undefined : { encrypted: true } })],
    ["aws_launch_configuration with a public IP", "EC2-NO-PUBLIC-IP", (stack, insecure) => void launchConfiguration(stack, { associatePublicIpAddress: insecure })],
    [
      "aws_default_security_group open on 22",
      "SG-OPEN-INGRESS",
      (stack, insecure) =>
        void new DefaultSecurityGroup(stack, "default", { vpcId: "vpc-0a", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: [insecure ? "0.0.0.0/0" : "10.0.0.0/8"] }] }),
    ],
    [
      "aws_security_group_rule open on 22",
      "SG-OPEN-INGRESS",
      (stack, insecure) =>
        void new SecurityGroupRule(stack, "ssh", { type: "ingress", securityGroupId: group(stack).id, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [insecure ? "0.0.0.0/0" : "10.0.0.0/8"], description: "ssh" }),
    ],
    [
      "aws_security_group inline rule open on 22, protocol given as its number (6)",
      "SG-OPEN-INGRESS",
      (stack, insecure) =>
        void new SecurityGroup(stack, "app", { name: "app", description: "app", ingress: [{ fromPort: 22, toPort: 22, protocol: "6", cidrBlocks: [insecure ? "0.0.0.0/0" : "10.0.0.0/8"], description: "ssh" }] }),
    ],
  ];
  test.each(cases)("%s", (_, rule, build) => expectKind(rule, build));
});

const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }] });
const managed = (name: string) => `arn:\${data.aws_partition.current.partition}:iam::aws:policy/${name}`;
const literalPartition = (arn: string) => arn.replace("${data.aws_partition.current.partition}", "aws");

describe("kind: AWS-managed policies attached by ARN are judged from the curated table", () => {
  const cases: [string, string, string, (stack: TerraformStack, arn: string) => void][] = [
    ["AdministratorAccess on a role attachment", "AdministratorAccess", "service-role/AWSCodeDeployRole", (stack, arn) => void new IamRolePolicyAttachment(stack, "attach", { role: "web", policyArn: arn })],
    ["PowerUserAccess in a role's managed_policy_arns", "PowerUserAccess", "AmazonSSMManagedInstanceCore", (stack, arn) => void new IamRole(stack, "role", { name: "web", assumeRolePolicy: trust, managedPolicyArns: [arn] })],
    ["IAMFullAccess on an aws_iam_policy_attachment", "IAMFullAccess", "CloudWatchAgentServerPolicy", (stack, arn) => void new IamPolicyAttachment(stack, "attach", { name: "web", roles: ["web"], policyArn: arn })],
    [
      "AmazonS3FullAccess through for_each over a literal list",
      "AmazonS3FullAccess",
      "service-role/AmazonEC2RoleforAWSCodeDeploy",
      (stack, arn) => {
        // Plain strings in a literal list: cdktf would escape an interpolation, so the partition is literal here.
        const arns = TerraformIterator.fromList([literalPartition(managed("AmazonSSMManagedInstanceCore")), literalPartition(arn)]);
        new IamRolePolicyAttachment(stack, "attach", { forEach: arns, role: "web", policyArn: arns.value });
      },
    ],
    ["AmazonEC2FullAccess with a literal partition", "AmazonEC2FullAccess", "service-role/AWSCodeDeployRole", (stack, arn) => void new IamRolePolicyAttachment(stack, "attach", { role: "web", policyArn: literalPartition(arn) })],
  ];
  test.each(cases)("%s (twin: %s → %s)", (_, insecureName, compliantName, attach) =>
    expectKind("IAM-MANAGED-POLICIES", (stack, insecure) => attach(stack, managed(insecure ? insecureName : compliantName)), new RegExp(`${insecureName} grants .+ \\(https://docs\\.aws\\.amazon\\.com/aws-managed-policy/`)),
  );

  test("a managed policy missing from the table cannot be judged, and says which", () => {
    const stack = guardedStack();
    new IamRolePolicyAttachment(stack, "attach", { role: "web", policyArn: managed("AWSCodeDeployFullAccess") });
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual(["IAM-MANAGED-POLICIES"]);
    expect(outcome.errors[0]).toContain("the AWS-managed policy AWSCodeDeployFullAccess is not in the curated table");
  });
});

describe("kind: the internet-facing ALB's own security group on instances that get public IPs", () => {
  /** An internet-facing ALB (internal unset) whose group takes 443 from anywhere; instances use `instanceGroup`. */
  function albAndFleet(stack: TerraformStack, shareAlbGroup: boolean, attach: (stack: TerraformStack, groupId: string) => IConstruct): void {
    const albGroup = group(stack, "alb");
    new VpcSecurityGroupIngressRule(stack, "clients", { securityGroupId: albGroup.id, cidrIpv4: "0.0.0.0/0", ...tcp(443), description: "clients" });
    new Lb(stack, "lb", { name: "web", securityGroups: [albGroup.id], subnets: ["subnet-0a", "subnet-0b"], dropInvalidHeaderFields: true });
    let instanceGroup = albGroup.id;
    if (!shareAlbGroup) {
      const own = group(stack, "instances");
      new VpcSecurityGroupIngressRule(stack, "from_alb", { securityGroupId: own.id, referencedSecurityGroupId: albGroup.id, ...tcp(80), description: "from the ALB" });
      instanceGroup = own.id;
    }
    Guardrails.suppress(attach(stack, instanceGroup), "EC2-NO-PUBLIC-IP", "public subnets without NAT, as in the default VPC");
  }
  const cases: [string, (stack: TerraformStack, groupId: string) => IConstruct][] = [
    ["an instance with associate_public_ip_address", (stack, groupId) => instance(stack, { associatePublicIpAddress: true, vpcSecurityGroupIds: [groupId] })],
    ["an instance in a default subnet (public IP by default)", (stack, groupId) => instance(stack, { associatePublicIpAddress: undefined, vpcSecurityGroupIds: [groupId] })],
    ["a launch template's network interface", (stack, groupId) => template(stack, { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [groupId] }] })],
    ["a launch configuration", (stack, groupId) => launchConfiguration(stack, { associatePublicIpAddress: true, securityGroups: [groupId] })],
  ];
  test.each(cases)("%s", (_, attach) =>
    expectKind("SG-OPEN-INGRESS", (stack, insecure) => albAndFleet(stack, insecure, attach), /into the internet-facing ALB's group, which aws_\w+\.\w+ also uses and whose instances get public IPs/),
  );
});
