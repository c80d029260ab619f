// Per-caller rate limiting: with RATE_LIMIT_PER_SECOND=2 and RATE_LIMIT_BURST=6 (a 3-second window of 6 calls),
// the 7th call of a caller in the window is ResourceExhausted with a retry hint (google.rpc.RetryInfo; REST 429
// with Retry-After) on every protocol, other callers go on, and after the hinted delay the caller is served
// again. Calls failing authentication count against the client's address.
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { rateLimitWindow } from "../../../src/gateway/rate-limit.js";
import { callWith, okJson, PROTOCOLS, type Protocol, type RawOutcome } from "../../helpers/call-with-headers.js";
import { serveForSuite } from "../../helpers/serve-for-suite.js";

const BURST = 6;
const WINDOW_MS = 3000;
const suite = serveForSuite({ env: { RATE_LIMIT_PER_SECOND: "2", RATE_LIMIT_BURST: String(BURST) } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Setup as the administrator, waiting out its own limit as a well-behaved client would. */
async function patiently(call: () => Promise<RawOutcome>): Promise<RawOutcome> {
  for (;;) {
    const outcome = await call();
    if (outcome.code !== Code.ResourceExhausted) return outcome;
    await sleep((outcome.retryDelayMs ?? 1000) + 50);
  }
}

const callers = new Map<string, { userId: string; token: string }>();

beforeAll(async () => {
  const { url, adminToken } = suite.server;
  const admin = (method: string, request: Record<string, unknown>) => patiently(() => callWith("connect", url, method, request as never, { token: adminToken }));
  const self = okJson(await admin("GetUserByID", { userId: suite.server.app.bootstrap.adminUserId }));
  const organizationId = String((self.details as { resourceOwner: string }).resourceOwner);
  for (const name of [...PROTOCOLS, "spare"]) {
    const userId = String(okJson(await admin("CreateUser", { organizationId, username: `rate-${name}-${Date.now().toString(36)}`, machine: { name } })).id);
    const expirationDate = new Date(Date.now() + 3_600_000).toISOString();
    const token = String(okJson(await admin("AddPersonalAccessToken", { userId, expirationDate })).token);
    callers.set(name, { userId, token });
  }
}, 120_000);

function expectHint(protocol: Protocol, outcome: RawOutcome) {
  expect(outcome.code, outcome.message).toBe(Code.ResourceExhausted);
  expect(outcome.errorId).toBe("GATEWAY-Rate1");
  expect(outcome.retryDelayMs).toBeGreaterThan(0);
  expect(outcome.retryDelayMs).toBeLessThanOrEqual(WINDOW_MS);
  if (protocol === "rest") {
    expect(outcome.httpStatus).toBe(429);
    expect(Number(outcome.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(outcome.headers["retry-after"])).toBeLessThanOrEqual(WINDOW_MS / 1000);
  }
}

const readSelf = (protocol: Protocol, who: string) => {
  const { userId, token } = callers.get(who)!;
  return callWith(protocol, suite.server.url, "GetUserByID", { userId }, { token });
};

describe.each(PROTOCOLS)("rate limit over %s", (protocol) => {
  it("refuses a caller's calls beyond the burst with a retry hint, leaves others alone, serves again after the hint", async () => {
    const outcomes = await Promise.all(Array.from({ length: BURST + 1 }, () => readSelf(protocol, protocol)));
    const refused = outcomes.filter((o) => !o.ok);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(BURST);
    expect(refused).toHaveLength(1);
    expectHint(protocol, refused[0]!);

    okJson(await readSelf(protocol, "spare")); // another caller is not throttled

    await sleep(refused[0]!.retryDelayMs! + 100);
    okJson(await readSelf(protocol, protocol));
  }, 30_000);

  it("counts failed authentication against the client's address", async () => {
    const bad = () => callWith(protocol, suite.server.url, "GetUserByID", { userId: "1" }, { token: "not-a-token" });
    let unauthenticated = 0;
    let refused: RawOutcome | undefined;
    for (let i = 0; i <= BURST && !refused; i++) {
      const outcome = await bad();
      if (outcome.code === Code.Unauthenticated) unauthenticated++;
      else refused = outcome;
    }
    // The previous test of this kind leaves one failure in a fresh window.
    expect(unauthenticated).toBeGreaterThanOrEqual(BURST - 1);
    expect(unauthenticated).toBeLessThanOrEqual(BURST);
    expectHint(protocol, refused!);
    okJson(await readSelf(protocol, "spare")); // an authenticated caller from the same address goes on

    await sleep(refused!.retryDelayMs! + 100);
    expect((await bad()).code).toBe(Code.Unauthenticated);
  }, 30_000);
});

describe("configuration", () => {
  it("is on by default with room for the benchmark's shared admin token, and 0 turns it off", () => {
    expect(loadConfig({}).rateLimit).toEqual({ perSecond: 1000, burst: 2000, store: "memory", redisUrl: "redis://127.0.0.1:6379" });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: "10", RATE_LIMIT_BURST: "15" }).rateLimit).toMatchObject({ perSecond: 10, burst: 15 });
    expect(rateLimitWindow(loadConfig({ RATE_LIMIT_PER_SECOND: "0" }).rateLimit)).toBeUndefined();
    expect(() => loadConfig({ RATE_LIMIT_PER_SECOND: "-1" })).toThrow(/RATE_LIMIT_PER_SECOND/);
  });

  it("shares the counts in Redis or PostgreSQL when asked, and refuses PostgreSQL's store without PostgreSQL", () => {
    expect(loadConfig({ RATE_LIMIT_STORE: "redis", RATE_LIMIT_REDIS_URL: "redis://cache:6380/2" }).rateLimit).toMatchObject({ store: "redis", redisUrl: "redis://cache:6380/2" });
    expect(loadConfig({ RATE_LIMIT_STORE: "postgres", DATABASE_URL: "postgresql://db/usersvc" }).rateLimit.store).toBe("postgres");
    expect(() => loadConfig({ RATE_LIMIT_STORE: "postgres" })).toThrow(/RATE_LIMIT_STORE=postgres needs DATABASE_URL/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: "memcached" })).toThrow(/RATE_LIMIT_STORE must be memory, redis or postgres/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: "redis", RATE_LIMIT_REDIS_URL: "http://cache" })).toThrow(/RATE_LIMIT_REDIS_URL must start with redis:\/\//);
  });
});
