"use strict";
/**
 * The sample function behind the `live` alias: the first version every Lambda environment
 * publishes, and the shape the traffic hooks check. It answers API Gateway HTTP API and function
 * URL requests (payload format 2.0, which both use): GET /health → 200 {"status":"ok"}; anything
 * else → 200 with a greeting naming the version that served it, so a canary is visible.
 */

const json = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

exports.handler = async (event) => {
  const path = event?.rawPath ?? "/";
  const method = event?.requestContext?.http?.method ?? "GET";
  const version = process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "$LATEST";
  if (path === "/health") {
    return method === "GET" || method === "HEAD" ? json(200, { status: "ok", version }) : json(405, { error: "method not allowed" });
  }
  return json(200, { message: `Hello from ${process.env.AWS_LAMBDA_FUNCTION_NAME ?? "the sample function"}`, version, path });
};
