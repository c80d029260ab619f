// ListUserHistory over gRPC, gRPC-web, Connect and REST: one user's events newest or oldest first, paged by
// cursor, with the author's names, only allow-listed fields and never a secret; read permission as GetUserByID.
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { VISIBLE_FIELDS } from "../../src/query/history/visible-fields.js";
import { UserEvent } from "../../src/command/user/user-events.js";
import { expectError, ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import type { Driver, JsonObject } from "../helpers/protocols.js";
import { historyCallers, historyDrivers, humanWithHistory, type CallerName, type HistoryCallers } from "./history-fixture.js";

const suite = serveForSuite();
let callers: HistoryCallers;
let drivers: Driver[];
let subject: { userId: string; emailCode: string };
/** The subject's stored events, oldest first. */
let stored: { sequence: number; event_type: string; payload: Record<string, unknown> }[];

beforeAll(async () => {
  callers = await historyCallers(suite.server);
  drivers = historyDrivers(suite.server.url);
  subject = await humanWithHistory(callers.setup, callers.orgA);
  stored = await suite.server.app.database.query(
    `SELECT "sequence", "event_type", "payload" FROM "events" WHERE "aggregate_type" = 'user' AND "aggregate_id" = $1 ORDER BY "sequence"`,
    [subject.userId],
  );
  return () => {
    callers.setup.close();
    for (const d of drivers) d.close();
  };
}, 120_000);

const changesOf = (page: JsonObject) => (page.changes as JsonObject[] | undefined) ?? [];
const fieldsOf = (change: JsonObject) => Object.fromEntries(((change.fields as JsonObject[] | undefined) ?? []).map((f) => [f.name, f.value ?? f.withheld]));

it("has every event type the commands write on its allow-list (an unlisted type would show nothing)", () => {
  expect(Object.values(UserEvent).filter((type) => !(type in VISIBLE_FIELDS))).toEqual([]);
});

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("ListUserHistory over %s", (protocol) => {
  const driver = () => drivers.find((d) => d.name === protocol)!;
  const admin = () => callers.tokens["IAM owner"];

  it("pages newest first by cursor, with the total, and oldest first when asked", async () => {
    const expected = stored.map((e) => e.sequence);
    expect(expected.length).toBeGreaterThanOrEqual(7);
    const seen: number[] = [];
    let token = "";
    for (let page = 0; page < 10; page++) {
      const answer = ok(await driver().call("ListUserHistory", { userId: subject.userId, pageSize: 3, ...(token ? { pageToken: token } : {}) }, admin()));
      expect(Number(answer.totalSize)).toBe(expected.length);
      seen.push(...changesOf(answer).map((c) => Number(c.sequence)));
      token = String(answer.nextPageToken ?? "");
      if (token === "") break;
    }
    expect(seen).toEqual([...expected].reverse());

    const oldest = ok(await driver().call("ListUserHistory", { userId: subject.userId, order: "HISTORY_ORDER_OLDEST_FIRST", pageSize: 2 }, admin()));
    expect(changesOf(oldest).map((c) => Number(c.sequence))).toEqual(expected.slice(0, 2));
    const next = ok(await driver().call("ListUserHistory", { userId: subject.userId, order: "HISTORY_ORDER_OLDEST_FIRST", pageSize: 2, pageToken: String(oldest.nextPageToken) }, admin()));
    expect(changesOf(next).map((c) => Number(c.sequence))).toEqual(expected.slice(2, 4));
  });

  it("shows type, time, author and the allowed fields, and secrets only as withheld", async () => {
    const answer = ok(await driver().call("ListUserHistory", { userId: subject.userId, order: "HISTORY_ORDER_OLDEST_FIRST" }, admin()));
    const changes = changesOf(answer);
    expect(changes.map((c) => c.eventType)).toEqual(stored.map((e) => e.event_type));
    for (const change of changes) {
      expect(change.userId).toBe(subject.userId);
      expect(change.organizationId).toBe(callers.orgA);
      expect(Date.now() - Date.parse(String(change.changeDate))).toBeLessThan(600_000);
      expect(change.author).toEqual({ userId: callers.adminId, username: "admin", displayName: "Administrator" });
    }
    const byType = (type: string) => changes.filter((c) => c.eventType === type).map(fieldsOf);
    expect(byType("user.human.added")[0]).toMatchObject({ givenName: "Grace", familyName: "Hopper" });
    // The event holds only what changed.
    expect(byType("user.human.profile.changed")[0]).toEqual({ familyName: "Murray" });
    expect(byType("user.human.password.changed")).toEqual([
      { password: "WITHHELD_SECRET", changeRequired: true },
      { password: "WITHHELD_SECRET", changeRequired: false },
    ]);
    expect(byType("user.human.email.code.added")[0]).toMatchObject({ code: "WITHHELD_SECRET", returnCode: true });
    expect(byType("user.metadata.set")).toEqual([
      { key: "colour", value: Buffer.from("blue").toString("base64") },
      { key: "blob", value: "WITHHELD_TOO_LARGE" },
    ]);
    // No stored hash, nor the code that was handed out, appears anywhere in the answer.
    const text = JSON.stringify(answer);
    const hashes = stored.flatMap((e) => [e.payload.encodedHash, e.payload.codeHash].filter((v): v is string => typeof v === "string"));
    expect(hashes.length).toBe(3);
    for (const secret of [...hashes, subject.emailCode, "Secr3t!pass", "An0ther!pass"]) expect(text).not.toContain(secret);
  });

  it("refuses a page token of the other order or of another shape, and pages over 1000", async () => {
    const first = ok(await driver().call("ListUserHistory", { userId: subject.userId, pageSize: 1 }, admin()));
    const mixed = await driver().call("ListUserHistory", { userId: subject.userId, order: "HISTORY_ORDER_OLDEST_FIRST", pageToken: String(first.nextPageToken) }, admin());
    expect(expectError(mixed, protocol, Code.InvalidArgument).violations.map((v) => v.field)).toEqual(["page_token"]);
    expectError(await driver().call("ListUserHistory", { userId: subject.userId, pageToken: "../etc" }, admin()), protocol, Code.InvalidArgument);
    const tooLarge = await driver().call("ListUserHistory", { userId: subject.userId, pageSize: 1001 }, admin());
    expect(expectError(tooLarge, protocol, Code.InvalidArgument).violations.map((v) => v.field)).toEqual(["page_size"]);
  });

  // Who may read the subject's history (a human of org A), as GetUserByID decides.
  const cases: [CallerName, Code | "OK"][] = [
    ["IAM owner", "OK"],
    ["owner of the user's org", "OK"],
    ["owner of another org", Code.NotFound],
    ["no membership", Code.NotFound],
    ["self", "OK"],
  ];
  it.each(cases)("answers %s: %s", async (caller, outcome) => {
    // The "self" caller reads their own history; everyone else the subject's.
    const userId = caller === "self" ? callers.selfId : subject.userId;
    const answer = await driver().call("ListUserHistory", { userId }, callers.tokens[caller]);
    if (outcome === "OK") {
      expect(changesOf(ok(answer)).length).toBeGreaterThan(0);
    } else {
      expectError(answer, protocol, outcome);
    }
  });

  it("answers NotFound for an unknown user, Unauthenticated without a token", async () => {
    expectError(await driver().call("ListUserHistory", { userId: "no-such-user" }, admin()), protocol, Code.NotFound);
    expectError(await driver().call("ListUserHistory", { userId: subject.userId }), protocol, Code.Unauthenticated);
  });
});

it("shows a deleted user's history to its readers, and no field of an event type that has no allow-list", async () => {
  const { setup } = callers;
  const { userId } = await humanWithHistory(setup, callers.orgA);
  // A fact the allow-list does not know yet (as a later version might write), with a field that must not show.
  const [row] = await suite.server.app.database.query<{ next: number }>(`SELECT max("sequence") + 1 AS "next" FROM "events" WHERE "aggregate_id" = $1`, [userId]);
  await suite.server.app.database.query(
    `INSERT INTO "events" ("aggregate_type", "aggregate_id", "sequence", "event_type", "payload", "creator", "resource_owner")
     VALUES ('user', $1, $2, 'user.future.fact', '{"apiSecret": "s3cr3t-value", "note": "hello"}', $3, $4)`,
    [userId, Number(row!.next), callers.adminId, callers.orgA],
  );
  const newest = ok(await drivers[0]!.call("ListUserHistory", { userId, pageSize: 1 }, setup.adminToken));
  expect(changesOf(newest)[0]).toMatchObject({ eventType: "user.future.fact" });
  expect(changesOf(newest)[0]!.fields).toBeUndefined();
  expect(JSON.stringify(newest)).not.toContain("s3cr3t-value");

  // Deleting needs the projection's sequence to be the events' again.
  await suite.server.app.database.query(`UPDATE "users" SET "sequence" = $2 WHERE "id" = $1`, [userId, Number(row!.next)]);
  ok(await setup.users.call("DeleteUser", { userId }, setup.adminToken));
  await expect(setup.users.call("GetUserByID", { userId }, setup.adminToken)).resolves.toMatchObject({ ok: false, code: Code.NotFound });
  const afterDelete = ok(await drivers[2]!.call("ListUserHistory", { userId, pageSize: 1 }, callers.tokens["owner of the user's org"]));
  expect(changesOf(afterDelete)[0]).toMatchObject({ eventType: "user.removed" });
  expectError(await drivers[2]!.call("ListUserHistory", { userId }, callers.tokens["owner of another org"]), "connect", Code.NotFound);
});
