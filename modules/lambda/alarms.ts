import type { AlarmSpec } from "../observability/monitoring";
import type { LambdaAlarmSettings } from ".";

/** Suffixes of the alarms on the alias (`<stem>-<suffix>`). */
export const LAMBDA_ALARMS = ["errors", "throttles", "duration-p99"] as const;

/**
 * The alarms that stop a traffic shift and move the alias back, on the alias itself: Lambda
 * publishes Errors, Throttles and Duration per alias with the dimensions FunctionName and
 * Resource = `<function>:<alias>` ("Working with Lambda function metrics": "By Resource
 * (Resource) – View metrics for a version or alias of a function"), and that series counts the
 * invocations through the alias whichever version served them, the canary's included.
 * ConcurrentExecutions is not published per alias, so it is not watched. The metrics exist only
 * while invocations happen: no data is no traffic, not breaching.
 */
export function lambdaAlarmSpecs(functionName: string, aliasName: string, settings: LambdaAlarmSettings): AlarmSpec[] {
  const dimensions = { FunctionName: functionName, Resource: `${functionName}:${aliasName}` };
  const common = { namespace: "AWS/Lambda", dimensions, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" };
  return [
    {
      ...common,
      suffix: "errors",
      description: `More than ${settings.errorsPerMinute} function errors per minute through ${aliasName}. Stops the traffic shift and moves the alias back.`,
      metricName: "Errors",
      statistic: "Sum",
      threshold: settings.errorsPerMinute,
    },
    {
      ...common,
      suffix: "throttles",
      description: `More than ${settings.throttlesPerMinute} throttled invocations per minute through ${aliasName}. Stops the traffic shift and moves the alias back.`,
      metricName: "Throttles",
      statistic: "Sum",
      threshold: settings.throttlesPerMinute,
    },
    {
      ...common,
      suffix: "duration-p99",
      description: `p99 duration through ${aliasName} above ${settings.durationP99Milliseconds} ms. Stops the traffic shift and moves the alias back.`,
      metricName: "Duration",
      extendedStatistic: "p99",
      threshold: settings.durationP99Milliseconds,
    },
  ];
}
