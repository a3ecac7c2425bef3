import { Estate, EstateResource } from "./estate";
import { blocks, isFalse, isTrue } from "./rule";

/*
 * Effective values: what AWS will apply, whatever the spelling. Rules judge these instead of the
 * raw arguments — one resource with `for_each` over a literal list is many rules, an inline block
 * list written as a `for` expression over a literal list is many blocks, and an unset argument is
 * what AWS defaults it to.
 */

/** The elements of a literal collection (`["a"]`, `{k = v}`, `${toset(["a", "b"])}`) as [key, value] pairs; undefined when computed. */
export function literalCollection(value: unknown): [string, unknown][] | undefined {
  if (Array.isArray(value)) return value.map((item) => [String(item), item]);
  if (value !== null && typeof value === "object") return Object.entries(value);
  if (typeof value !== "string") return undefined;
  const match = /^\$\{(?:(?:toset|tolist)\((\[.*\])\)|(\[.*\]))\}$/s.exec(value);
  if (!match) return undefined;
  try {
    const items: unknown = JSON.parse(match[1] ?? match[2]);
    return Array.isArray(items) ? items.map((item) => [String(item), item]) : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces `${<name>.key}`, `${<name>.value}` and `${<name>.value.attr}` in every string of `config`. */
function substitute(config: unknown, name: string, key: string, value: unknown): unknown {
  if (typeof config === "string") {
    const whole = new RegExp(`^\\$\\{${name}\\.(key|value)(?:\\.(\\w+))?\\}$`).exec(config);
    if (whole) return resolveIteration(whole[1], whole[2], key, value);
    return config.replace(new RegExp(`\\$\\{${name}\\.(key|value)(?:\\.(\\w+))?\\}`, "g"), (text, part, attr) => {
      const resolved = resolveIteration(part, attr, key, value);
      return typeof resolved === "object" ? text : String(resolved);
    });
  }
  if (Array.isArray(config)) return config.map((item) => substitute(item, name, key, value));
  if (config !== null && typeof config === "object") {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, substitute(v, name, key, value)]));
  }
  return config;
}

function resolveIteration(part: string, attr: string | undefined, key: string, value: unknown): unknown {
  if (part === "key") return key;
  return attr === undefined ? value : (value as Record<string, unknown> | null)?.[attr];
}

/** One instance of a resource: its configuration with `each.*` / `count.index` resolved. */
export interface ResourceInstance {
  /** `""` for a single resource, `[key]` for an instance of `for_each` or `count`. */
  readonly key: string;
  readonly config: Record<string, any>;
}

/**
 * The instances Terraform will create for a resource: one, or one per element of a literal
 * `for_each` collection or literal `count`. A computed `for_each`/`count` yields one instance with
 * the expressions left as they are (rules treat them as unknown, as before).
 */
export function instancesOf(resource: { config: Record<string, any> }): ResourceInstance[] {
  const { for_each: forEach, count, ...config } = resource.config;
  const elements = forEach === undefined ? undefined : literalCollection(forEach);
  if (elements) return elements.map(([key, value]) => ({ key: `[${JSON.stringify(key)}]`, config: substitute(config, "each", key, value) as Record<string, any> }));
  if (typeof count === "number" || (typeof count === "string" && /^\d+$/.test(count))) {
    return Array.from({ length: Number(count) }, (_, index) => ({
      key: `[${index}]`,
      config: JSON.parse(JSON.stringify(config).split("${count.index}").join(String(index))) as Record<string, any>,
    }));
  }
  return [{ key: "", config: resource.config }];
}

/**
 * The blocks of an inline block list (`ingress`, `egress`, ...): literal blocks, or the blocks a
 * `[for k, v in <literal list>: {...}]` expression (what cdktf's `iterator.dynamic()` writes for
 * attribute-style blocks) evaluates to. Anything else computed yields no block.
 */
