// Lost-update protection: GetUserByID's ETag is the user's details.sequence; a user-changing call with a fresh
// If-Match goes through (and answers the new sequence as ETag), a stale one is FailedPrecondition (REST 412)
// and writes no event; malformed If-Match is InvalidArgument; other FailedPreconditions stay 400 on REST.
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { callWith, okJson, PROTOCOLS, type Protocol } from "../../helpers/call-with-headers.js";
import { serveForSuite } from "../../helpers/serve-for-suite.js";

const suite = serveForSuite();
let serial = 0;

async function newHuman(): Promise<string> {
  const tag = `ifm-${Date.now().toString(36)}-${++serial}`;
  const created = okJson(
    await callWith("connect", suite.server.url, "AddHumanUser", {
      username: tag,
      profile: { givenName: "Ada", familyName: "Lovelace" },
      email: { email: `${tag}@example.com`, isVerified: true },
      phone: { phone: "+41791234567", isVerified: true },
    }, { token: suite.server.adminToken }),
  );
  return String(created.userId);
}

async function get(protocol: Protocol, userId: string) {
  const outcome = await callWith(protocol, suite.server.url, "GetUserByID", { userId }, { token: suite.server.adminToken });
  const json = okJson(outcome);
  return { etag: outcome.headers.etag, sequence: String((json.details as { sequence: string }).sequence), json };
}

const eventCount = (userId: string) => suite.server.app.database.prisma.event.count({ where: { aggregateId: userId } });

describe.each(PROTOCOLS)("If-Match over %s", (protocol) => {
  const call = (method: string, request: Record<string, unknown>, ifMatch?: string) =>
    callWith(protocol, suite.server.url, method, request as never, { token: suite.server.adminToken, headers: ifMatch === undefined ? {} : { "if-match": ifMatch } });

  it("GetUserByID's ETag is the user's details.sequence", async () => {
    const userId = await newHuman();
    const { etag, sequence, json } = await get(protocol, userId);
    expect(etag).toBe(`"${sequence}"`);
    expect(String(((json.user as { details: { sequence: string } }).details).sequence)).toBe(sequence);
  });

  it("a fresh sequence changes the user and answers the new ETag; the old one is then stale and writes nothing", async () => {
    const userId = await newHuman();
    const before = await get(protocol, userId);
    const updated = await call("UpdateHumanUser", { userId, profile: { givenName: "Grace", familyName: "Hopper" } }, before.etag);
    const details = okJson(updated).details as { sequence: string };
    expect(Number(details.sequence)).toBeGreaterThan(Number(before.sequence));
    expect(updated.headers.etag).toBe(`"${details.sequence}"`);

    const events = await eventCount(userId);
    const stale = await call("UpdateHumanUser", { userId, profile: { givenName: "Mary", familyName: "Jackson" } }, before.etag);
    expect(stale.code).toBe(Code.FailedPrecondition);
    expect(stale.errorId).toBe("COMMAND-IfMtch1");
    if (protocol === "rest") expect(stale.httpStatus).toBe(412);
    expect(await eventCount(userId)).toBe(events);
    const after = await get(protocol, userId);
    expect(after.sequence).toBe(details.sequence);
    expect((after.json.user as { human: { profile: { givenName: string } } }).human.profile.givenName).toBe("Grace");
  });

  it("accepts an unquoted sequence, a weak tag and *; refuses a malformed one", async () => {
    const userId = await newHuman();
    let { sequence } = await get(protocol, userId);
    for (const form of [(s: string) => s, (s: string) => `W/"${s}"`, () => "*"]) {
      const outcome = await call("SetUserMetadata", { userId, metadata: [{ key: `k${sequence}`, value: Buffer.from("v").toString("base64") }] }, form(sequence));
      okJson(outcome);
      sequence = outcome.headers.etag!.replaceAll('"', "");
      expect((await get(protocol, userId)).sequence).toBe(sequence);
    }
    const events = await eventCount(userId);
    for (const bad of ['"abc"', "1, 2", '"-1"', "W/12"]) {
      const outcome = await call("LockUser", { userId }, bad);
      expect(outcome.code, bad).toBe(Code.InvalidArgument);
      if (protocol === "rest") expect(outcome.httpStatus).toBe(400);
    }
    expect(await eventCount(userId)).toBe(events);
  });

  it("every call that changes one user refuses a stale sequence and writes nothing", async () => {
    const userId = await newHuman();
    const fresh = await get(protocol, userId);
    okJson(await call("SetUserMetadata", { userId, metadata: [{ key: "m", value: Buffer.from("v").toString("base64") }] }, fresh.etag));
    const stale = fresh.etag!;
    const events = await eventCount(userId);
    const changes: [string, Record<string, unknown>][] = [
      ["UpdateHumanUser", { userId, username: `renamed-${userId}` }],
      ["SetEmail", { userId, email: "other@example.com", isVerified: true }],
      ["SendEmailCode", { userId, returnCode: {} }],
      ["SetPhone", { userId, phone: "+41797654321", isVerified: true }],
      ["RemovePhone", { userId }],
      ["PasswordReset", { userId, returnCode: {} }],
      ["SetPassword", { userId, newPassword: { password: "Secr3t!pass-ifm", changeRequired: false } }],
      ["LockUser", { userId }],
      ["DeactivateUser", { userId }],
      ["SetUserMetadata", { userId, metadata: [{ key: "n", value: Buffer.from("w").toString("base64") }] }],
      ["DeleteUserMetadata", { userId, keys: ["m"] }],
      ["DeleteUser", { userId }],
    ];
    for (const [method, request] of changes) {
      const outcome = await call(method, request, stale);
      expect(outcome.code, method).toBe(Code.FailedPrecondition);
      expect(outcome.errorId, method).toBe("COMMAND-IfMtch1");
      if (protocol === "rest") expect(outcome.httpStatus, method).toBe(412);
    }
    expect(await eventCount(userId)).toBe(events);
    // Without If-Match nothing is different: the same change goes through.
    okJson(await call("LockUser", { userId }));
  });

  it("a FailedPrecondition that is not about If-Match keeps grpc-gateway's 400 on REST", async () => {
    const userId = await newHuman();
    const { etag } = await get(protocol, userId);
    const outcome = await call("UnlockUser", { userId }, etag); // fresh sequence, but the user is not locked
    expect(outcome.code).toBe(Code.FailedPrecondition);
    expect(outcome.errorId).not.toBe("COMMAND-IfMtch1");
    if (protocol === "rest") expect(outcome.httpStatus).toBe(400);
  });
});

describe("If-Match under concurrency", () => {
  it("lets exactly one of many parallel changes with the same sequence through", async () => {
    const userId = await newHuman();
    const { etag, sequence } = await get("connect", userId);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callWith(PROTOCOLS[i % PROTOCOLS.length]!, suite.server.url, "UpdateHumanUser", { userId, profile: { givenName: `Racer${i}`, familyName: "Lovelace" } }, { token: suite.server.adminToken, headers: { "if-match": etag! } }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => o.code === Code.FailedPrecondition)).toHaveLength(11);
    expect(Number((await get("connect", userId)).sequence)).toBe(Number(sequence) + 1);
  });
});
