"use strict";
/**
 * The example service: a tiny HTTP server. GET /health answers 200 "ok" (the ALB's and the
 * container's health check, and the smoke test's target); GET / greets with the revision it runs.
 * Listens on PORT (8080) and HOST (0.0.0.0); stops cleanly on SIGTERM, which ECS sends first
 * when it stops a task (then SIGKILL after stopTimeout, 30 s by default).
 */
const http = require("http");

function createServer(revision = process.env.REVISION || "unknown") {
  return http.createServer((request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
    } else if (path === "/health") {
      response.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" }).end("ok\n");
    } else if (path === "/") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ service: "example", revision }) + "\n");
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT || 8080);
  const server = createServer().listen(port, process.env.HOST || "0.0.0.0", () => console.log(`listening on ${port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

module.exports = { createServer };
