// The shared provider (shared-provider.js) seen through a proxy that answers Terraform's schema
// calls with the provider's own schema restricted to the resource and data source types this
// project uses, and forwards every other call to the provider unchanged; an exact repeat of a
// validation is answered with the provider's earlier answer to it (REPEATABLE_METHODS).
//
// Why: hashicorp/aws 5.100.0 describes ~1,500 resource and data source types (a 14 MB schema).
// Terraform decodes and checks all of it in every process that loads the provider, and marshals
// it into every plan and state that `terraform test -verbose` prints. Measured on a 2-core
// machine: `terraform validate` of a one-resource configuration 3.2 CPU-s, 0.34 through this
// proxy; the prod stack's fifteen scenario runs 21.9 CPU-s and 205 MB of output, 10.5 CPU-s and
// 5.8 MB through it, with the same statuses, diagnostics, planned actions and state addresses.
// What Terraform checks a configuration against is unchanged for every type the configuration
// uses: the same schema blocks, the provider's own validation (forwarded). A configuration that
// uses a type outside the list fails as for a type the provider does not have ("Invalid resource
// type"), so a stale list fails the suite; it never passes a configuration the provider refuses.
//
// The plugin protocol is gRPC (tfplugin5: developer.hashicorp.com/terraform/plugin/terraform-plugin-protocol).
// Messages are forwarded as bytes; only GetSchema and GetMetadata responses are read, at the
// protobuf wire level (field numbers of tfplugin5.proto, below), so no protocol copy lives here.
//
// The suite runs it as a process of its own (startSchemaProxyProcess): a proxy in jest's process
// would stop answering whenever a test in that process (`npx jest <one file>` runs in-band) waits
// on a Terraform child synchronously.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const crypto = require("crypto");
const path = require("path");
const grpc = require("@grpc/grpc-js");
const { startSharedProvider } = require("./shared-provider");

const PROVIDER_SERVICE = "tfplugin5.Provider";
/**
 * The unary calls of tfplugin5.Provider that Terraform 1.10 to 1.12 make (the stream-only calls
 * of later versions, such as ListResource for `terraform query`, are not used by the tests). A call
 * missing here fails with UNIMPLEMENTED, loudly.
 */
const PROVIDER_METHODS = [
  "GetMetadata", "GetSchema", "GetResourceIdentitySchemas", "GetFunctions", "CallFunction",
  "PrepareProviderConfig", "Configure", "Stop",
  "ValidateResourceTypeConfig", "ValidateDataSourceConfig", "ValidateEphemeralResourceConfig",
  "UpgradeResourceState", "UpgradeResourceIdentity", "ReadResource", "PlanResourceChange", "ApplyResourceChange",
  "ImportResourceState", "MoveResourceState", "ReadDataSource",
  "OpenEphemeralResource", "RenewEphemeralResource", "CloseEphemeralResource",
];
/** tfplugin5 GetProviderSchema.Response: map<string, Schema> resource_schemas = 2, data_source_schemas = 3. */
const SCHEMA_TYPE_MAPS = new Set([2, 3]);
/** tfplugin5 GetMetadata.Response: repeated DataSourceMetadata data_sources = 3, ResourceMetadata resources = 4 (type_name = 1). */
const METADATA_TYPE_LISTS = new Set([3, 4]);
/** Where the project's configurations come from: its code, its tests and their scenario files. */
const PROJECT_SOURCES = ["main.ts", "stacks", "modules", "__tests__"];
const UNLIMITED = { "grpc.max_receive_message_length": -1, "grpc.max_send_message_length": -1 };
const bytes = (buffer) => buffer;
/**
 * Calls whose answer is a function of the request alone: the provider checks a configuration
 * against its schema and its own validators, with no AWS call and nothing the provider remembers
 * between calls. Terraform sends the same ones over and over: a
 * `terraform test` run block validates every resource and data source of the stack again, and
 * each test file's stack is validated by `terraform validate` and by every run. The proxy
 * forwards each distinct request once and answers a repeat of its exact bytes with the
 * provider's own answer. Measured: the prod stack's fourteen scenario runs sent 2,842
 * validations of which 2,550 were repeats; the provider's CPU for them 3.6 -> 1.6 CPU-s.
 */
const REPEATABLE_METHODS = new Set(["PrepareProviderConfig", "ValidateResourceTypeConfig", "ValidateDataSourceConfig"]);

function readVarint(buffer, position) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buffer[position++];
    if (byte === undefined) throw new Error("protobuf: truncated varint");
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, position];
  }
}

