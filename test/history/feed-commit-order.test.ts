// Concurrent transactions commit out of position order; the feed must neither lose the one that commits last
// with the lower position nor let a transaction in another database hold it back. PostgreSQL only: PGlite runs
// one statement at a time, so its commits are always in position order (and it has no other databases).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";
import { ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { setupFor, type Setup } from "../api/auth-fixture.js";
import { changesOf, openFeed, waitFor } from "./feed-clients.js";

describe.runIf(databaseKind === "postgres")("change feed order on PostgreSQL", () => {
  const suite = serveForSuite();
  let setup: Setup;
  let other: TestDatabase;

  beforeAll(async () => {
    setup = setupFor(suite.server);
    other = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    setup?.close();
    await other?.drop();
  });

  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };

  it("holds a later commit back until an earlier-positioned transaction commits, then delivers both in order", async () => {
    const org = await setup.defaultOrgId();
    const [x, y] = [await setup.human(org, "early"), await setup.human(org, "late")];
    const reader = openFeed("connect", suite.server.url, { token: setup.adminToken, request: { userIds: [x, y] } });
    expect(await waitFor(() => reader.messages.length > 0, 10_000)).toBe(true);

    // A transaction takes its position first and stays open (as a slow push would).
    const slow = await connect(suite.server.databaseUrl!);
    try {
      await slow.query("BEGIN");
      const [{ sequence }] = (await slow.query(`SELECT "sequence" FROM "users" WHERE "id" = $1`, [x])).rows;
      await slow.query(
        `INSERT INTO "events" ("aggregate_type", "aggregate_id", "sequence", "event_type", "payload", "creator", "resource_owner")
         VALUES ('user', $1, $2, 'user.human.phone.removed', '{}', $3, $4)`,
        [x, sequence + 1, suite.server.app.bootstrap.adminUserId, org],
      );
      // A push with a higher position commits meanwhile.
      ok(await setup.users.call("UpdateHumanUser", { userId: y, profile: { givenName: "Late", familyName: "Commit" } }, setup.adminToken));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(changesOf(reader)).toEqual([]); // held back: delivering it now would put the open one behind the reader
      await slow.query("COMMIT");
    } finally {
      await slow.end();
    }
    expect(await waitFor(() => changesOf(reader).length === 2, 10_000)).toBe(true);
    const positions = await suite.server.app.database.query<{ aggregate_id: string; position: string }>(
      `SELECT "aggregate_id", "position"::text FROM "events"
       WHERE "aggregate_id" = ANY($1) AND "event_type" IN ('user.human.phone.removed', 'user.human.profile.changed') ORDER BY "position"`,
      [[x, y]],
    );
    // By position x's change comes first although it committed last; the feed delivers it first, and y's after.
    expect(positions.map((p) => p.aggregate_id)).toEqual([x, y]);
    expect(changesOf(reader).map((m) => m.change!.userId)).toEqual([x, y]);
    reader.cancel();
    await reader.ended;
  }, 60_000);

  it("is not held back by a transaction open in another database of the same server", async () => {
    const org = await setup.defaultOrgId();
    const userId = await setup.human(org, "unblocked");
    const reader = openFeed("grpc", suite.server.url, { token: setup.adminToken, request: { userIds: [userId] } });
    expect(await waitFor(() => reader.messages.length > 0, 10_000)).toBe(true);
    const elsewhere = await connect(other.databaseUrl!);
    try {
      await elsewhere.query("BEGIN");
      await elsewhere.query("SELECT pg_current_xact_id()"); // holds a transaction id, as a long bulk load would
      ok(await setup.users.call("UpdateHumanUser", { userId, profile: { givenName: "Not", familyName: "Blocked" } }, setup.adminToken));
      expect(await waitFor(() => changesOf(reader).length === 1, 5_000)).toBe(true);
      await elsewhere.query("ROLLBACK");
    } finally {
      await elsewhere.end();
    }
    reader.cancel();
    await reader.ended;
  }, 60_000);
});
