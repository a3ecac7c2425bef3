import { rmSync } from "fs";
import { environmentConfig, synthEnvironmentStack, SynthesizedStack } from "../support/stacks";

/**
 * Kind: a resource that needs another to be complete, with no edge in the graph. Terraform
 * orders only what references or depends_on states; everything else runs in parallel. Checked
 * over the whole synthesized stack, so a new consumer without its edge fails here.
 */
type Resources = Record<string, Record<string, any>>;

const references = (config: unknown, pattern: RegExp): string[] => [...JSON.stringify(config).matchAll(pattern)].map((m) => m[1]);

/** `type.name` of every managed resource whose configuration matches `test`. */
function addressesWhere(resources: Resources, test: (type: string, config: any) => boolean): string[] {
  return Object.entries(resources).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([, config]) => test(type, config))
      .map(([name]) => `${type}.${name}`),
  );
}

const config = (resources: Resources, address: string) => {
  const [type, name] = address.split(".");
  return resources[type][name];
};

describe.each(["dev", "prod"])("graph ordering of the %s stack", (name) => {
  let synthesized: SynthesizedStack;
  let resources: Resources;
  beforeAll(() => {
    synthesized = synthEnvironmentStack(environmentConfig(name));
    resources = synthesized.json.resource;
  });
  afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

  test("a resource acting with a role depends on every policy and attachment of that role", () => {
    const missing: string[] = [];
    for (const role of Object.keys(resources.aws_iam_role)) {
      const permissions = addressesWhere(
        resources,
        (type, c) => ["aws_iam_role_policy", "aws_iam_role_policy_attachment"].includes(type) && new RegExp(`aws_iam_role\\.${role}\\.(id|name)\\b`).test(c.role),
      );
      expect(permissions.length).toBeGreaterThan(0);
      const consumers = addressesWhere(resources, (type, c) => !type.startsWith("aws_iam_") && references(c, new RegExp(`(aws_iam_role\\.${role})\\.arn`, "g")).length > 0);
      for (const consumer of consumers) {
        const edges: string[] = config(resources, consumer).depends_on ?? [];
        for (const permission of permissions) if (!edges.includes(permission)) missing.push(`${consumer} -> ${permission}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the fleet launches after its instances' role has its policies (through the instance profile)", () => {
    const permissions = addressesWhere(resources, (type, c) => type.startsWith("aws_iam_role_") && /aws_iam_role\.iam_instance_role\./.test(c.role));
    expect(permissions.length).toBeGreaterThan(0);
    expect(resources.aws_autoscaling_group.fleet_seed.depends_on).toEqual(expect.arrayContaining(permissions));
  });

  test("an object written to a bucket depends on the bucket's versioning and default encryption", () => {
    const missing: string[] = [];
    for (const object of addressesWhere(resources, (type) => type === "aws_s3_object")) {
      const [bucket] = references(config(resources, object).bucket, /(aws_s3_bucket\.[\w-]+)\./g);
      expect(bucket).toBeDefined();
      const settings = addressesWhere(
        resources,
        (type, c) => ["aws_s3_bucket_versioning", "aws_s3_bucket_server_side_encryption_configuration"].includes(type) && String(c.bucket).includes(`${bucket}.`),
      );
      expect(settings).toHaveLength(2);
      for (const setting of settings) if (!(config(resources, object).depends_on ?? []).includes(setting)) missing.push(`${object} -> ${setting}`);
    }
    expect(missing).toEqual([]);
  });
});
