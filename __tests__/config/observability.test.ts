import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });
const alarm = (extra: Record<string, unknown> = {}) => ({
  name: "elb-5xx",
  metric: "HTTPCode_ELB_5XX_Count",
  namespace: "AWS/ApplicationELB",
  dimensions: { LoadBalancer: "{loadBalancer}" },
  statistic: "Sum",
  threshold: 3,
  period: 60,
  comparison: "GreaterThanThreshold",
  ...extra,
});

describe("custom alarms", () => {
  test("default to none and are taken as given", () => {
    expect(resolveConfig({}).environments.map((e) => e.customAlarms)).toEqual([[], [], []]);
    expect(resolveConfig(env({ customAlarms: [alarm({ statistic: "p99.9", period: 10 })] })).environments[0].customAlarms).toEqual([alarm({ statistic: "p99.9", period: 10 })]);
  });

  test.each<[string, unknown, string]>([
    ["eight alarms (3 built-in + 8 > 10)", Array.from({ length: 8 }, (_, i) => alarm({ name: `a${i}x` })), "environments.dev.customAlarms: 8 alarms — at most 7: with the 3 built-in ones they must fit CodeDeploy's 10 alarms per deployment group"],
    ["a built-in name", [alarm({ name: "target-5xx" })], 'environments.dev.customAlarms.0.name: "target-5xx" — a built-in alarm has this name'],
    ["a name twice", [alarm(), alarm()], 'environments.dev.customAlarms.1.name: "elb-5xx" — another custom alarm has this name'],
    ["a period CloudWatch refuses", [alarm({ period: 90 })], "environments.dev.customAlarms.0.period: 90 — must be 10, 20, 30 or a multiple of 60 (seconds)"],
    ["more than a day evaluated", [alarm({ period: 3600, evaluationPeriods: 25 })], "environments.dev.customAlarms.0.period: 3600 — period × evaluationPeriods (25) must not exceed one day (86400 s)"],
    ["an unknown statistic", [alarm({ statistic: "Median" })], 'environments.dev.customAlarms.0.statistic: "Median" — must be one of Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99'],
    ["a percentile above 100", [alarm({ statistic: "p101" })], 'environments.dev.customAlarms.0.statistic: "p101"'],
    ["an anomaly-band comparison", [alarm({ comparison: "LessThanLowerOrGreaterThanUpperThreshold" })], "environments.dev.customAlarms.0.comparison"],
    ["a misspelled key", [alarm({ treshold: 4 })], 'environments.dev.customAlarms.0.treshold: (unknown key) — not a setting; did you mean "threshold"?'],
    ["a missing metric", [{ ...alarm(), metric: undefined }], "environments.dev.customAlarms.0.metric"],
    ["not a list", alarm(), "environments.dev.customAlarms"],
    [
      "a misspelled placeholder (it would be written literally and never match)",
      [alarm({ dimensions: { TargetGroup: "{targetgroup}" } })],
      'environments.dev.customAlarms.0.dimensions.TargetGroup: "{targetgroup}" — must be a literal value or one of the placeholders {loadBalancer}, {targetGroup} (case-sensitive)',
    ],
  ])("%s is refused", (_case, customAlarms, expected) => {
    expect(problemsOf(env({ customAlarms }))).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});
