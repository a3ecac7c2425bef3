import { IConstruct, Node } from "constructs";

/**
 * Readable Terraform addresses: the construct path below the stack, joined with "_"
 * (`aws_lb.load_balancer_alb` rather than `aws_lb.loadbalancer_alb_4F2A1C3B`). Plans read
 * better in review, and `terraform test` files can name resources. Paths are unique within a
 * stack; the allocator still refuses two paths that collapse to one address.
 */
export class ReadableLogicalIds {
  private readonly byId = new Map<string, string>();

  allocate(element: IConstruct | Node, stack: IConstruct): string {
    const node = element instanceof Node ? element : element.node;
    const scopes = node.scopes;
    const components = scopes.slice(scopes.indexOf(stack) + 1).map((scope) => scope.node.id);
    const id = components
      .join("_")
      .replace(/[^A-Za-z0-9_-]/g, "_")
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toLowerCase();
    const path = node.path;
    const holder = this.byId.get(id);
    if (holder !== undefined && holder !== path) {
      throw new Error(`Logical ID "${id}" would be shared by "${holder}" and "${path}"; rename one of the constructs`);
    }
    this.byId.set(id, path);
    return id;
  }
}
