// Hostile input over every protocol: property-based requests that are not what the API expects (bad bytes,
// truncated and oversized frames, wrong content types, invalid JSON and types, invalid UTF-8, invalid enum
// values, huge strings, bodies over the configured limit, odd paths). Every one must get a client error — never
// Internal/Unknown, never a 5xx — nothing stored may change, and the server's memory must settle where it began.
import http2 from "node:http2";
import v8 from "node:v8";
import vm from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { Code } from "@connectrpc/connect";
import { expectError } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500); // per protocol; four protocols
const FUZZ_TIMEOUT_MS = 600_000; // thousands of requests; far more than a quiet machine needs
const SERVICE = "/zitadel.user.v2.UserService";
const METHODS = ["AddHumanUser", "GetUserByID", "UpdateHumanUser", "NoSuchMethod"];
// Small enough that the fuzzer's huge bodies (200 KB to 1.2 MB) fall on both sides of it.
const MAX_REQUEST_BYTES = 256 * 1024;
// The server runs in this process: its heap, after a full collection, must end near where it began.
const HEAP_GROWTH_LIMIT_BYTES = 64 * 1024 * 1024;
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
const settledHeap = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

let server: TestServer;
let userId: string;
let eventsBefore: number;
let session: http2.ClientHttp2Session;
let heapBefore: number;
let drivers: Driver[];

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) } });
  const created = await fetch(new URL("/v2/users/human", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ username: "target", profile: { givenName: "T", familyName: "T" }, email: { email: "t@example.com", isVerified: true } }),
  });
  userId = ((await created.json()) as { userId: string }).userId;
  eventsBefore = await server.app.database.prisma.event.count();
  session = http2.connect(server.url);
  session.on("error", () => {});
  drivers = allDrivers(server.url);
  heapBefore = settledHeap();
});

afterAll(async () => {
  for (const driver of drivers ?? []) driver.close();
  session?.close();
  await server?.stop();
  await server?.drop();
});

const auth = () => ({ authorization: `Bearer ${server.adminToken}` });

/** Arbitrary JSON-ish text: valid JSON of wrong shapes, broken JSON, deep nesting, invalid UTF-8 bytes. */
const jsonishBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))),
  fc.record({ userId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), profile: fc.anything({ maxDepth: 3 }), email: fc.anything({ maxDepth: 2 }), phone: fc.anything({ maxDepth: 2 }), password: fc.anything({ maxDepth: 2 }) }).map((v) => Buffer.from(JSON.stringify(v))),
  fc.string({ unit: "binary" }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => Buffer.from("[".repeat(depth) + "]".repeat(depth))),
  fc.integer({ min: 1, max: 2000 }).map((depth) => Buffer.from('{"a":'.repeat(depth) + "1" + "}".repeat(depth))),
  fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), // {"\xff\xfe":1}
  fc.integer({ min: 100_000, max: 600_000 }).map((n) => Buffer.from(JSON.stringify({ userId: "x".repeat(n), username: "y".repeat(n) }))),
);

const oddSegment = fc.oneof(
  fc.constantFrom("..", "%2e%2e", "%2F", "%00", "%0d%0a", "a%ZZ", "%", "~", "%E0%A4%A", "\u00e9", "x".repeat(5000)),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

function expectClientError(status: number, context: string) {
  expect(status, context).toBeGreaterThanOrEqual(400);
  expect(status, context).toBeLessThan(500);
}

it(`answers ${RUNS} malformed REST requests with client errors`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("POST /v2/users/human", "PUT /v2/users/human/{odd}", "GET /v2/users/{odd}/../../etc/passwd", "GET /v2/users/{odd}x{odd}", "PATCH /v2/users/human"),
      oddSegment,
      jsonishBody,
      fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=latin1"),
      async (route, odd, body, contentType) => {
        const [method, template] = route.split(" ") as [string, string];
        const path = template.replace("{id}", userId).replace("{odd}", odd);
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { ...auth(), ...(contentType ? { "content-type": contentType } : {}) },
          body: method === "GET" ? undefined : body,
        }).catch((error: unknown) => ({ status: 400, text: async () => String(error) }));
        expectClientError(response.status, `${method} ${path.slice(0, 80)}: ${(await response.text()).slice(0, 200)}`);
      },
    ),
    { numRuns: RUNS },
  );
}, FUZZ_TIMEOUT_MS);

it(`answers ${RUNS} malformed Connect requests with client errors`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...METHODS),
      jsonishBody,
      fc.constantFrom("application/json", "application/proto", "application/connect+json", "text/html", "application/json; charset=utf-16"),
      async (method, body, contentType) => {
        const response = await fetch(`${server.url}${SERVICE}/${method}`, {
          method: "POST",
          headers: { ...auth(), "content-type": contentType, "connect-protocol-version": "1" },
          body,
        });
        expectClientError(response.status, `${method} ${contentType}: ${(await response.text()).slice(0, 200)}`);
      },
    ),
    { numRuns: RUNS },
  );
}, FUZZ_TIMEOUT_MS);

/**
 * One gRPC (or gRPC-web) call with raw bytes as the body; resolves to the grpc-status it got. It settles as soon
 * as the status is known, as real clients do: an answer to an oversized message can come while the client is
 * still sending, and such a stream is then cancelled on this side.
 */
