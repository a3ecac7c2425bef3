import { Construct } from "constructs";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";

/**
 * Which AMI the fleet launches. Unset: the stock Amazon Linux 2023 of the instance type's
 * architecture (AWS's public SSM parameter). Otherwise exactly one of:
 * - `{ id }`: a fixed AMI ID (`ami-…`);
 * - `{ ssmParameter }`: a parameter of the team's own whose value is an AMI ID, as golden-AMI
 *   pipelines (EC2 Image Builder's distribution settings) publish there; read at every plan;
 * - `{ owners, name }`: the newest AMI of those owners (account IDs, `self`, `amazon`,
 *   `aws-marketplace`) whose name matches the filter (`*` and `?` wildcards), for the
 *   instance type's architecture. Owners are required: a name filter over every public AMI
 *   would take whatever image anybody published under a matching name.
 */
export interface MachineImageSettings {
  readonly id?: string;
  readonly ssmParameter?: string;
  readonly owners?: string[];
  readonly name?: string;
}

export type RootVolumeType = (typeof ROOT_VOLUME_TYPES)[number];

/** The root EBS volume (always encrypted, deleted with the instance). */
export interface RootVolumeSettings {
  /** GiB; must hold the AMI's root snapshot. @default 16 */
  readonly sizeGiB?: number;
  /** @default "gp3" */
  readonly type?: RootVolumeType;
  /** Provisioned IOPS (gp3, io1, io2; required for io1 and io2). @default gp3: 3,000 (AWS's baseline) */
  readonly iops?: number;
  /** Provisioned throughput in MiB/s (gp3 only). @default 125 (AWS's baseline) */
  readonly throughput?: number;
}

/** Volume types that can boot an instance: st1 and sc1 cannot ("Amazon EBS volume types", EBS User Guide). */
export const ROOT_VOLUME_TYPES = ["gp3", "gp2", "io1", "io2"] as const;

interface VolumeLimits {
  readonly sizeGiB: readonly [number, number];
  readonly iops?: readonly [number, number];
  /** Maximum provisioned IOPS per GiB of volume size. */
  readonly iopsPerGiB?: number;
  readonly throughput?: readonly [number, number];
  /** Maximum MiB/s of throughput per provisioned IOPS. */
  readonly throughputPerIops?: number;
  /** AWS's value when the setting is left out. */
  readonly defaultIops?: number;
}

/**
 * Per type, from the EC2 API Reference, LaunchTemplateEbsBlockDeviceRequest (VolumeSize, Iops,
 * Throughput: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateEbsBlockDeviceRequest.html),
 * and the ratios of "Amazon EBS volume types" (EBS User Guide): gp3 500 IOPS per GiB and
 * 0.25 MiB/s per IOPS; io1 50 and io2 1,000 IOPS per GiB.
 */
export const ROOT_VOLUME_LIMITS: Record<RootVolumeType, VolumeLimits> = {
  gp3: { sizeGiB: [1, 16_384], iops: [3_000, 16_000], iopsPerGiB: 500, throughput: [125, 1_000], throughputPerIops: 0.25, defaultIops: 3_000 },
  gp2: { sizeGiB: [1, 16_384] },
  io1: { sizeGiB: [4, 16_384], iops: [100, 64_000], iopsPerGiB: 50 },
  io2: { sizeGiB: [4, 65_536], iops: [100, 256_000], iopsPerGiB: 1_000 },
};

export const DEFAULT_ROOT_VOLUME = { sizeGiB: 16, type: "gp3" } as const;

/** The root device of the stock Amazon Linux 2023 AMIs (every architecture). */
const AL2023_ROOT_DEVICE = "/dev/xvda";

const count = (n: number) => n.toLocaleString("en-US");