export function inlineBlocks(value: unknown): Record<string, any>[] {
  if (typeof value !== "string") return blocks(value);
  const match = /^\$\{\[\s*for (\w+), (\w+) in (.+?): (\{.*\})\s*\]\}$/s.exec(value);
  const elements = match ? literalCollection(`\${${match[3]}}`) : undefined;
  if (!match || !elements) return [];
  const [, keyName, valueName, , body] = match;
  const results: Record<string, any>[] = [];
  for (const [key, element] of elements) {
    // The body is an HCL object of literals and references to the iteration variables.
    const json = body
      .replace(/"\s*=\s*/g, '": ')
      .replace(new RegExp(`(?<![\\w."])(${keyName}|${valueName})(?:\\.(\\w+))?(?![\\w"])`, "g"), (_, name, attr) =>
        JSON.stringify(name === keyName ? key : attr === undefined ? element : (element as Record<string, unknown>)?.[attr]),
      );
    try {
      results.push(JSON.parse(json));
    } catch {
      return [];
    }
  }
  return results;
}

/* ---- Public IP addresses ---- */

/**
 * Whether instances launched into `subnet` get a public IPv4 address when nothing else says so
 * (the subnet's MapPublicIpOnLaunch). A subnet the stack does not create cannot be judged: false.
 * - no subnet at all (an instance without subnet_id): the default subnet of an AZ, which maps
 *   public IPs ("Default subnets", Amazon VPC User Guide: "instances launched into a default subnet
 *   receive both a public IPv4 address and a private IPv4 address");
 * - aws_default_subnet: the same, unless the stack sets map_public_ip_on_launch = false;
 * - aws_subnet: false unless map_public_ip_on_launch = true (CreateSubnet's default, and the provider's).
 */
export function subnetMapsPublicIp(subnet: unknown, estate: Estate): boolean {
  if (subnet === undefined || subnet === null || subnet === "") return true;
  const target = estate.target(subnet);
  if (target?.type === "aws_default_subnet") return !isFalse(target.config.map_public_ip_on_launch);
  if (target?.type === "aws_subnet") return isTrue(target.config.map_public_ip_on_launch);
  return false;
}

export const COMPUTE_TYPES = ["aws_instance", "aws_launch_template", "aws_launch_configuration"];

/** Auto Scaling groups launching from `template` (a launch template or launch configuration of the stack). */
function groupsLaunching(template: EstateResource, estate: Estate): EstateResource[] {
  return estate.ofType("aws_autoscaling_group").filter(({ config }) => {
    const references = [
      config.launch_configuration,
      ...blocks(config.launch_template).flatMap((spec) => [spec.id, spec.name]),
      ...blocks(config.mixed_instances_policy).flatMap((policy) =>
        blocks(policy.launch_template).flatMap((spec) => blocks(spec.launch_template_specification).flatMap((s) => [s.launch_template_id, s.launch_template_name])),
      ),
    ];
    return references.some((reference) => estate.target(reference)?.address === template.address);
  });
}

/** Whether a group's instances land in a subnet that maps public IPs (no vpc_zone_identifier: the default subnets). */
function groupSubnetsMapPublicIp(group: EstateResource, estate: Estate): boolean {
  const subnets = group.config.vpc_zone_identifier;
  if (subnets === undefined) return true;
  const list = Array.isArray(subnets) ? subnets : [subnets];
  return list.some((subnet) => subnetMapsPublicIp(subnet, estate));
}

/**
 * Why instances of an aws_instance, aws_launch_template or aws_launch_configuration get a public
 * IPv4 address, or undefined when they do not. An explicit associate_public_ip_address decides;
 * unset, the subnet decides (see subnetMapsPublicIp): the instance's subnet_id, or the subnets of
 * the stack's Auto Scaling groups that launch from the template or configuration.
 */
export function publicIpReason(resource: EstateResource, config: Record<string, any>, estate: Estate): string | undefined {
  const explicitly = "associate_public_ip_address is true";
  const bySubnet = "associate_public_ip_address is unset and the subnet maps public IPs on launch";
  if (resource.type === "aws_instance") {
    if (blocks(config.network_interface).length > 0) return undefined; // an attached ENI: its own settings, not judged here
    if (config.associate_public_ip_address !== undefined) return isTrue(config.associate_public_ip_address) ? explicitly : undefined;
    return subnetMapsPublicIp(config.subnet_id, estate) ? bySubnet : undefined;
  }
  let setting = config.associate_public_ip_address;
  if (resource.type === "aws_launch_template") {
    const nics = blocks(config.network_interfaces);
    const publicNic = nics.find((nic) => isTrue(nic.associate_public_ip_address));
    if (publicNic) return `network interface ${publicNic.device_index ?? 0}: ${explicitly}`;
    setting = nics.find((nic) => Number(nic.device_index ?? 0) === 0)?.associate_public_ip_address;
  }
  if (setting !== undefined) return isTrue(setting) ? explicitly : undefined;
  return groupsLaunching(resource, estate).some((group) => groupSubnetsMapPublicIp(group, estate)) ? bySubnet : undefined;
}

/** Every security group reference of a compute resource's configuration. */
export function computeSecurityGroups(type: string, config: Record<string, any>): unknown[] {
  const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  if (type === "aws_launch_configuration") return list(config.security_groups);
  const groups = [...list(config.vpc_security_group_ids), ...list(config.security_groups)];
  if (type === "aws_launch_template") groups.push(...list(config.security_group_names), ...blocks(config.network_interfaces).flatMap((nic) => list(nic.security_groups)));
  return groups;
}
