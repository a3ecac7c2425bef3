"use strict";
/**
 * CodeDeploy ECS lifecycle hook (AfterAllowTestTraffic, and BeforeAllowTraffic when enabled):
 * requests the replacement task set through the test listener and reports the verdict with
 * PutLifecycleEventHookExecutionStatus. CodeDeploy waits for that report (up to an hour), so
 * every path reports, and a failure to report is rethrown for Lambda's own retry.
 *
 * Environment: TEST_URL (the test listener, e.g. http://<alb>:9000), SMOKE_TEST_PATH (/health),
 * ATTEMPTS (5), RETRY_DELAY_MS (3000), REQUEST_TIMEOUT_MS (5000).
 * The Lambda Node.js 22 runtime provides @aws-sdk/client-codedeploy; the zip holds this file only.
 */
const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require("@aws-sdk/client-codedeploy");

const client = new CodeDeployClient({});

function settings(env = process.env) {
  const number = (name, fallback) => {
    const value = env[name] === undefined || env[name] === "" ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${JSON.stringify(env[name])}`);
    return value;
  };
  if (!env.TEST_URL) throw new Error("TEST_URL is not set: the function does not know the test listener");
  return {
    url: new URL(env.SMOKE_TEST_PATH || "/health", env.TEST_URL).toString(),
    attempts: Math.max(1, number("ATTEMPTS", 5)),
    delayMs: number("RETRY_DELAY_MS", 3000),
    timeoutMs: number("REQUEST_TIMEOUT_MS", 5000),
  };
}

/** One GET; "ok" for a 200, otherwise what went wrong. */
async function probe(url, timeoutMs) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200 ? "ok" : `HTTP ${response.status}`;
  } catch (error) {
    return error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String((error && error.cause && error.cause.code) || error);
  }
}

/** Requests `url` until a 200 or `attempts` tries; resolves to { passed, detail }. */
async function smokeTest({ url, attempts, delayMs, timeoutMs }) {
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await probe(url, timeoutMs);
    if (last === "ok") return { passed: true, detail: `GET ${url}: 200 on attempt ${attempt}` };
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return { passed: false, detail: `GET ${url}: ${last} after ${attempts} attempts` };
}

exports.handler = async function handler(event) {
  const { DeploymentId: deploymentId, LifecycleEventHookExecutionId: lifecycleEventHookExecutionId } = event || {};
  if (!deploymentId || !lifecycleEventHookExecutionId) {
    throw new Error("not a CodeDeploy lifecycle event: DeploymentId and LifecycleEventHookExecutionId are required");
  }
  let verdict;
  try {
    verdict = await smokeTest(settings());
  } catch (error) {
    verdict = { passed: false, detail: `smoke test could not run: ${error.message}` };
  }
  console.log(JSON.stringify({ deploymentId, ...verdict }));
  await client.send(
    new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId, status: verdict.passed ? "Succeeded" : "Failed" }),
  );
  return verdict;
};
exports.smokeTest = smokeTest;
exports.settings = settings;
