// Differences ZITADEL's own integration tests found between its answers and ours, each fixed and checked here
// over gRPC, gRPC-web, Connect JSON and REST: deprecated copies inside `human` stay empty, a user without a
// language reads `und`, a re-added user id starts with a fresh creation date, ZITADEL's test phone number
// (+1234567890) is accepted, and retries that run out answer Aborted (REST 409).
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectError, ok } from "../helpers/outcome-checks.js";
import type { JsonObject } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";

const suite = serveForSuite();

const human = (tag: string, extra: JsonObject = {}): JsonObject => ({
  username: `diff.${tag}`,
  profile: { givenName: "Grace", familyName: "Hopper" },
  email: { email: `diff.${tag}@example.com`, isVerified: true },
  ...extra,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject) => suite.driver(protocol).call(method, request, suite.server.adminToken);

  it("leaves the deprecated copies inside human empty in GetUserByID and ListUsers, as ZITADEL", async () => {
    const userId = String(ok(await call("AddHumanUser", human(`copies.${protocol}`))).userId);
    const got = ok(await call("GetUserByID", { userId })).user as JsonObject;
    const listed = (ok(await call("ListUsers", { queries: [{ inUserIdsQuery: { userIds: [userId] } }] })).result as JsonObject[])[0]!;
    for (const user of [got, listed]) {
      expect(user).toMatchObject({ userId, state: "USER_STATE_ACTIVE", username: `diff.copies.${protocol}` });
      const copy = user.human as JsonObject;
      for (const deprecated of ["userId", "state", "username", "loginNames", "preferredLoginName"]) {
        expect(copy, deprecated).not.toHaveProperty(deprecated);
      }
      expect(copy.profile).toMatchObject({ givenName: "Grace" });
    }
  });

  it("answers und for a user created or updated without a preferred language, and for rows stored as empty", async () => {
    const userId = String(ok(await call("AddHumanUser", human(`lang.${protocol}`))).userId);
    const language = async () => (((ok(await call("GetUserByID", { userId })).user as JsonObject).human as JsonObject).profile as JsonObject).preferredLanguage;
    expect(await language()).toBe("und");
    // As ZITADEL (language.Make("") is und), the creation event stores und.
    const [added] = await suite.server.app.database.query<{ payload: JsonObject }>(
      `SELECT "payload" FROM "events" WHERE "aggregate_id" = $1 AND "event_type" = 'user.human.added'`,
      [userId],
    );
    expect(added!.payload.preferredLanguage).toBe("und");

    ok(await call("UpdateHumanUser", { userId, profile: { givenName: "Grace", familyName: "Hopper", preferredLanguage: "de" } }));
    expect(await language()).toBe("de");
    ok(await call("UpdateHumanUser", { userId, profile: { givenName: "Grace", familyName: "Hopper", preferredLanguage: "" } }));
    expect(await language()).toBe("und");

    // Users created before this rule carry "" in their stored events and projection rows: read as und too
    // (ListUsers reads the projection itself, never a cached write model).
    await suite.server.app.database.query(`UPDATE "users" SET "preferred_language" = '' WHERE "id" = $1`, [userId]);
    const listed = (ok(await call("ListUsers", { queries: [{ inUserIdsQuery: { userIds: [userId] } }] })).result as JsonObject[])[0]!;
    expect(((listed.human as JsonObject).profile as JsonObject).preferredLanguage).toBe("und");
  });

  it("gives a re-added user id a fresh creation date, not the deleted user's", async () => {
    const userId = `readd-${protocol}`;
    const first = ok(await call("AddHumanUser", human(`readd.${protocol}`, { userId }))).details as JsonObject;
    ok(await call("DeleteUser", { userId }));
    await pause(20);
    const again = ok(await call("AddHumanUser", human(`readd2.${protocol}`, { userId }))).details as JsonObject;
    expect(Date.parse(String(again.creationDate))).toBeGreaterThan(Date.parse(String(first.creationDate)));
    expect(again.creationDate).toBe(again.changeDate);
    expect(Number(again.sequence)).toBeGreaterThan(Number(first.sequence)); // the aggregate goes on
    const got = ok(await call("GetUserByID", { userId }));
    expect((got.details as JsonObject).creationDate).toBe(again.creationDate);
  });

  it("accepts any number libphonenumber parses (ZITADEL's +1234567890) and still refuses what does not parse", async () => {
    const created = ok(await call("AddHumanUser", human(`phone.${protocol}`, { phone: { phone: "+1234567890", isVerified: true } })));
    const userId = String(created.userId);
    const phone = async () => (((ok(await call("GetUserByID", { userId })).user as JsonObject).human as JsonObject).phone as JsonObject).phone;
    expect(await phone()).toBe("+1234567890");
    ok(await call("SetPhone", { userId, phone: "+41 79 123 45 6", isVerified: true })); // a digit short of a Swiss mobile number
    expect(await phone()).toBe("+4179123456");
    ok(await call("UpdateHumanUser", { userId, phone: { phone: "+1 800 FLOWERS", isVerified: true } })); // letters read as digits
    expect(await phone()).toBe("+18003569377");

    const refused = expectError(await call("SetPhone", { userId, phone: "PhoneNumber" }), protocol, Code.InvalidArgument);
    expect(refused.violations).toEqual([{ field: "phone", reason: "phone.e164" }]);
    expect(await phone()).toBe("+18003569377");
  });

  it("answers Aborted (REST 409) with its own error id when every retry meets a concurrent writer", async () => {
    const userId = String(ok(await call("AddHumanUser", human(`busy.${protocol}`))).userId);
    await contend(userId);
    try {
      const outcome = await call("UpdateHumanUser", { userId, profile: { givenName: "Busy", familyName: "Hopper" } });
      expectError(outcome, protocol, Code.Aborted, "EVENT-Retries1");
    } finally {
      await release();
    }
    expect((((ok(await call("GetUserByID", { userId })).user as JsonObject).human as JsonObject).profile as JsonObject).givenName).toBe("Grace");
  });
});

