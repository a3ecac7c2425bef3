import { resolveConfig } from "../../modules/config";
import { MIXED_INSTANCES_REFUSAL } from "../../modules/config/fleet";
import { problemsOf } from "../support/config";

const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });
const scaling = (settings: Record<string, unknown>) => env({ scaling: settings });

describe("scaling configuration", () => {
  test("is off by default in every profile", () => {
    for (const environment of resolveConfig({}).environments) expect(environment.scaling).toBeUndefined();
  });

  test("accepts every kind of target, warm-up, scale-in control and scheduled actions", () => {
    const settings = {
      cpuUtilizationPercent: 50,
      requestCountPerTarget: 800,
      customMetric: { namespace: "CWAgent", metricName: "mem_used_percent", statistic: "Average", unit: "Percent", dimensions: { Tier: "web" }, byAutoScalingGroup: true, targetValue: 70 },
      instanceWarmupSeconds: 120,
      disableScaleIn: true,
      scheduledActions: [{ name: "night", recurrence: "0 22 * * *", timeZone: "Europe/Berlin", minSize: 0, maxSize: 2, desiredCapacity: 0 }],
    };
    expect(resolveConfig(scaling(settings)).environments[0].scaling).toEqual(settings);
  });

  test("accepts every Unix cron form EC2 Auto Scaling reads: values, names, ranges, steps, lists, at each field's bounds", () => {
    const recurrences = ["0 8 * * MON-FRI", "30 0 1 1,6,12 *", "*/15 * * * *", "0-59/5 0-23 1-31 1-12 0-6", "59 23 31 dec sat", "0 8 * jan-mar sun,wed"];
    for (const recurrence of recurrences) expect(problemsOf(scaling({ scheduledActions: [{ name: "a", recurrence, minSize: 1 }] }))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["nothing to do", scaling({}), 'environments.dev.scaling: {} — must set a target (cpuUtilizationPercent, requestCountPerTarget, customMetric) or scheduledActions; omit "scaling" for fixed capacity'],
    ["CPU above 100", scaling({ cpuUtilizationPercent: 120 }), "environments.dev.scaling.cpuUtilizationPercent: 120 — must be a number above 0 and at most 100"],
    ["no requests", scaling({ requestCountPerTarget: 0 }), "environments.dev.scaling.requestCountPerTarget: 0 — must be a number above 0 and at most 1000000"],
    [
      "the namespace that does not exist",
      scaling({ customMetric: { namespace: "AWS/CodeDeploy", metricName: "Deployments", statistic: "Sum", targetValue: 1 } }),
      'environments.dev.scaling.customMetric.namespace: "AWS/CodeDeploy" — CodeDeploy publishes no CloudWatch metrics: there is no AWS/CodeDeploy namespace',
    ],
    [
      "an unknown statistic",
      scaling({ customMetric: { namespace: "CWAgent", metricName: "m", statistic: "p99", targetValue: 1 } }),
      'environments.dev.scaling.customMetric.statistic: "p99" — must be one of Average, Minimum, Maximum, SampleCount, Sum',
    ],
    ["warm-up beyond an hour", scaling({ cpuUtilizationPercent: 50, instanceWarmupSeconds: 7200 }), "environments.dev.scaling.instanceWarmupSeconds: 7200 — must be a whole number from 0 to 3600"],
    [
      "warm-up without a target",
      scaling({ instanceWarmupSeconds: 60, scheduledActions: [{ name: "a", recurrence: "0 8 * * *", minSize: 1 }] }),
      "environments.dev.scaling.instanceWarmupSeconds: 60 — applies to target-tracking policies only; set one or remove it",
    ],
    [
      "a six-field cron",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 0 8 * * *", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 0 8 * * *" — must be a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. 0 8 * * MON-FRI',
    ],
    [
      "an hour past 23",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 25 * * *", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 25 * * *" — hour "25" is out of range: values must be 0-23',
    ],
    [
      "a cron of impossible values",
      scaling({ scheduledActions: [{ name: "a", recurrence: "99 99 99 99 99", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "99 99 99 99 99" — minute "99" is out of range: values must be 0-59',
    ],
    [
      "an unknown month name",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 1 JAN,FOO *", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 8 1 JAN,FOO *" — month "JAN,FOO" is out of range: values must be 1-12 or JAN-DEC',
    ],
    [
      "day 0 of a month",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 0 * *", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 8 0 * *" — day-of-month "0" is out of range: values must be 1-31',
    ],
    [
      "a backwards range",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * FRI-MON", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 8 * * FRI-MON" — day-of-week "FRI-MON": a range must run from low to high',
    ],
    [
      "a zero step",
      scaling({ scheduledActions: [{ name: "a", recurrence: "*/0 * * * *", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "*/0 * * * *" — minute "*/0": a step must be at least 1',
    ],
    [
      "a field of stray characters",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * MON|TUE", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.recurrence: "0 8 * * MON|TUE" — day-of-week "MON|TUE" is not a cron field: use *, a value, a range a-b, a step /n, lists a,b',
    ],
    [
      "an unknown time zone",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *", timeZone: "CEST", minSize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.timeZone: "CEST" — must be an IANA time zone such as Europe/Berlin or Etc/UTC',
    ],
    [
      "an action that sets nothing",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *" }] }),
      'environments.dev.scaling.scheduledActions.0: "a" — must set at least one of minSize, maxSize, desiredCapacity',
    ],
    [
      "an action's sizes out of order",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *", minSize: 4, maxSize: 2 }] }),
      "environments.dev.scaling.scheduledActions.0.minSize: 4 — must not exceed maxSize (2)",
    ],
    [
      "an action's desired outside its own bounds",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *", minSize: 2, desiredCapacity: 1 }] }),
      "environments.dev.scaling.scheduledActions.0.desiredCapacity: 1 — must lie within the action's own minSize/maxSize",
    ],
    [
      "two actions of one name",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *", minSize: 1 }, { name: "a", recurrence: "0 9 * * *", minSize: 2 }] }),
      'environments.dev.scaling.scheduledActions.1.name: "a" — must be unique; another scheduled action has this name',
    ],
    ["a misspelled key", scaling({ cpuUtilisationPercent: 50 }), 'environments.dev.scaling.cpuUtilisationPercent: (unknown key) — not a setting; did you mean "cpuUtilizationPercent"?'],
    [
      "a misspelled action key",
      scaling({ scheduledActions: [{ name: "a", recurrence: "0 8 * * *", minsize: 1 }] }),
      'environments.dev.scaling.scheduledActions.0.minsize: (unknown key) — not a setting; did you mean "minSize"?',
    ],
    [
      "a mixed-instances fleet",
      env({ mixedInstancesPolicy: { instanceTypes: ["m7g.large", "m6g.large"], onDemandBaseCapacity: 1, spotAllocationStrategy: "price-capacity-optimized" } }),
      `environments.dev.mixedInstancesPolicy: {"instanceTypes":["m7g.large","m6g.large"],"onDemandBaseCapacity":1,"spotAllo... — ${MIXED_INSTANCES_REFUSAL}`,
    ],
  ])("refuses %s, naming key, value and rule", (_, context, problem) => {
    expect(problemsOf(context)).toEqual([problem]);
  });
});
