import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });

describe("bootstrap configuration", () => {
  test("is full in every profile by default", () => {
    for (const environment of resolveConfig({}).environments) expect(environment.bootstrap).toBe("full");
  });

  test.each(["full", "agent-only", "none"])("accepts %s (none with the image that has the agent)", (bootstrap) => {
    const ami = bootstrap === "none" ? { ami: { ssmParameter: "/golden/shop/al2023-x86_64" } } : {};
    expect(resolveConfig(env({ bootstrap, ...ami })).environments[0].bootstrap).toBe(bootstrap);
  });

  test("refuses none on the stock image, which has no CodeDeploy agent", () => {
    expect(problemsOf(env({ bootstrap: "none" }))).toEqual([
      'environments.dev.bootstrap: "none" — the stock Amazon Linux 2023 image (no ami) has no CodeDeploy agent, so its instances would never take a deployment; choose the image that has it (ami), or bootstrap "agent-only"',
    ]);
  });

  test("refuses a mode it does not know", () => {
    expect(problemsOf(env({ bootstrap: "baked" }))).toEqual([
      'environments.dev.bootstrap: "baked" — must be one of full, agent-only, none: what the user data installs (full: httpd, Ruby, the agent; agent-only; none: the image has the agent)',
    ]);
  });
});

describe("machine image and root volume configuration", () => {
  test("are unset by default: the stock Amazon Linux 2023 on a 16 GiB gp3 volume", () => {
    for (const environment of resolveConfig({}).environments) {
      expect(environment.ami).toBeUndefined();
      expect(environment.rootVolume).toBeUndefined();
    }
  });

  test.each([
    [{ id: "ami-0123456789abcdef0" }],
    [{ id: "ami-12345678" }],
    [{ ssmParameter: "/golden/webapp/ami-id" }],
    [{ owners: ["123456789012", "self"], name: "golden-webapp-al2023-*" }],
  ])("accepts the image %j", (ami) => {
    expect(resolveConfig(env({ ami })).environments[0].ami).toEqual(ami);
  });

  test("accepts every volume type within AWS's limits", () => {
    const volumes = [
      { sizeGiB: 30, type: "gp3", iops: 6000, throughput: 500 },
      { sizeGiB: 20, type: "gp2" },
      { sizeGiB: 100, type: "io1", iops: 5000 },
      { sizeGiB: 100, type: "io2", iops: 64000 },
    ];
    for (const rootVolume of volumes) expect(resolveConfig(env({ rootVolume })).environments[0].rootVolume).toEqual(rootVolume);
  });

  test("reports every problem of both keys at once, one line each", () => {
    expect(problemsOf(env({ ami: { owners: ["123456789012"], name: "golden *", size: 1 }, rootVolume: { type: "io1", sizeGiB: 2, throughput: 200 } }))).toEqual([
      "environments.dev.ami.size: (unknown key) — not a setting; nearest keys: id, name, owners",
      "environments.dev.rootVolume.sizeGiB: 2 — an io1 volume is 4–16,384 GiB",
      'environments.dev.rootVolume.type: "io1" — io1 needs iops (AWS requires provisioned IOPS for io1 and io2)',
      "environments.dev.rootVolume.throughput: 200 — only gp3 takes a provisioned throughput",
    ]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["a short AMI ID", { ami: { id: "ami-123" } }, 'environments.dev.ami.id: "ami-123" — must be an AMI ID: ami- and 8 or 17 hexadecimal digits'],
    ["two choices", { ami: { id: "ami-12345678", ssmParameter: "/golden/ami" } }, 'environments.dev.ami: {"id":"ami-12345678","ssmParameter":"/golden/ami"} — must set exactly one of "id", "ssmParameter" or "owners" + "name" (got id, ssmParameter)'],
    ["no choice", { ami: {} }, 'environments.dev.ami: {} — must set exactly one of "id", "ssmParameter" or "owners" + "name"'],
    [
      "a name filter without owners",
      { ami: { name: "golden-*" } },
      'environments.dev.ami.name: "golden-*" — needs "owners": a name filter over every public AMI would take whatever image anybody published under a matching name',
    ],
    ["owners without a name", { ami: { owners: ["self"] } }, 'environments.dev.ami.owners: ["self"] — needs a "name" filter to choose the newest of their images'],
    ["an owner alias AWS does not know", { ami: { owners: ["me"], name: "x" } }, 'environments.dev.ami.owners.0: "me" — must be a 12-digit account ID or self, amazon, aws-marketplace'],
    ["a parameter name with a space", { ami: { ssmParameter: "golden ami" } }, 'environments.dev.ami.ssmParameter: "golden ami" — must be an SSM parameter name such as /golden/webapp/ami (letters, digits, _ . - and / between levels)'],
    ["a volume that cannot boot", { rootVolume: { type: "st1" } }, 'environments.dev.rootVolume.type: "st1" — must be one of gp3, gp2, io1, io2 (st1 and sc1 cannot boot an instance)'],
    ["gp3 IOPS beyond 500 per GiB", { rootVolume: { sizeGiB: 8, iops: 5000 } }, "environments.dev.rootVolume.iops: 5000 — gp3 allows at most 500 IOPS per GiB: 4,000 for 8 GiB"],
    ["gp3 IOPS below the baseline", { rootVolume: { iops: 2000 } }, "environments.dev.rootVolume.iops: 2000 — gp3 takes 3,000–16,000 IOPS"],
    [
      "gp3 throughput beyond 0.25 MiB/s per IOPS",
      { rootVolume: { throughput: 1000 } },
      "environments.dev.rootVolume.throughput: 1000 — gp3 allows at most 0.25 MiB/s per IOPS: 750 MiB/s with 3,000 IOPS",
    ],
    ["IOPS on gp2", { rootVolume: { type: "gp2", iops: 3000 } }, "environments.dev.rootVolume.iops: 3000 — gp2 takes no provisioned IOPS (gp3, io1 and io2 do)"],
    ["io1 beyond 50 IOPS per GiB", { rootVolume: { type: "io1", sizeGiB: 10, iops: 1000 } }, "environments.dev.rootVolume.iops: 1000 — io1 allows at most 50 IOPS per GiB: 500 for 10 GiB"],
    ["io2 larger than 64 TiB", { rootVolume: { type: "io2", sizeGiB: 65537, iops: 1000 } }, "environments.dev.rootVolume.sizeGiB: 65537 — must be a whole number from 1 to 65536"],
    ["gp3 larger than 16 TiB", { rootVolume: { sizeGiB: 20000 } }, "environments.dev.rootVolume.sizeGiB: 20000 — a gp3 volume is 1–16,384 GiB"],
  ])("refuses %s", (_, settings, problem) => {
    expect(problemsOf(env(settings))).toEqual([problem]);
  });
});

describe("instance logs configuration", () => {
  test("are shipped in prod only by default, kept logRetentionDays (30, 30, 90)", () => {
    const byName = Object.fromEntries(resolveConfig({}).environments.map((environment) => [environment.name, [environment.instanceLogs, environment.logRetentionDays]]));
    expect(byName).toEqual({ dev: [{ enabled: false }, 30], staging: [{ enabled: false }, 30], prod: [{ enabled: true }, 90] });
  });

  test("writing the object asks for them; retentionDays is one of CloudWatch Logs' periods", () => {
    expect(resolveConfig(env({ instanceLogs: {} })).environments[0].instanceLogs).toEqual({ enabled: true });
    expect(resolveConfig(env({ instanceLogs: { retentionDays: 14 } })).environments[0].instanceLogs).toEqual({ enabled: true, retentionDays: 14 });
    expect(resolveConfig({ environments: { prod: { instanceLogs: { enabled: false } } } }).environments[0].instanceLogs).toEqual({ enabled: false });
  });

  test("every bad value is one line naming key, value and rule", () => {
    expect(problemsOf(env({ instanceLogs: { enabled: "yes", retentionDays: 10, retention: 30 } }))).toEqual([
      'environments.dev.instanceLogs.enabled: "yes" — must be true or false',
      "environments.dev.instanceLogs.retentionDays: 10 — must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (CloudWatch Logs retention periods)",
      "environments.dev.instanceLogs.retention: (unknown key) — not a setting; nearest keys: retentionDays, enabled",
    ]);
    expect(problemsOf(env({ instanceLogs: true }))).toEqual(['environments.dev.instanceLogs: true — must be { "enabled"?, "retentionDays"? }']);
    expect(problemsOf(env({ instanceLogs: { enabled: false, retentionDays: 14 } }))).toEqual([
      'environments.dev.instanceLogs.retentionDays: 14 — applies only when the instance logs are shipped; set "enabled": true or remove it',
    ]);
  });

  test("are EC2 keys: a Lambda or ECS environment refuses them", () => {
    expect(problemsOf({ environments: { dev: { platform: "lambda", instanceLogs: {} } } })).toEqual([expect.stringMatching(/^environments\.dev\.instanceLogs: \{\} — /)]);
    expect(problemsOf({ environments: { dev: { platform: "ecs", instanceLogs: {} } } })).toContain(
      'environments.dev.instanceLogs: {} — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (remove it, or set platform "ec2")',
    );
  });
});