describe("REST query parameters", () => {
  const get = (path: string) => fetch(new URL(path, suite.server.url), { headers: { authorization: `Bearer ${suite.server.adminToken}` } });

  it("ignores parameters that name no field, as grpc-gateway's DefaultQueryParser does", async () => {
    const userId = String(ok(await suite.driver("rest").call("AddHumanUser", human("query"), suite.server.adminToken)).userId);
    for (const query of ["utm_source=mail", "_=1700000000", "user.id=x", "userId=other&shoe_size=42"]) {
      const response = await get(`/v2/users/${userId}?${query}`);
      expect(response.status, query).toBe(200);
      expect(((await response.json()) as { user: { userId: string } }).user.userId).toBe(userId);
    }
  });

  it("still refuses a parameter that names a known field in a way it cannot take", async () => {
    const response = await fetch(new URL("/v2/users/someone/metadata?keys=a&keys.nested=1", suite.server.url), {
      method: "DELETE",
      headers: { authorization: `Bearer ${suite.server.adminToken}` },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/keys/);
  });
});

// Every push of the user's events fails as if another writer had just taken the next sequence: the unique
// violation of (aggregate, sequence) a real race raises, from a trigger on the real database.
async function contend(userId: string): Promise<void> {
  const db = suite.server.app.database;
  await db.query(`CREATE TABLE IF NOT EXISTS "test_contended" ("id" text PRIMARY KEY)`, []);
  await db.query(
    `CREATE OR REPLACE FUNCTION test_contend() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM "test_contended" WHERE "id" = NEW."aggregate_id") THEN
         RAISE unique_violation USING MESSAGE = 'duplicate key value violates unique constraint "events_aggregate_sequence_key"',
           CONSTRAINT = 'events_aggregate_sequence_key';
       END IF;
       RETURN NEW;
     END $$`,
    [],
  );
  await db.query(`INSERT INTO "test_contended" VALUES ($1) ON CONFLICT DO NOTHING`, [userId]);
  await db.query(`DROP TRIGGER IF EXISTS test_contend ON "events"`, []);
  await db.query(`CREATE TRIGGER test_contend BEFORE INSERT ON "events" FOR EACH ROW EXECUTE FUNCTION test_contend()`, []);
}

async function release(): Promise<void> {
  await suite.server.app.database.query(`DROP TRIGGER IF EXISTS test_contend ON "events"`, []);
}
