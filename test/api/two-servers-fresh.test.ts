// Two servers on one PostgreSQL database: what one server changed, the other answers and decides on at once.
// Server B first writes the user itself (so a cache of its own writes would hold the user), then A changes it:
// B's very next read shows A's change, B accepts an If-Match of A's answered sequence and refuses the older
// one, and B does not refuse a lock because of a lock A already undid.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../helpers/app-server.js";
import { callWith, okJson, PROTOCOLS, type Protocol } from "../helpers/call-with-headers.js";
import { startTwoServers, type TwoServers } from "../helpers/two-servers.js";

let servers: TwoServers | undefined;
let a: TestServer;
let b: TestServer;
let serial = 0;

beforeAll(async () => {
  servers = await startTwoServers("two_servers_fresh");
  ({ first: a, second: b } = servers);
}, 120_000);

afterAll(async () => {
  await servers?.stop();
});

describe.each(PROTOCOLS)("over %s", (protocol: Protocol) => {
  const call = (server: TestServer, method: string, request: Record<string, unknown>, ifMatch?: string) =>
    callWith(protocol, server.url, method, request as never, { token: a.adminToken, headers: ifMatch === undefined ? {} : { "if-match": ifMatch } });
  const sequenceOf = (json: Record<string, unknown>) => String((json.details as { sequence: string }).sequence);
  const givenName = (json: Record<string, unknown>) => (json.user as { human: { profile: { givenName: string } } }).human.profile.givenName;

  async function userWrittenByB(): Promise<string> {
    const tag = `fresh-${protocol}-${++serial}`;
    const created = okJson(await call(a, "AddHumanUser", { username: tag, profile: { givenName: "Ada", familyName: "L" }, email: { email: `${tag}@example.com`, isVerified: true } }));
    const userId = String(created.userId);
    okJson(await call(b, "UpdateHumanUser", { userId, profile: { givenName: "Bea", familyName: "L" } }));
    okJson(await call(b, "GetUserByID", { userId }));
    return userId;
  }

  it("answers a change made through the other server on the very next read", async () => {
    const userId = await userWrittenByB();
    for (const name of ["Cleo", "Dora", "Emma"]) {
      const changed = okJson(await call(a, "UpdateHumanUser", { userId, profile: { givenName: name, familyName: "L" } }));
      const read = okJson(await call(b, "GetUserByID", { userId }));
      expect(sequenceOf(read)).toBe(sequenceOf(changed));
      expect(givenName(read)).toBe(name);
    }
  });

  it("checks If-Match against the stored sequence, whichever server changed the user", async () => {
    const userId = await userWrittenByB();
    const before = okJson(await call(b, "GetUserByID", { userId }));
    const changed = okJson(await call(a, "UpdateHumanUser", { userId, profile: { givenName: "Cleo", familyName: "L" } }));

    const fresh = await call(b, "UpdateHumanUser", { userId, profile: { givenName: "Dora", familyName: "L" } }, `"${sequenceOf(changed)}"`);
    expect(Number(sequenceOf(okJson(fresh)))).toBeGreaterThan(Number(sequenceOf(changed)));

    const stale = await call(b, "UpdateHumanUser", { userId, profile: { givenName: "Emma", familyName: "L" } }, `"${sequenceOf(before)}"`);
    expect(stale.code).toBe(Code.FailedPrecondition);
    expect(stale.errorId).toBe("COMMAND-IfMtch1");
    expect(givenName(okJson(await call(a, "GetUserByID", { userId })))).toBe("Dora");
  });

  it("decides a refusal on the stored state, not on what this server last wrote", async () => {
    const userId = await userWrittenByB();
    okJson(await call(b, "LockUser", { userId }));
    okJson(await call(a, "UnlockUser", { userId }));
    okJson(await call(b, "LockUser", { userId })); // B locked it last, but A unlocked it since
    const read = okJson(await call(a, "GetUserByID", { userId }));
    expect((read.user as { state: string }).state).toBe("USER_STATE_LOCKED");
  });
});
