"use strict";
/**
 * CodeDeploy's traffic hooks for the `live` alias (AppSpec `Hooks`: BeforeAllowTraffic,
 * AfterAllowTraffic). CodeDeploy invokes them with { DeploymentId, LifecycleEventHookExecutionId }
 * and waits, up to an hour, for PutLifecycleEventHookExecutionStatus: Succeeded lets the
 * deployment go on, Failed stops it and moves the alias back.
 *
 * - preTraffic, before any traffic moves: invokes the target version directly with a GET /health
 *   request and requires a 200 {"status":"ok"} without a function error.
 * - postTraffic, after all traffic moved: the same check through the alias, then the Errors the
 *   target version counted behind the alias since the deployment started (CloudWatch `Errors`
 *   with FunctionName, Resource <function>:<alias> and ExecutedVersion); any error fails it.
 *
 * The target version is read from the deployment's own AppSpec (GetDeployment), so the hooks need
 * no configuration per deployment. The AWS SDK for JavaScript v3 ships with the nodejs22.x
 * runtime; nothing is bundled.
 */
const { CodeDeployClient, GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } = require("@aws-sdk/client-codedeploy");
const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");
const { CloudWatchClient, GetMetricDataCommand } = require("@aws-sdk/client-cloudwatch");

const clients = { codedeploy: new CodeDeployClient({}), lambda: new LambdaClient({}), cloudwatch: new CloudWatchClient({}) };

/** GET /health as API Gateway HTTP API and function URLs send it (payload format 2.0). */
const HEALTH_REQUEST = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/health",
  rawQueryString: "",
  headers: { "user-agent": "codedeploy-traffic-hook" },
  requestContext: { http: { method: "GET", path: "/health" } },
  isBase64Encoded: false,
};

/** The function, alias and versions a Lambda AppSpec names (JSON or the YAML our build writes). */
function readAppSpec(content) {
  let spec;
  try {
    spec = JSON.parse(content);
  } catch {
    const field = (name) => (content.match(new RegExp(`${name}:\\s*["']?([^"'\\s]+)`)) ?? [])[1];
    spec = { Resources: [{ target: { Properties: { Name: field("Name"), Alias: field("Alias"), CurrentVersion: field("CurrentVersion"), TargetVersion: field("TargetVersion") } } }] };
  }
  const resource = Object.values(spec.Resources?.[0] ?? {})[0];
  const properties = resource?.Properties ?? {};
  for (const key of ["Name", "Alias", "TargetVersion"]) {
    if (!properties[key]) throw new Error(`the deployment's AppSpec names no ${key}`);
  }
  return { name: String(properties.Name), alias: String(properties.Alias), targetVersion: String(properties.TargetVersion) };
}

async function deploymentTarget(deploymentId) {
  const { deploymentInfo } = await clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }));
  const content = deploymentInfo?.revision?.appSpecContent?.content ?? deploymentInfo?.revision?.string?.content;
  if (!content) throw new Error(`deployment ${deploymentId} carries no AppSpec content`);
  return { ...readAppSpec(content), startedAt: deploymentInfo.createTime ? new Date(deploymentInfo.createTime) : undefined };
}

/** Invokes `name:qualifier` with GET /health; a problem as text, or undefined when healthy. */
async function checkHealth(name, qualifier) {
  const result = await clients.lambda.send(
    new InvokeCommand({ FunctionName: name, Qualifier: qualifier, InvocationType: "RequestResponse", Payload: Buffer.from(JSON.stringify(HEALTH_REQUEST)) }),
  );
  const text = result.Payload ? Buffer.from(result.Payload).toString("utf8") : "";
  if (result.FunctionError) return `${name}:${qualifier} failed (${result.FunctionError}): ${text.slice(0, 300)}`;
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    return `${name}:${qualifier} answered something that is not JSON: ${text.slice(0, 300)}`;
  }
  if (answer?.statusCode !== 200) return `${name}:${qualifier} answered GET /health with status ${answer?.statusCode}`;
  let body;
  try {
    body = typeof answer.body === "string" ? JSON.parse(answer.body) : answer.body;
  } catch {
    body = undefined;
  }
  return body?.status === "ok" ? undefined : `${name}:${qualifier} answered GET /health without {"status":"ok"}`;
}

/** Errors the target version counted behind the alias between `since` and now. */
async function targetErrors(target, since, now) {
  const result = await clients.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: since,
      EndTime: now,
      MetricDataQueries: [
        {
          Id: "errors",
          MetricStat: {
            Metric: {
              Namespace: "AWS/Lambda",
              MetricName: "Errors",
              Dimensions: [
                { Name: "FunctionName", Value: target.name },
                { Name: "Resource", Value: `${target.name}:${target.alias}` },
                { Name: "ExecutedVersion", Value: target.targetVersion },
              ],
            },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
    }),
  );
  return (result.MetricDataResults?.[0]?.Values ?? []).reduce((sum, value) => sum + value, 0);
}

async function report(event, status) {
  await clients.codedeploy.send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status,
    }),
  );
  return status;
}

/** Runs `check`; reports Succeeded when it finds nothing, Failed (with the reason logged) otherwise or when it throws. */
async function hook(event, check) {
  let problem;
  try {
    problem = await check(await deploymentTarget(event.DeploymentId));
  } catch (error) {
    problem = `the check could not run: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem) console.error(JSON.stringify({ deploymentId: event.DeploymentId, status: "Failed", problem }));
  else console.log(JSON.stringify({ deploymentId: event.DeploymentId, status: "Succeeded" }));
  return report(event, problem ? "Failed" : "Succeeded");
}

exports.preTraffic = (event) => hook(event, (target) => checkHealth(target.name, target.targetVersion));

exports.postTraffic = (event) =>
  hook(event, async (target) => {
    const unhealthy = await checkHealth(target.name, target.alias);
    if (unhealthy) return unhealthy;
    const now = new Date();
    const since = target.startedAt ?? new Date(now.getTime() - 60 * 60 * 1000);
    const errors = await targetErrors(target, since, now);
    return errors > 0 ? `version ${target.targetVersion} counted ${errors} error(s) behind ${target.alias} since the deployment started` : undefined;
  });

exports.readAppSpec = readAppSpec;
exports.clients = clients;
