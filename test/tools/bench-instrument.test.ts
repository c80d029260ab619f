// The benchmark's instrument: pre-encoded gRPC frames sent over raw HTTP/2 to a real connect-node server and its
// answers (messages and grpc-status) read back; keep-alive HTTP/1.1 failing on a non-2xx answer; the closed-loop
// generator counting answers and errors; and the ratios to the floor and pgbench that the targets are stated in.
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "../../scripts/bench/generator.js";
import { decodeGrpcFrames, encodeGrpcFrame } from "../../scripts/bench/grpc-frame.js";
import { ratiosOf, type Row } from "../../scripts/bench/ratios.js";
import { GrpcSession, Http1Client } from "../../scripts/bench/raw-clients.js";
import { prepare } from "../../scripts/bench/requests.js";
import { seededUserId } from "../../scripts/bench/seed.js";
import { GetUserByIDResponseSchema, UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";

// Knows the seeded users 0…9 only; anything else is NotFound, and a call without the token is Unauthenticated.
const handler = connectNodeAdapter({
  routes: (router) =>
    router.service(UserService, {
      getUserByID(request, context) {
        if (context.requestHeader.get("authorization") !== "Bearer t0ken") throw new ConnectError("no token", Code.Unauthenticated);
        const n = BigInt(request.userId) - BigInt(seededUserId(0));
        if (n < 0n || n > 9n) throw new ConnectError(`user ${request.userId} not found`, Code.NotFound);
        return { user: { userId: request.userId, username: `user ${n}` } };
      },
    }),
});
const h2c = http2.createServer(handler);
const http1 = http.createServer(handler);
let grpcUrl = "";
let httpUrl = "";
const listen = (server: http.Server | http2.Http2Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  [grpcUrl, httpUrl] = await Promise.all([listen(h2c), listen(http1)]);
});
afterAll(() => {
  h2c.close();
  http1.close();
});

describe("gRPC frames", () => {
  it("round-trip, several in one body", () => {
    const body = Buffer.concat([encodeGrpcFrame(Uint8Array.of(1, 2, 3)), encodeGrpcFrame(new Uint8Array(0)), encodeGrpcFrame(Uint8Array.of(9))]);
    expect(body.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 3]));
    expect(decodeGrpcFrames(body).map((m) => [...m])).toEqual([[1, 2, 3], [], [9]]);
  });

  it("refuses a truncated or compressed frame", () => {
    const frame = encodeGrpcFrame(Uint8Array.of(1, 2, 3));
    expect(() => decodeGrpcFrames(frame.subarray(0, 7))).toThrow(/truncated/);
    expect(() => decodeGrpcFrames(frame.subarray(0, 3))).toThrow(/truncated/);
    expect(() => decodeGrpcFrames(Buffer.concat([Buffer.from([1]), frame.subarray(1)]))).toThrow(/compressed/);
  });

  it("reach a real server and bring back its message and grpc-status", async () => {
    const session = new GrpcSession(grpcUrl);
    try {
      const known = prepare("grpc", "GetUserByID", { userId: seededUserId(7) }).grpc!;
      expect(known.path).toBe("/zitadel.user.v2.UserService/GetUserByID");
      const ok = await session.call(known.path, known.frame, "Bearer t0ken");
      expect(ok.status).toBe(0);
      expect(ok.messages).toHaveLength(1);
      expect(fromBinary(GetUserByIDResponseSchema, ok.messages[0]!).user).toMatchObject({ userId: seededUserId(7), username: "user 7" });

      const unknown = prepare("grpc", "GetUserByID", { userId: seededUserId(70) }).grpc!;
      const missing = await session.call(unknown.path, unknown.frame, "Bearer t0ken");
      expect(missing.status).toBe(Code.NotFound);
      expect(missing.message).toContain(`user ${seededUserId(70)} not found`);
      expect((await session.call(known.path, known.frame, undefined)).status).toBe(Code.Unauthenticated);
    } finally {
      session.close();
    }
  });
});

it("HTTP/1.1 calls resolve on 2xx and reject otherwise", async () => {
  const client = new Http1Client(httpUrl, 2, "Bearer t0ken");
  try {
    const ok = await client.call(prepare("connect", "GetUserByID", { userId: seededUserId(3) }).http!);
    expect(JSON.parse(ok.body.toString())).toMatchObject({ user: { userId: seededUserId(3) } });
    await expect(client.call(prepare("connect", "GetUserByID", { userId: seededUserId(30) }).http!)).rejects.toThrow(/HTTP 404/);
  } finally {
    client.close();
  }
});

it("the generator counts answers, errors and its own CPU over a closed loop", async () => {
  const spec = { grpcUrl, httpUrl, token: "t0ken", scenario: "get" as const, concurrency: 3, seconds: 0.3, hotUserId: seededUserId(0), runId: "t" };
  const good = await runLoad({ ...spec, protocol: "grpc", users: { first: 0, count: 10 } });
  expect(good.errors).toBe(0);
  expect(good.requests).toBeGreaterThan(10);
  expect(good.throughput).toBeCloseTo(good.requests / good.seconds, 5);
  expect(good.p99).toBeGreaterThanOrEqual(good.p50);
  expect(good.generatorCpuMs).toBeGreaterThan(0);
  // users 8…17: about four in ten are unknown to the server
  const mixed = await runLoad({ ...spec, protocol: "connect", users: { first: 8, count: 10 } });
  expect(mixed.errors).toBeGreaterThan(0);
  expect(mixed.requests).toBeGreaterThan(0);
  expect(mixed.firstError).toMatch(/HTTP 404/);
});

it("ratios compare ours with the floor of the same scenario, protocol and concurrency, and updates with pgbench", () => {
  const row = (server: string, scenario: string, concurrency: number, throughput: number, cpu: number): Row => ({
    server, scenario, protocol: "grpc", concurrency, requests: 1, errors: 0, seconds: 1, throughput, p50: 1, p95: 1, p99: 1,
    serverCpuMsPerCall: cpu, generatorCpuMsPerCall: 0, rssAfterMb: 0, peakRssMb: 0,
  });
  const ours = row("ours", "update-spread", 32, 900, 0.6);
  const rows = [row("floor", "update-spread", 1, 300, 0.2), row("floor", "update-spread", 32, 1000, 0.5), ours, row("floor", "get", 32, 2000, 0.1)];
  const ratios = ratiosOf(rows, ours, 3000);
  expect(ratios.throughputVsFloor).toBeCloseTo(0.9, 10);
  expect(ratios.cpuVsFloor).toBeCloseTo(1.2, 10);
  expect(ratios.throughputVsPgbench).toBeCloseTo(0.3, 10);
  // a read has no pgbench ratio, and a row without its floor has no floor ratio
  const get = row("ours", "get", 4, 100, 1);
  expect(ratiosOf([...rows, get], get, 3000)).toEqual({});
  expect(ratiosOf(rows, rows[1]!, 3000)).toEqual({});
  // PGlite has no floor (the floor runs on PostgreSQL), only pgbench
  expect(ratiosOf(rows, { ...ours, server: "ours-pglite" }, 3000)).toEqual({ throughputVsPgbench: 0.3 });
});
