// Hostile input over every protocol: property-based requests that are not what the API expects (bad bytes,
// truncated frames, wrong content types, invalid JSON and types, invalid UTF-8, huge strings, odd paths).
// Every one must get a client error — never Internal/Unknown, never a 5xx — and nothing stored may change.
import http2 from "node:http2";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500); // per protocol; four protocols
const FUZZ_TIMEOUT_MS = 600_000; // thousands of requests; far more than a quiet machine needs
const SERVICE = "/zitadel.user.v2.UserService";
const METHODS = ["AddHumanUser", "GetUserByID", "UpdateHumanUser", "NoSuchMethod"];

let server: TestServer;
let userId: string;
let eventsBefore: number;
let session: http2.ClientHttp2Session;

beforeAll(async () => {
  server = await startTestServer();
  const created = await fetch(new URL("/v2/users/human", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ username: "target", profile: { givenName: "T", familyName: "T" }, email: { email: "t@example.com", isVerified: true } }),
  });
  userId = ((await created.json()) as { userId: string }).userId;
  eventsBefore = await server.app.database.prisma.event.count();
  session = http2.connect(server.url);
  session.on("error", () => {});
});

afterAll(async () => {
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

/** One gRPC (or gRPC-web) call with raw bytes as the body; resolves to the grpc-status it got. */
function rawGrpc(method: string, body: Buffer, contentType: string): Promise<{ status: number; grpcStatus: number | undefined }> {
  return new Promise((resolve) => {
    const stream = session.request({ ":method": "POST", ":path": `${SERVICE}/${method}`, "content-type": contentType, te: "trailers", ...auth() });
    let status = 0;
    let grpcStatus: number | undefined;
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = Number(headers["grpc-status"]);
    };
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
      take(headers);
    });
    stream.on("trailers", take);
    let data = Buffer.alloc(0);
    stream.on("data", (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
    stream.on("error", () => resolve({ status: status || 400, grpcStatus }));
    stream.on("close", () => {
      // gRPC-web carries its trailers in the body, after a frame with flag 0x80.
      const trailer = /grpc-status: ?(\d+)/.exec(data.toString("latin1"));
      if (grpcStatus === undefined && trailer) grpcStatus = Number(trailer[1]);
      resolve({ status, grpcStatus });
    });
    stream.end(body);
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

it("is still healthy and changed nothing", async () => {
  expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
  expect(await server.app.database.prisma.event.count()).toBe(eventsBefore);
  const user = await server.app.database.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  expect(user).toMatchObject({ username: "target", givenName: "T", email: "t@example.com", sequence: 2 });
});