/** Every way `volume` breaks AWS's limits, one line each, as `<key>: <value> — <rule>` under `at`. */
export function rootVolumeProblems(volume: RootVolumeSettings, at: string): string[] {
  const type = volume.type ?? DEFAULT_ROOT_VOLUME.type;
  const size = volume.sizeGiB ?? DEFAULT_ROOT_VOLUME.sizeGiB;
  const limits = ROOT_VOLUME_LIMITS[type];
  const problems: string[] = [];
  const [minSize, maxSize] = limits.sizeGiB;
  if (size < minSize || size > maxSize) problems.push(`${at}.sizeGiB: ${size} — ${type.startsWith("i") ? "an" : "a"} ${type} volume is ${count(minSize)}–${count(maxSize)} GiB`);
  if (volume.iops !== undefined) {
    if (!limits.iops) problems.push(`${at}.iops: ${volume.iops} — ${type} takes no provisioned IOPS (gp3, io1 and io2 do)`);
    else {
      const [minIops, maxIops] = limits.iops;
      if (volume.iops < minIops || volume.iops > maxIops) problems.push(`${at}.iops: ${volume.iops} — ${type} takes ${count(minIops)}–${count(maxIops)} IOPS`);
      else if (volume.iops > size * limits.iopsPerGiB!) {
        problems.push(`${at}.iops: ${volume.iops} — ${type} allows at most ${limits.iopsPerGiB} IOPS per GiB: ${count(size * limits.iopsPerGiB!)} for ${size} GiB`);
      }
    }
  } else if (type === "io1" || type === "io2") {
    problems.push(`${at}.type: "${type}" — ${type} needs iops (AWS requires provisioned IOPS for io1 and io2)`);
  }
  if (volume.throughput !== undefined) {
    if (!limits.throughput) problems.push(`${at}.throughput: ${volume.throughput} — only gp3 takes a provisioned throughput`);
    else {
      const [minThroughput, maxThroughput] = limits.throughput;
      const iops = volume.iops ?? limits.defaultIops!;
      if (volume.throughput < minThroughput || volume.throughput > maxThroughput) {
        problems.push(`${at}.throughput: ${volume.throughput} — ${type} takes ${minThroughput}–${count(maxThroughput)} MiB/s`);
      } else if (volume.throughput > iops * limits.throughputPerIops!) {
        problems.push(`${at}.throughput: ${volume.throughput} — ${type} allows at most ${limits.throughputPerIops} MiB/s per IOPS: ${iops * limits.throughputPerIops!} MiB/s with ${count(iops)} IOPS`);
      }
    }
  }
  return problems;
}

export interface MachineImageProps {
  readonly architecture: "arm64" | "x86_64";
  /** @default the stock Amazon Linux 2023 */
  readonly image?: MachineImageSettings;
  /** The root volume size the launch template asks for: the image's root snapshot must fit. */
  readonly rootVolumeGiB: number;
}

/**
 * The AMI lookups of a fleet, in `scope`: the image ID and its root device name. A chosen image goes through
 * `aws_ami`, whose root device name the launch template maps (images differ: `/dev/xvda`,
 * `/dev/sda1`), and whose plan-time checks refuse an image the launch would fail on: another
 * architecture than the instance type's, an instance-store root, a root snapshot larger than
 * the volume. The stock Amazon Linux 2023 needs no lookup beyond AWS's SSM parameter: its root
 * device is `/dev/xvda` on every architecture.
 */
export function machineImage(scope: Construct, props: MachineImageProps): { readonly imageId: string; readonly rootDeviceName: string } {
  const chosen = props.image;
  if (!chosen || Object.values(chosen).every((value) => value === undefined)) {
    const parameter = new DataAwsSsmParameter(scope, "ami", {
      name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${props.architecture}`,
    });
    return { imageId: parameter.insecureValue, rootDeviceName: AL2023_ROOT_DEVICE };
  }
  const choices = [chosen.id, chosen.ssmParameter, chosen.name].filter((value) => value !== undefined).length;
  if (choices !== 1 || (chosen.name !== undefined) !== (chosen.owners !== undefined)) {
    throw new Error(`machineImage: set exactly one of id, ssmParameter or owners + name, got ${JSON.stringify(chosen)}`);
  }
  const source = chosen.ssmParameter ?? chosen.id ?? `newest of ${chosen.owners!.join(", ")} named ${chosen.name}`;
  // The template launches the ID the team chose or published (the parameter's value, read at
  // every plan); aws_ami describes that same image. Only a name filter takes aws_ami's answer.
  const chosenId = chosen.id ?? (chosen.ssmParameter !== undefined ? new DataAwsSsmParameter(scope, "ami", { name: chosen.ssmParameter }).insecureValue : undefined);
  const image = new DataAwsAmi(scope, "image", {
    ...(chosen.name !== undefined
      ? {
          mostRecent: true,
          owners: chosen.owners,
          filter: [
            { name: "name", values: [chosen.name] },
            { name: "architecture", values: [props.architecture] },
          ],
        }
      : {
          filter: [{ name: "image-id", values: [chosenId!] }],
        }),
    lifecycle: {
      postcondition: [
        {
          condition: `\${self.architecture == "${props.architecture}"}`,
          errorMessage: `ami: the image \${self.id} (${source}) is \${self.architecture}; the instance type needs ${props.architecture}. Choose an image of that architecture or another instance type.`,
        },
        {
          condition: '${self.root_device_type == "ebs"}',
          errorMessage: `ami: the image \${self.id} (${source}) boots from an instance store; the fleet's launch template needs an EBS-backed image.`,
        },
        {
          condition: `\${alltrue([for m in self.block_device_mappings : m.device_name != self.root_device_name || try(tonumber(m.ebs.volume_size), 0) <= ${props.rootVolumeGiB}])}`,
          errorMessage: `rootVolume.sizeGiB: ${props.rootVolumeGiB} — smaller than the root snapshot of the image \${self.id} (${source}); EC2 refuses a volume smaller than its snapshot. Set rootVolume.sizeGiB to at least the snapshot's size.`,
        },
      ],
    },
  });
  return { imageId: chosenId ?? image.id, rootDeviceName: image.rootDeviceName };
}
