import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const ARN = "arn:aws:codeconnections:us-east-1:123456789012:connection/0b5a8c3e-1234-4d5e-9f00-112233445566";

describe("release settings", () => {
  test("an existing connection is taken from the top-level source", () => {
    const config = resolveConfig({ source: { provider: "github", repository: "acme/shop", connectionArn: ARN } });
    expect(config.environments[0].source).toEqual({ provider: "github", repository: "acme/shop", branch: "main", connectionArn: ARN });
  });

  test("the alarm wait after a deployment defaults per profile", () => {
    expect(resolveConfig({}).environments.map((e) => [e.name, e.releaseAlarmWaitMinutes])).toEqual([["dev", 5], ["staging", 15], ["prod", 30]]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["a connection that is no ARN", { source: { provider: "github", repository: "acme/shop", connectionArn: "my-connection" } }, 'source.connectionArn: "my-connection" — must be a CodeConnections connection ARN'],
    ["a connection with a CodeCommit source", { source: { connectionArn: ARN } }, `environments.dev.source.connectionArn: "${ARN}" — only a GitHub source uses a connection (set source.provider to github)`],
    [
      "a source on a later environment, which would be ignored",
      { environments: { dev: {}, prod: { source: { branch: "release" } } } },
      'environments.prod.source: {"branch":"release"} — only the first environment (dev) builds from a source; prod deploys what the environment before it promotes (set source on dev or at the top level)',
    ],
    ["a promotion across partitions", { environments: { dev: {}, china: { region: "cn-north-1" } } }, 'environments.china.region: "cn-north-1" — a release is promoted within one partition; dev is in aws, this region in aws-cn'],
    ["a wait above a day", { environments: { dev: { releaseAlarmWaitMinutes: 1441 } } }, "environments.dev.releaseAlarmWaitMinutes: 1441 — must be a whole number from 0 to 1440"],
  ])("%s is refused", (_case, context, expected) => {
    expect(problemsOf(context)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});
