#!/usr/bin/env node
// Stand-in for what a booting instance reaches over the network, on 127.0.0.1 only (the curl
// stand-in routes requests here): the instance metadata service, IMDSv2 flavour (a PUT for a
// session token, then GETs that must carry it), and the regional agent bucket serving the
// CodeDeploy installer from a local file.
// One server serves every sandbox of a bats file (node takes ~0.2 CPU-s to start): a request
// names its sandbox's stand-in folder in X-Standin-Dir (the curl stand-in adds it); that
// folder's server.conf, written by start_standin_server (helpers.bash), says how IMDS behaves
// there, and its requests.log records the requests:
//   IMDS_FAILURES how many token requests fail with 500 before IMDS answers, or "never":
//                 every IMDS connection is closed without an answer
//   REGION        what meta-data/placement/region answers
//   RUN           a fresh value per start_standin_server: a new run starts with a fresh state
// env PORT_DIR   where to write server.port
//     INSTALLER  the file served as https://aws-codedeploy-<region>.s3.<region>.<domain>/latest/install
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");

// The state of each sandbox's run: failures left, tokens handed out.
const runs = new Map();
function runOf(dir) {
  const conf = fs.readFileSync(path.join(dir, "server.conf"), "utf8");
  const key = `${dir}\n${conf}`;
  let run = runs.get(key);
  if (!run) {
    const settings = Object.fromEntries(conf.split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    const failures = settings.IMDS_FAILURES || "0";
    run = { region: settings.REGION || "eu-west-1", failuresLeft: failures === "never" ? Infinity : Number(failures), tokens: new Set() };
    runs.set(key, run);
  }
  return run;
}

const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  const dir = String(req.headers["x-standin-dir"]);
  let run;
  try {
    run = runOf(dir);
  } catch (error) {
    res.writeHead(400, { "Content-Type": "text/plain" });
    res.end(`stand-in server: no settings for X-Standin-Dir ${dir}: ${error.message}`);
    return;
  }
  const log = (line) => fs.appendFileSync(path.join(dir, "requests.log"), `${line}\n`);
  const reply = (status, body) => {
    log(`${req.method} ${url} ${status}`);
    res.writeHead(status, { "Content-Type": "text/plain" });
    res.end(body);
  };
  if (url.startsWith("/imds/")) {
    if (run.failuresLeft === Infinity) {
      log(`${req.method} ${url} no-answer`);
      req.socket.destroy();
      return;
    }
    const imdsPath = url.slice("/imds".length);
    if (req.method === "PUT" && imdsPath === "/latest/api/token") {
      if (!req.headers["x-aws-ec2-metadata-token-ttl-seconds"]) return reply(400, "missing X-aws-ec2-metadata-token-ttl-seconds");
      if (run.failuresLeft > 0) {
        run.failuresLeft -= 1;
        return reply(500, "Internal Server Error");
      }
      const token = `token-${run.tokens.size + 1}`;
      run.tokens.add(token);
      return reply(200, token);
    }
    if (req.method === "GET" && imdsPath === "/latest/meta-data/placement/region") {
      // IMDSv2 only, as the launch template requires (http_tokens = required).
      if (!run.tokens.has(String(req.headers["x-aws-ec2-metadata-token"]))) return reply(401, "Unauthorized");
      return reply(200, run.region);
    }
    return reply(404, "Not Found");
  }
  if (req.method === "GET" && /^\/agent-bucket\/[^/]+\/latest\/install$/.test(url)) {
    return reply(200, fs.readFileSync(process.env.INSTALLER));
  }
  return reply(404, "Not Found");
});

server.listen(0, "127.0.0.1", () => {
  const dir = process.env.PORT_DIR;
  fs.writeFileSync(path.join(dir, "server.port.tmp"), String(server.address().port));
  fs.renameSync(path.join(dir, "server.port.tmp"), path.join(dir, "server.port"));
});