/** The top-level fields of a protobuf message: number, wire type, body (length-delimited only) and raw bytes. */
function protobufFields(buffer) {
  const fields = [];
  for (let position = 0; position < buffer.length; ) {
    const start = position;
    let tag;
    [tag, position] = readVarint(buffer, position);
    const wireType = tag & 7;
    let body = null;
    if (wireType === 0) [, position] = readVarint(buffer, position);
    else if (wireType === 1) position += 8;
    else if (wireType === 5) position += 4;
    else if (wireType === 2) {
      let length;
      [length, position] = readVarint(buffer, position);
      body = buffer.subarray(position, position + length);
      position += length;
    } else throw new Error(`protobuf: wire type ${wireType} is not supported`);
    if (position > buffer.length) throw new Error("protobuf: truncated field");
    fields.push({ number: Math.floor(tag / 8), body, raw: buffer.subarray(start, position) });
  }
  return fields;
}

/** Field 1 (a map entry's key, a metadata entry's type_name) of a message, as text. */
const firstString = (message) => protobufFields(message).find((field) => field.number === 1 && field.body)?.body.toString("utf8");

/** The message without the entries of `numbers` whose field 1 is not in `types`; everything else byte for byte. */
function keepTypes(message, numbers, types) {
  return Buffer.concat(protobufFields(message).filter((field) => !(numbers.has(field.number) && field.body) || types.has(firstString(field.body))).map((field) => field.raw));
}

/** The type names (field 1 of each entry) in `numbers` of a message. */
function typeNames(message, numbers) {
  return protobufFields(message).filter((field) => numbers.has(field.number) && field.body).map((field) => firstString(field.body));
}

/**
 * Starts the proxy in this process, on a unix socket of its own.
 * @param {string} upstream TF_REATTACH_PROVIDERS of the provider (one entry)
 * @param {Set<string>} types resource and data source type names to keep (e.g. "aws_lb")
 * @returns {Promise<{ reattach: string, stop: () => void, served: () => { schemaTypes: string[], forwarded: Record<string, number>, remembered: Record<string, number> } }>}
 *   reattach: the TF_REATTACH_PROVIDERS value naming the proxy instead of the provider;
 *   served: the types of the schema it answered, and per method the calls it forwarded and those
 *   it answered from memory (REPEATABLE_METHODS)
 */