function rawGrpc(method: string, body: Buffer, contentType: string): Promise<{ status: number; grpcStatus: number | undefined }> {
  // A body over the limit goes on a connection of its own: the server may end a connection that carries one
  // (it will not buffer what it refuses to read), and a real client then reconnects.
  const oversized = body.length > MAX_REQUEST_BYTES;
  const on = oversized ? http2.connect(server.url) : session;
  if (oversized) on.on("error", () => {});
  return new Promise<{ status: number; grpcStatus: number | undefined }>((resolve) => {
    const stream = on.request({ ":method": "POST", ":path": `${SERVICE}/${method}`, "content-type": contentType, te: "trailers", ...auth() });
    let status = 0;
    let grpcStatus: number | undefined;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve({ status: status || 400, grpcStatus });
      // A stream that stays open after its answer (the client still sending an oversized body) is cancelled.
      setTimeout(() => stream.closed || stream.close(http2.constants.NGHTTP2_CANCEL), 100).unref();
    };
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = Number(headers["grpc-status"]);
    };
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
      take(headers);
      if (grpcStatus !== undefined) settle(); // trailers-only answer
    });
    stream.on("trailers", (trailers) => {
      take(trailers);
      settle();
    });
    let data = Buffer.alloc(0);
    stream.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      // gRPC-web carries its trailers in the body, after a frame with flag 0x80.
      const trailer = /grpc-status: ?(\d+)/.exec(data.toString("latin1"));
      if (grpcStatus === undefined && trailer) {
        grpcStatus = Number(trailer[1]);
        settle();
      }
    });
    stream.on("error", settle);
    stream.on("close", settle);
    stream.end(body);
  }).finally(() => {
    if (oversized) on.destroy();
  });
}

const frame = (flags: number, payload: Buffer, declared = payload.length) => {
  const header = Buffer.alloc(5);
  header.writeUInt8(flags, 0);
  header.writeUInt32BE(declared, 1);
  return Buffer.concat([header, payload]);
};

const grpcBody = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((b) => frame(0, Buffer.from(b))), // not protobuf
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), // no frame at all
  fc.tuple(fc.uint8Array({ maxLength: 50 }), fc.integer({ min: 51, max: 1 << 30 })).map(([b, n]) => frame(0, Buffer.from(b), n)), // truncated / oversized length
  fc.uint8Array({ maxLength: 100 }).map((b) => frame(1, Buffer.from(b))), // "compressed" without an encoding
  fc.constant(frame(0, Buffer.from([0x0a, 0x05, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]))), // user_id with invalid UTF-8
  fc.constant(frame(0, Buffer.from([0x52, 0x02, 0x30, 0x63]))), // unknown field numbers only
  fc.integer({ min: MAX_REQUEST_BYTES + 1, max: 2 * MAX_REQUEST_BYTES }).map((n) => frame(0, Buffer.alloc(n, 0x0a))), // over the limit
);

for (const [name, contentType] of [["gRPC", "application/grpc"], ["gRPC-web", "application/grpc-web+proto"]] as const) {
  it(`answers ${RUNS} malformed ${name} calls without Internal or Unknown`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), grpcBody, async (method, body) => {
        const { status, grpcStatus } = await rawGrpc(method, body, contentType);
        expect(status, `HTTP status for ${method}`).toBeLessThan(500);
        expect([2, 13], `grpc-status ${grpcStatus} for ${method} ${body.subarray(0, 16).toString("hex")}`).not.toContain(grpcStatus);
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
}

const ENUM_RUNS = 250; // per protocol
// Every enum here has fewer than 100 values.
const outOfRange = fc.oneof(fc.integer({ min: 100, max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: -1 }));

it(`answers ${ENUM_RUNS * 4} requests with enum values outside their enums with InvalidArgument`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(0, 1, 2, 3),
      outOfRange,
      fc.constantFrom("gender", "state", "type", "method"),
      async (driverIndex, value, field) => {
        const driver = drivers[driverIndex]!;
        // The target user's own names, so that accepting the request would be a success, not some other error.
        const [method, request, violated]: [string, JsonObject, string] =
          field === "gender"
            ? ["UpdateHumanUser", { userId, profile: { givenName: "T", familyName: "T", gender: value } }, "profile.gender"]
            : field === "state"
              ? ["ListUsers", { queries: [{ stateQuery: { state: value } }] }, "queries[0].state_query.state"]
              : field === "type"
                ? ["ListUsers", { queries: [{ typeQuery: { type: value } }] }, "queries[0].type_query.type"]
                : ["ListUsers", { queries: [{ userNameQuery: { userName: "t", method: value } }] }, "queries[0].user_name_query.method"];
        const outcome = expectError(await driver.call(method, request, server.adminToken), driver.name, Code.InvalidArgument);
        expect(outcome.violations.map((v) => v.field), `${driver.name} ${method} ${field}=${value}`).toEqual([violated]);
      },
    ),
    { numRuns: ENUM_RUNS * 4 },
  );
}, FUZZ_TIMEOUT_MS);

it("is still healthy and changed nothing", async () => {
  expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
  expect(await server.app.database.prisma.event.count()).toBe(eventsBefore);
  const user = await server.app.database.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  expect(user).toMatchObject({ username: "target", givenName: "T", email: "t@example.com", sequence: 2 });
});

it("kept its memory: the heap settles within bounds after all of it", () => {
  const growth = settledHeap() - heapBefore;
  console.log(`heap after the fuzzing, collected: ${(growth / 1e6).toFixed(1)} MB more than before`);
  expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
});
