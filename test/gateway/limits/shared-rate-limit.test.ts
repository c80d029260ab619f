// Three servers on one PostgreSQL database allow a caller the configured rate together when the counts live in
// a shared store (RATE_LIMIT_STORE=redis or postgres), and three times it with each server's own memory (the
// control that shows the test can tell the two apart). A Redis that cannot be reached fails open: calls go on,
// counted in the server's memory, and the metric counts them. PostgreSQL only (three servers share a database).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnotherServer, startTestServer, type TestServer } from "../../helpers/app-server.js";
import { callWith, okJson, type RawOutcome } from "../../helpers/call-with-headers.js";
import { databaseKind } from "../../helpers/database.js";
import { freePort } from "../../../scripts/lb/start-balancer.js";

const BURST = 10;
// A 10-second window (BURST calls at 1/s): every call of a test lands in one window.
const env = (store: string, extra: Record<string, string> = {}) => ({ RATE_LIMIT_STORE: store, RATE_LIMIT_PER_SECOND: "1", RATE_LIMIT_BURST: String(BURST), ...extra });

/** Three servers on one fresh database; the administrator's setup waits out its own limit. */
async function threeServers(envOf: Record<string, string>): Promise<TestServer[]> {
  const first = await startTestServer({ env: envOf });
  return [first, await startAnotherServer(first, { env: envOf }), await startAnotherServer(first, { env: envOf })];
}

/** A machine user with a token: a caller whose budget nothing else has touched. */
async function newCaller(server: TestServer): Promise<{ userId: string; token: string }> {
  const admin = (method: string, request: Record<string, unknown>) => callWith("connect", server.url, method, request as never, { token: server.adminToken });
  const self = okJson(await admin("GetUserByID", { userId: server.app.bootstrap.adminUserId }));
  const organizationId = String((self.details as { resourceOwner: string }).resourceOwner);
  const userId = String(okJson(await admin("CreateUser", { organizationId, username: `shared-rate-${Date.now().toString(36)}`, machine: { name: "rate" } })).id);
  const token = String(okJson(await admin("AddPersonalAccessToken", { userId, expirationDate: new Date(Date.now() + 3_600_000).toISOString() })).token);
  return { userId, token };
}

/** 3 × BURST calls of one caller, spread round robin over the servers and protocols: how many were served. */
async function servedOf(servers: TestServer[], caller: { userId: string; token: string }): Promise<{ served: number; refused: RawOutcome[] }> {
  const protocols = ["grpc", "connect", "rest"] as const;
  const outcomes: RawOutcome[] = [];
  for (let i = 0; i < 3 * BURST; i++) {
    outcomes.push(await callWith(protocols[i % 3]!, servers[i % 3]!.url, "GetUserByID", { userId: caller.userId }, { token: caller.token }));
  }
  const refused = outcomes.filter((o) => !o.ok);
  for (const o of refused) expect(o.code, o.message).toBe(Code.ResourceExhausted);
  return { served: outcomes.length - refused.length, refused };
}

describe.skipIf(databaseKind !== "postgres").each([
  { store: "redis", allowed: BURST },
  { store: "postgres", allowed: BURST },
  { store: "memory", allowed: 3 * BURST },
])("three servers with RATE_LIMIT_STORE=$store", ({ store, allowed }) => {
  let servers: TestServer[] = [];
  beforeAll(async () => {
    servers = await threeServers(env(store));
  }, 120_000);
  afterAll(async () => {
    for (const server of servers.slice(1)) await server.stop();
    await servers[0]?.stop();
    await servers[0]?.drop();
  });

  it(`serve a caller ${allowed} calls of ${3 * BURST} in one window`, async () => {
    const { served, refused } = await servedOf(servers, await newCaller(servers[0]!));
    expect(served).toBe(allowed);
    if (refused.length > 0) {
      expect(refused[0]!.errorId).toBe("GATEWAY-Rate1");
      expect(refused[0]!.retryDelayMs).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(databaseKind !== "postgres")("a Redis store that cannot be reached", () => {
  let server: TestServer | undefined;
  let redisPort = 0;
  let redis: ChildProcess | undefined;
  beforeAll(async () => {
    // A free port nothing listens on yet: connections are refused at once, until the test starts a Redis there.
    redisPort = await freePort();
    server = await startTestServer({ env: env("redis", { RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${redisPort}` }) });
  }, 120_000);
  afterAll(async () => {
    redis?.kill("SIGTERM");
    await server?.stop();
    await server?.drop();
  });

  it("fails open to the server's own counts, and counts each such call in the metrics", async () => {
    const caller = await newCaller(server!);
    const { served } = await servedOf([server!, server!, server!], caller);
    expect(served).toBe(BURST); // still limited, by this server's memory
    const metrics = await (await fetch(new URL("/metrics", server!.url))).text();
    const errors = Number(/^rate_limit_store_errors_total (\d+)/m.exec(metrics)?.[1]);
    expect(errors).toBeGreaterThanOrEqual(3 * BURST);
  });

  it("counts in Redis again once it answers", async () => {
    redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const errorsNow = async () => Number(/^rate_limit_store_errors_total (\d+)/m.exec(await (await fetch(new URL("/metrics", server!.url))).text())?.[1]);
    // The client reconnects by itself (with backoff). Probe with calls failing authentication (each one asks
    // the store about the address) until one no longer falls back to memory.
    for (let i = 0; i < 50; i++) {
      const before = await errorsNow();
      await callWith("connect", server!.url, "GetUserByID", { userId: "1" }, { token: "not-a-token" });
      if ((await errorsNow()) === before) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const caller = await newCaller(server!);
    const errorsBefore = await errorsNow();
    const { served } = await servedOf([server!, server!, server!], caller);
    expect(served).toBe(BURST);
    expect(await errorsNow()).toBe(errorsBefore);
    const stored = await new Promise<string>((resolve, reject) =>
      execFile("redis-cli", ["-p", String(redisPort), "--scan", "--pattern", `usersvc:rl:*user:${caller.userId}`], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(stored.trim()).not.toBe("");
  });
});