async function startSchemaProxy(upstream, types) {
  const entries = Object.entries(JSON.parse(upstream));
  if (entries.length !== 1) throw new Error(`schema proxy: expected one provider in TF_REATTACH_PROVIDERS, got ${entries.length}`);
  const [[address, target]] = entries;
  if (target.Addr?.Network !== "unix") throw new Error(`schema proxy: the provider listens on ${target.Addr?.Network}, not a unix socket`);
  const client = new grpc.Client(`unix:${target.Addr.String}`, grpc.credentials.createInsecure(), UNLIMITED);
  // The provider answers a schema call with the same bytes every time: filter once, answer from memory.
  const answers = new Map();
  // REPEATABLE_METHODS: method and request digest -> the provider's answer.
  const repeats = new Map();
  const forwarded = {};
  const remembered = {};
  const count = (counts, method) => (counts[method] = (counts[method] ?? 0) + 1);
  let schemaTypes = [];
  const filters = {
    GetSchema: (response) => {
      const kept = keepTypes(response, SCHEMA_TYPE_MAPS, types);
      schemaTypes = typeNames(kept, SCHEMA_TYPE_MAPS);
      return kept;
    },
    GetMetadata: (response) => keepTypes(response, METADATA_TYPE_LISTS, types),
  };
  const definition = {};
  const handlers = {};
  for (const method of PROVIDER_METHODS) {
    const methodPath = `/${PROVIDER_SERVICE}/${method}`;
    definition[method] = { path: methodPath, requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };
    handlers[method] = (call, callback) => {
      if (answers.has(method)) return callback(null, answers.get(method));
      const key = REPEATABLE_METHODS.has(method) ? `${method}:${crypto.createHash("sha256").update(call.request).digest("base64")}` : undefined;
      if (key !== undefined && repeats.has(key)) {
        count(remembered, method);
        return callback(null, repeats.get(key));
      }
      count(forwarded, method);
      const deadline = call.getDeadline();
      client.makeUnaryRequest(methodPath, bytes, bytes, call.request, call.metadata, deadline === Infinity ? {} : { deadline }, (error, response) => {
        if (error) return callback(error);
        if (key !== undefined) repeats.set(key, response);
        if (!filters[method]) return callback(null, response);
        try {
          answers.set(method, filters[method](response));
        } catch (failure) {
          return callback({ code: grpc.status.INTERNAL, details: `schema proxy: ${failure.message}` });
        }
        callback(null, answers.get(method));
      });
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-proxy-"));
  const socket = path.join(dir, "provider.sock");
  const server = new grpc.Server(UNLIMITED);
  server.addService(definition, handlers);
  await new Promise((resolve, reject) => server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())));
  const stop = () => {
    server.forceShutdown();
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Test: true tells Terraform not to manage (or kill) the process behind the socket.
  const reattach = JSON.stringify({ [address]: { ...target, Pid: process.pid, Test: true, Addr: { Network: "unix", String: socket } } });
  return { reattach, stop, served: () => ({ schemaTypes, forwarded: { ...forwarded }, remembered: { ...remembered } }) };
}

/**
 * The Terraform type names the project uses: `tfResourceType` of every class in each
 * `@cdktf/provider-aws/lib/<module>` that a TypeScript file of main.ts, stacks/, modules/ or
 * __tests__/ imports (resources and data sources), plus every `aws_…` word in those files and in
 * the scenario files (types named in overrides, mocks and escape hatches).
 * @param {string} root the project folder
 * @returns {Set<string>}
 */
function projectTypes(root) {
  const types = new Set();
  const modules = new Set();
  const visit = (file) => {
    if (fs.statSync(file).isDirectory()) {
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else if (/\.(ts|hcl)$/.test(file)) {
      const text = fs.readFileSync(file, "utf8");
      for (const [, name] of text.matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)) modules.add(name);
      for (const [word] of text.matchAll(/\baws_[a-z0-9_]+/g)) types.add(word);
    }
  };
  for (const top of PROJECT_SOURCES) if (fs.existsSync(path.join(root, top))) visit(path.join(root, top));
  for (const name of modules) {
    let file;
    try {
      file = require.resolve(`@cdktf/provider-aws/lib/${name}`, { paths: [root] });
    } catch {
      continue; // a module path in a comment or message, not a module
    }
    // `static tfResourceType = "aws_…"` of the module's classes, read without loading the module.
    for (const [, type] of fs.readFileSync(file, "utf8").matchAll(/tfResourceType = "(aws_[a-z0-9_]+)"/g)) types.add(type);
  }
  return types;
}

const START_TIMEOUT_MS = 30000;

/**
 * Starts the proxy for the project's types (projectTypes), or for `types`, as a child process that
 * exits, with its socket, when its stdin (a pipe from this process) closes: it goes when jest
 * does, even after a `kill -9`, like the shared provider.
 * @param {string} upstream TF_REATTACH_PROVIDERS of the provider
 * @param {Iterable<string>} [types] the resource and data source types to keep; default projectTypes
 * @returns {Promise<{ reattach: string, stop: () => void }>}
 */
async function startSchemaProxyProcess(upstream, types = undefined) {
  const args = [__filename, upstream, ...(types ? [JSON.stringify([...types].sort())] : [])];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], detached: true });
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const reattach = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`schema proxy: no reattach line within ${START_TIMEOUT_MS / 1000} s:\n${errors}`)), START_TIMEOUT_MS);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const newline = output.indexOf("\n");
      if (newline === -1) return;
      clearTimeout(timer);
      resolve(output.slice(0, newline));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`schema proxy exited (${signal ?? code}) before it was ready:\n${errors}`));
    });
  });
  child.removeAllListeners("exit");
  for (const stream of [child.stdout, child.stderr]) {
    stream.removeAllListeners("data");
    stream.destroy();
  }
  child.unref();
  child.stdin.unref?.();
  return { reattach, stop: () => child.stdin.end() };
}

/**
 * The shared provider (shared-provider.js) behind this proxy, as one process pair: `reattach`
 * names the proxy, `stop` ends the proxy and then the provider. With `proxy: false`, the provider
 * alone (TEST_SCHEMA_PROXY=0).
 * @param {NodeJS.ProcessEnv} env the provider's environment
 * @param {{ cwd?: string, proxy?: boolean, types?: Iterable<string> }} options cwd: the provider's
 *   working directory (startSharedProvider); types: the schema's resource and data source types,
 *   where every configuration the provider will serve is known (default: the project's, projectTypes)
 * @returns {Promise<{ reattach: string, stop: () => void }>}
 */
async function startProxiedProvider(env, { cwd, proxy = true, types = undefined } = {}) {
  const provider = await startSharedProvider(env, cwd);
  if (!proxy) return provider;
  let front;
  try {
    front = await startSchemaProxyProcess(provider.reattach, types);
  } catch (error) {
    provider.stop();
    throw error;
  }
  return {
    reattach: front.reattach,
    stop: () => {
      front.stop();
      provider.stop();
    },
  };
}

if (require.main === module) {
  // The child of startSchemaProxyProcess: serve until stdin closes, then remove the socket and exit.
  const types = process.argv[3] ? new Set(JSON.parse(process.argv[3])) : projectTypes(path.join(__dirname, "..", ".."));
  startSchemaProxy(process.argv[2], types).then((proxy) => {
    process.stdout.write(`${proxy.reattach}\n`);
    process.stdin.on("end", () => {
      proxy.stop();
      process.exit(0);
    });
    process.stdin.resume();
  });
}

module.exports = { startSchemaProxy, startSchemaProxyProcess, startProxiedProvider, projectTypes, protobufFields, keepTypes };
