import { isAbsolute, join, relative, sep } from "path";
import { Construct } from "constructs";
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";

/** Where Terraform keeps an environment's state. */
export type StateSettings =
  | { readonly backend: "local" }
  | {
      readonly backend: "s3";
      readonly bucket: string;
      /** @default the environment's region */
      readonly region?: string;
      /** Keys are `<keyPrefix>/<env>/terraform.tfstate`. @default appName */
      readonly keyPrefix?: string;
      /** Role Terraform assumes to reach the bucket. @default none */
      readonly roleArn?: string;
    }
  | {
      readonly backend: "cloud";
      readonly organization: string;
      /** @default "app.terraform.io" */
      readonly hostname?: string;
      /** Terraform Cloud project of the workspaces. @default the organization's default project */
      readonly project?: string;
    };

export interface StateBackendProps {
  readonly settings: StateSettings;
  readonly appName: string;
  readonly environment: string;
  /** Region of the environment (the S3 bucket's region unless the settings name one). */
  readonly region: string;
  /** Terraform Cloud workspace of the stack: `<appName>-<env>`. */
  readonly workspaceName: string;
}

/**
 * Configures where a stack keeps its state. `local` is a local backend with the file
 * `terraform.<stack>.tfstate` beside the project, by a relative path (portableLocalBackend). `s3` uses an encrypted object per stack, `<prefix>/<env>/terraform.tfstate`, with
 * S3-native locking (`use_lockfile`, Terraform ≥ 1.10; no DynamoDB table) and optionally an
 * assumed role. `cloud` uses one named Terraform Cloud workspace per stack.
 */
export function configureStateBackend(scope: Construct, props: StateBackendProps): void {
  const { settings } = props;
  switch (settings.backend) {
    case "local":
      portableLocalBackend(scope);
      return;
    case "s3": {
      const backend = new S3Backend(scope, {
        bucket: settings.bucket,
        key: `${settings.keyPrefix ?? props.appName}/${props.environment}/terraform.tfstate`,
        region: settings.region ?? props.region,
        encrypt: true,
      });
      // cdktf 0.21 has no props for these; Terraform ≥ 1.10 reads them.
      backend.addOverride("use_lockfile", true);
      if (settings.roleArn) backend.addOverride("assume_role", { role_arn: settings.roleArn });
      return;
    }
    case "cloud":
      new CloudBackend(scope, {
        organization: settings.organization,
        hostname: settings.hostname ?? "app.terraform.io",
        workspaces: new NamedCloudWorkspace(props.workspaceName, settings.project),
      });
      return;
  }
}

/**
 * A local backend whose state file is `terraform.<stack>.tfstate` in the project (the working
 * directory of the synth), written as a path relative to the stack's output folder
 * (`../../../terraform.<stack>.tfstate` from `cdktf.out/stacks/<stack>`). cdktf's own default is
 * the absolute path of the machine that synthesized, which breaks as soon as the folder is used
 * anywhere else; a relative path works from any checkout, and Terraform resolves it against its
 * working directory, the stack folder. The state stays outside the output folder, which every
 * synth replaces. When the output lies outside the project (a temporary folder), the state file
 * sits in the stack folder itself.
 */
export function portableLocalBackend(scope: Construct): LocalBackend {
  const stack = TerraformStack.of(scope);
  const file = `terraform.${stack.node.id}.tfstate`;
  const stackDir = join(App.of(scope).outdir, "stacks", stack.node.id);
  const toProject = relative(stackDir, process.cwd());
  const insideProject = !isAbsolute(toProject) && toProject.split(sep).every((part) => part === "..");
  return new LocalBackend(scope, { path: insideProject ? [...toProject.split(sep), file].join("/") : file });
}
