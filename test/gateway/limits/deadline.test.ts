// Deadlines: a client's grpc-timeout / connect-timeout-ms (and grpc-timeout on REST) ends a slow call with
// DeadlineExceeded (REST 504) when it passes; calls without one get the server's REQUEST_TIMEOUT_MS, and longer
// ones are capped to it rather than refused. The slow operation is AddHumanUser with a password at a high
// bcrypt cost; a call whose deadline passed before its push writes nothing, even when its hash finishes later.
import { Code } from "@connectrpc/connect";
import { hash } from "@node-rs/bcrypt";
import { beforeAll, describe, expect, it } from "vitest";
import { callWith, okJson, PROTOCOLS, type Protocol } from "../../helpers/call-with-headers.js";
import { serveForSuite } from "../../helpers/serve-for-suite.js";

const COST = 15;
const SERVER_TIMEOUT_MS = 1200;
const suite = serveForSuite({ env: { BCRYPT_COST: String(COST), REQUEST_TIMEOUT_MS: String(SERVER_TIMEOUT_MS) } });

let hashMs = 0;
const timedOut: string[] = [];
let serial = 0;

beforeAll(async () => {
  const started = Date.now();
  await hash("calibration", { cost: COST });
  hashMs = Date.now() - started;
  expect(hashMs).toBeGreaterThan(SERVER_TIMEOUT_MS); // otherwise the slow operation is not slow here
});

function slowAdd(protocol: Protocol, timeoutMs?: number) {
  const username = `deadline-${Date.now().toString(36)}-${++serial}`;
  timedOut.push(username);
  const request = { username, profile: { givenName: "Ada", familyName: "Slow" }, email: { email: `${username}@example.com`, isVerified: true }, password: { password: "Secr3t!pass-slow", changeRequired: false } };
  return callWith(protocol, suite.server.url, "AddHumanUser", request, { token: suite.server.adminToken, timeoutMs });
}

function expectDeadlineExceeded(protocol: Protocol, outcome: Awaited<ReturnType<typeof slowAdd>>) {
  expect(outcome.code, outcome.message).toBe(Code.DeadlineExceeded);
  if (protocol === "rest") expect(outcome.httpStatus).toBe(504);
}

describe.each(PROTOCOLS)("deadlines over %s", (protocol) => {
  it("a tiny client deadline on a slow call is DeadlineExceeded", async () => {
    const started = Date.now();
    expectDeadlineExceeded(protocol, await slowAdd(protocol, 100));
    expect(Date.now() - started).toBeLessThan(hashMs); // answered at the deadline, not when the hash was done
  });

  it("a fast call within its deadline is answered", async () => {
    okJson(await callWith(protocol, suite.server.url, "GetUserByID", { userId: suite.server.app.bootstrap.adminUserId }, { token: suite.server.adminToken, timeoutMs: 10_000 }));
  });
});

describe.each(["grpc", "rest"] as const)("the server's deadline over %s", (protocol) => {
  it("applies when the client sets none", async () => {
    const started = Date.now();
    expectDeadlineExceeded(protocol, await slowAdd(protocol));
    expect(Date.now() - started).toBeGreaterThanOrEqual(SERVER_TIMEOUT_MS - 50);
  });
});

describe.each(["connect", "grpc-web"] as const)("a longer client deadline over %s", (protocol) => {
  it("is capped to the server's, not refused", async () => {
    const started = Date.now();
    expectDeadlineExceeded(protocol, await slowAdd(protocol, 3_600_000));
    expect(Date.now() - started).toBeLessThan(hashMs);
  });
});

describe("after the deadlines", () => {
  it("no call that ran out of time wrote anything, even once its hash finished", async () => {
    // Every slow call's hash still runs (two at a time): wait until all must have finished, then look.
    await new Promise((resolve) => setTimeout(resolve, Math.ceil((timedOut.length * hashMs) / 2) + 2000));
    const { prisma } = suite.server.app.database;
    expect(timedOut.length).toBe(PROTOCOLS.length + 4);
    expect(await prisma.user.count({ where: { username: { in: timedOut } } })).toBe(0);
    expect(await prisma.uniqueConstraint.count({ where: { uniqueField: { in: timedOut } } })).toBe(0);
  }, 120_000);
});
