#!/usr/bin/env node
// Stand-in for what a booting instance reaches over the network, on 127.0.0.1 only (the curl
// stand-in routes requests here): the instance metadata service, IMDSv2 flavour (a PUT for a
// session token, then GETs that must carry it), and the regional agent bucket serving the
// CodeDeploy installer from a local file.
//   env STANDIN_DIR   where to write server.port and requests.log
//       REGION        what meta-data/placement/region answers
//       IMDS_FAILURES how many token requests fail with 500 before IMDS answers, or "never":
//                     every IMDS connection is closed without an answer
//       INSTALLER     the file served as https://aws-codedeploy-<region>.s3.<region>.<domain>/latest/install
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");

const dir = process.env.STANDIN_DIR;
const region = process.env.REGION ?? "eu-west-1";
const failures = process.env.IMDS_FAILURES ?? "0";
let failuresLeft = failures === "never" ? Infinity : Number(failures);
const tokens = new Set();
const log = (line) => fs.appendFileSync(path.join(dir, "requests.log"), `${line}\n`);

const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  const reply = (status, body) => {
    log(`${req.method} ${url} ${status}`);
    res.writeHead(status, { "Content-Type": "text/plain" });
    res.end(body);
  };
  if (url.startsWith("/imds/")) {
    if (failuresLeft === Infinity) {
      log(`${req.method} ${url} no-answer`);
      req.socket.destroy();
      return;
    }
    const imdsPath = url.slice("/imds".length);
    if (req.method === "PUT" && imdsPath === "/latest/api/token") {
      if (!req.headers["x-aws-ec2-metadata-token-ttl-seconds"]) return reply(400, "missing X-aws-ec2-metadata-token-ttl-seconds");
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return reply(500, "Internal Server Error");
      }
      const token = `token-${tokens.size + 1}`;
      tokens.add(token);
      return reply(200, token);
    }
    if (req.method === "GET" && imdsPath === "/latest/meta-data/placement/region") {
      // IMDSv2 only, as the launch template requires (http_tokens = required).
      if (!tokens.has(String(req.headers["x-aws-ec2-metadata-token"]))) return reply(401, "Unauthorized");
      return reply(200, region);
    }
    return reply(404, "Not Found");
  }
  if (req.method === "GET" && /^\/agent-bucket\/[^/]+\/latest\/install$/.test(url)) {
    return reply(200, fs.readFileSync(process.env.INSTALLER));
  }
  return reply(404, "Not Found");
});

server.listen(0, "127.0.0.1", () => {
  fs.writeFileSync(path.join(dir, "server.port.tmp"), String(server.address().port));
  fs.renameSync(path.join(dir, "server.port.tmp"), path.join(dir, "server.port"));
});
