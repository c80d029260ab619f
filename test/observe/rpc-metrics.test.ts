// /metrics over the network: RPCs on every protocol, successful and failing (refused by an interceptor, a body
// that cannot be read, an unknown path), move the request counter and the duration histogram under the right
// service, method, protocol and code — a REST request once, as "rest" — and the database gauges are there.
import http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { createCaller, PROTOCOL_NAMES, type Caller } from "./calls-with-headers.js";
import { scrape, sumOf, type Sample } from "./prometheus-text.js";

const suite = serveForSuite();
const SERVICE = "zitadel.user.v2.UserService";
let caller: Caller;
beforeAll(() => {
  caller = createCaller(suite.server.url);
});
afterAll(() => caller.close());

const requests = (samples: Sample[], labels: Record<string, string>) => sumOf(samples, "rpc_server_requests_total", labels);

describe("rpc_server_requests_total and rpc_server_duration_seconds", () => {
  it("count each protocol's successes and refusals under the method, protocol and code", async () => {
    const before = await scrape(suite.server.url);
    const auth = { authorization: `Bearer ${suite.server.adminToken}` };
    for (const protocol of PROTOCOL_NAMES) {
      expect((await caller.call(protocol, "GetUserByID", { userId: suite.server.app.bootstrap.adminUserId }, auth)).code).toBe(0);
      expect((await caller.call(protocol, "GetUserByID", { userId: suite.server.app.bootstrap.adminUserId }, auth)).code).toBe(0);
      expect((await caller.call(protocol, "GetUserByID", { userId: "no-such-user" }, auth)).code).toBe(5);
      expect((await caller.call(protocol, "GetUserByID", { userId: "x" }, {})).code).toBe(16);
      // FailedPrecondition shares HTTP 400 with InvalidArgument on REST: only the interceptor can tell them apart.
      expect((await caller.call(protocol, "UnlockUser", { userId: suite.server.app.bootstrap.adminUserId }, auth)).code).toBe(9);
    }
    const after = await scrape(suite.server.url);
    for (const protocol of PROTOCOL_NAMES) {
      const labels = (code: string) => ({ service: SERVICE, method: "GetUserByID", protocol, code });
      expect(requests(after, labels("OK")) - requests(before, labels("OK")), `${protocol} OK`).toBe(2);
      expect(requests(after, labels("NotFound")) - requests(before, labels("NotFound")), `${protocol} NotFound`).toBe(1);
      expect(requests(after, labels("Unauthenticated")) - requests(before, labels("Unauthenticated")), `${protocol} Unauthenticated`).toBe(1);
      const unlock = { service: SERVICE, method: "UnlockUser", protocol, code: "FailedPrecondition" };
      expect(requests(after, unlock) - requests(before, unlock), `${protocol} FailedPrecondition`).toBe(1);
      // Every request once: a REST call is not counted again for its in-process Connect hop.
      const all = { service: SERVICE, method: "GetUserByID", protocol };
      expect(requests(after, all) - requests(before, all), `${protocol} total`).toBe(4);
      const observed = sumOf(after, "rpc_server_duration_seconds_count", all) - sumOf(before, "rpc_server_duration_seconds_count", all);
      expect(observed, `${protocol} durations`).toBe(4);
      const seconds = sumOf(after, "rpc_server_duration_seconds_sum", all) - sumOf(before, "rpc_server_duration_seconds_sum", all);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(60);
    }
    // The histogram has no code label; the counter does.
    expect(after.filter((s) => s.name === "rpc_server_duration_seconds_bucket").every((s) => !("code" in s.labels))).toBe(true);
    expect(after.some((s) => s.name === "rpc_server_duration_seconds_bucket" && s.labels.le === "+Inf")).toBe(true);
  });

  it("count answers given before any interceptor ran: unreadable bodies and unknown paths", async () => {
    const before = await scrape(suite.server.url);
    const url = suite.server.url;
    const post = (path: string, contentType: string, body: string | Blob) => fetch(new URL(path, url), { method: "POST", headers: { "content-type": contentType }, body });
    // Connect JSON that is not JSON, a REST body that is not JSON: InvalidArgument before authentication.
    expect((await post(`/${SERVICE}/GetUserByID`, "application/json", "{not json")).status).toBe(400);
    expect((await post("/v2/users/human", "application/json", "{not json")).status).toBe(400);
    // gRPC-web with a frame that is not protobuf: InvalidArgument in the trailer frame.
    const frame = new Blob([new Uint8Array([0, 0, 0, 0, 3, 0xff, 0xff, 0xff])]);
    const grpcWeb = await post(`/${SERVICE}/GetUserByID`, "application/grpc-web+proto", frame);
    expect(grpcWeb.status).toBe(200);
    await grpcWeb.arrayBuffer();
    // gRPC with the same frame: InvalidArgument in the HTTP/2 trailers.
    expect(await grpcStatusOfRawCall(url, `/${SERVICE}/GetUserByID`, Buffer.from([0, 0, 0, 0, 3, 0xff, 0xff, 0xff]))).toBe(3);
    // Paths that name nothing: one "unknown" label, whatever the path.
    expect((await post("/zitadel.user.v2.UserService/NoSuchMethod", "application/json", "{}")).status).toBe(404);
    expect((await post("/some.Other/Thing", "application/json", "{}")).status).toBe(404);
    expect((await fetch(new URL("/v2/nothing/here", url))).status).toBe(404);
    expect((await fetch(new URL("/v2/elsewhere/entirely", url))).status).toBe(404);

    const after = await scrape(suite.server.url);
    const delta = (labels: Record<string, string>) => requests(after, labels) - requests(before, labels);
    expect(delta({ service: SERVICE, method: "GetUserByID", protocol: "connect", code: "InvalidArgument" })).toBe(1);
    expect(delta({ service: SERVICE, method: "AddHumanUser", protocol: "rest", code: "InvalidArgument" })).toBe(1);
    expect(delta({ service: SERVICE, method: "GetUserByID", protocol: "grpc-web", code: "InvalidArgument" })).toBe(1);
    expect(delta({ service: SERVICE, method: "GetUserByID", protocol: "grpc", code: "InvalidArgument" })).toBe(1);
    expect(delta({ service: "unknown", method: "unknown", protocol: "connect", code: "Unimplemented" })).toBe(2);
    expect(delta({ service: "unknown", method: "unknown", protocol: "rest", code: "NotFound" })).toBe(2);
    // No label value comes from the path itself.
    const methods = new Set(after.filter((s) => s.name === "rpc_server_requests_total").map((s) => s.labels.method));
    expect([...methods].some((m) => m === "NoSuchMethod" || m?.includes("/"))).toBe(false);
  });

  it("link a REST request to its in-process call by the gateway's reference, not one a client sends", async () => {
    const before = await scrape(suite.server.url);
    const response = await fetch(new URL(`/v2/users/${suite.server.app.bootstrap.adminUserId}/unlock`, suite.server.url), {
      method: "POST",
      headers: { authorization: `Bearer ${suite.server.adminToken}`, "content-type": "application/json", "grpc-metadata-x-internal-rest-ref": "999999" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    const after = await scrape(suite.server.url);
    // Told apart from InvalidArgument (the same 400) only if the call found its request.
    const labels = { service: SERVICE, method: "UnlockUser", protocol: "rest", code: "FailedPrecondition" };
    expect(requests(after, labels) - requests(before, labels)).toBe(1);
  });

  it("count health and reflection calls under their own service and method", async () => {
    const before = await scrape(suite.server.url);
    // A gRPC health Check of the server as a whole: an empty HealthCheckRequest, one empty frame.
    expect(await grpcStatusOfRawCall(suite.server.url, "/grpc.health.v1.Health/Check", Buffer.from([0, 0, 0, 0, 0]))).toBe(0);
    const after = await scrape(suite.server.url);
    const labels = { service: "grpc.health.v1.Health", method: "Check", protocol: "grpc", code: "OK" };
    expect(requests(after, labels) - requests(before, labels)).toBe(1);
  });

  it("leave /healthz and /metrics out of the RPC counts", async () => {
    await fetch(new URL("/healthz", suite.server.url));
    const samples = await scrape(suite.server.url);
    await fetch(new URL("/healthz", suite.server.url));
    const again = await scrape(suite.server.url);
    expect(requests(again, {})).toBe(requests(samples, {}));
  });
});

describe("database connection gauges", () => {
  it("report the pool (PostgreSQL) or the one connection (PGlite)", async () => {
    const samples = await scrape(suite.server.url);
    const kind = suite.server.app.database.kind;
    expect(sumOf(samples, "db_pool_connections_max", { database: kind })).toBe(kind === "postgres" ? 10 : 1);
    const total = sumOf(samples, "db_pool_connections", { database: kind, state: "total" });
    expect(total).toBeGreaterThanOrEqual(1);
    if (kind === "postgres") {
      const idle = samples.find((s) => s.name === "db_pool_connections" && s.labels.state === "idle");
      expect(idle!.value).toBeLessThanOrEqual(total);
      expect(samples.find((s) => s.name === "db_pool_waiting_queries")!.value).toBe(0);
    } else {
      expect(samples.some((s) => s.name === "db_pool_connections" && s.labels.state === "idle")).toBe(false);
    }
  });
});

/** One gRPC call over HTTP/2 with a body as given; resolves the grpc-status of the trailers (or headers). */
function grpcStatusOfRawCall(url: string, path: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc+proto", te: "trailers" });
    let status: number | undefined;
    stream.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) status = Number(headers["grpc-status"]);
    });
    stream.on("trailers", (trailers) => (status = Number(trailers["grpc-status"])));
    stream.on("data", () => {});
    stream.on("close", () => {
      session.close();
      if (status === undefined) reject(new Error("no grpc-status"));
      else resolve(status);
    });
    stream.end(body);
  });
}
