import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization } from "cdktf";

/** The resolver cdktf itself synthesizes with, so rules see exactly what cdk.tf.json will hold. */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A resource or data source of the stack, configured as it will be synthesized. */
export interface EstateResource {
  readonly construct: TerraformResource | TerraformDataSource;
  readonly kind: "resource" | "data";
  readonly type: string;
  /** Terraform address: `aws_lb.load_balancer_alb`, `data.aws_iam_policy_document.build_trust`. */
  readonly address: string;
  /** Resolved configuration with snake_case keys, exactly as in cdk.tf.json. */
  readonly config: Record<string, any>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether an expression string refers to an attribute of the element at `address`. */
function refersTo(value: unknown, address: string): boolean {
  if (typeof value !== "string") return false;
  return new RegExp(`(^|[^\\w.])${escapeRegExp(address)}\\.`).test(value);
}

/**
 * The stack's resources and data sources, resolved once per synth. Rules look things up here
 * (what a security group is attached to, which policy document a role uses) instead of walking
 * the construct tree themselves.
 */
export class Estate {
  public readonly all: EstateResource[] = [];
  private readonly byAddress = new Map<string, EstateResource>();

  /** @param production the stack is a production environment (rules may demand more) */
  constructor(stack: TerraformStack, public readonly production: boolean) {
    for (const construct of stack.node.findAll()) {
      const resource = TerraformResource.isTerraformResource(construct);
      if (!resource && !(construct instanceof TerraformDataSource)) continue;
      const element = construct as TerraformResource | TerraformDataSource;
      const kind = resource ? "resource" : "data";
      const fragment = element.toTerraform()[kind]?.[element.terraformResourceType];
      if (!fragment) continue; // moved resources synthesize no block
      const [name, attributes] = Object.entries(fragment)[0] as [string, Record<string, any>];
      const { ["//"]: _metadata, ...config } = attributes;
      const type = element.terraformResourceType;
      const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
      const entry: EstateResource = { construct: element, kind, type, address, config: Tokenization.resolve(config, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER }) };
      this.all.push(entry);
      this.byAddress.set(address, entry);
    }
  }

  ofType(...types: string[]): EstateResource[] {
    return this.all.filter((entry) => types.includes(entry.type));
  }

  get(address: string): EstateResource | undefined {
    return this.byAddress.get(address);
  }

  /** The element a whole-value reference (`${aws_x.y.attr}` or `${data.aws_x.y.attr}`) points at. */
  target(value: unknown): EstateResource | undefined {
    if (typeof value !== "string") return undefined;
    const match = /^\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[A-Za-z0-9_]+\}$/.exec(value);
    return match ? this.byAddress.get(match[1]) : undefined;
  }

  /** Resources of `type` whose `attribute` refers to `address`. */
  referencing(type: string | string[], attribute: string, address: string): EstateResource[] {
    const types = Array.isArray(type) ? type : [type];
    return this.ofType(...types).filter((entry) => {
      const value = entry.config[attribute];
      return Array.isArray(value) ? value.some((item) => refersTo(item, address)) : refersTo(value, address);
    });
  }
}

