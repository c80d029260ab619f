// SetUserMetadata, DeleteUserMetadata and ListUserMetadata against a real database: which events each writes
// (one per key that really changes, the value base64 in the payload), what the user_metadata projection holds
// afterwards, the refusals with their ids, and the list's filters and paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeUserMetadata } from "../../src/command/user/metadata-remove.js";
import { setUserMetadata, type SetMetadataInput } from "../../src/command/user/metadata-set.js";
import type { Principal } from "../../src/domain/principal.js";
import { removeUser } from "../../src/command/user/user-remove.js";
import { listUserMetadata, type ListMetadataInput } from "../../src/query/user-metadata.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";
import { addHuman, addMachine, errorOf, member, metadataDeps, self } from "./lifecycle-helpers.js";

let f: CommandFixture;
beforeAll(async () => (f = await createCommandFixture()));
afterAll(async () => f?.close());

const bytes = (text: string) => new TextEncoder().encode(text);
const set = (userId: string, entries: Record<string, string>, caller: Principal = f.admin) =>
  setUserMetadata(metadataDeps(f), caller, { userId, entries: Object.entries(entries).map(([key, value]) => ({ key, value: bytes(value) })) });
const remove = (userId: string, keys: string[], caller: Principal = f.admin) => removeUserMetadata(metadataDeps(f), caller, { userId, keys });
const stored = async (userId: string) =>
  Object.fromEntries((await f.db.prisma.userMetadata.findMany({ where: { userId }, orderBy: { key: "asc" } })).map((m) => [m.key, Buffer.from(m.value).toString()]));
const metadataEvents = async (userId: string) =>
  (await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: { startsWith: "user.metadata." } }, orderBy: { sequence: "asc" } })).map(
    (e) => [e.eventType, e.payload],
  );

describe("set", () => {
  it("writes one user.metadata.set per entry, value base64, and upserts the rows", async () => {
    const userId = await addHuman(f);
    const before = (await f.deps.loadUser(userId))!.sequence;
    const details = await set(userId, { tz: "Europe/Zurich", team: "blue" });
    expect(await metadataEvents(userId)).toEqual([
      ["user.metadata.set", { key: "tz", value: Buffer.from("Europe/Zurich").toString("base64") }],
      ["user.metadata.set", { key: "team", value: Buffer.from("blue").toString("base64") }],
    ]);
    expect(await stored(userId)).toEqual({ team: "blue", tz: "Europe/Zurich" });
    const row = (await f.deps.loadUser(userId))!;
    expect(details).toEqual({ sequence: before + 2, changeDate: row.changeDate, creationDate: row.creationDate, resourceOwner: f.orgId });
  });

  it("writes events only for values that change; all unchanged pushes nothing and answers the current details", async () => {
    const userId = await addHuman(f);
    await set(userId, { a: "1", b: "2" });
    const afterFirst = (await f.deps.loadUser(userId))!;
    await set(userId, { a: "1", b: "3", c: "4" });
    expect((await metadataEvents(userId)).slice(2)).toEqual([
      ["user.metadata.set", { key: "b", value: Buffer.from("3").toString("base64") }],
      ["user.metadata.set", { key: "c", value: Buffer.from("4").toString("base64") }],
    ]);
    expect(await stored(userId)).toEqual({ a: "1", b: "3", c: "4" });
    const current = (await f.deps.loadUser(userId))!;
    expect(current.sequence).toBe(afterFirst.sequence + 2);
    const unchanged = await set(userId, { a: "1", c: "4" });
    expect(unchanged.sequence).toBe(current.sequence);
    expect(unchanged.changeDate).toEqual(current.changeDate);
    expect((await f.deps.loadUser(userId))!.sequence).toBe(current.sequence);
  });

  it("keeps the last value of a key named twice", async () => {
    const userId = await addHuman(f);
    await setUserMetadata(metadataDeps(f), f.admin, { userId, entries: [{ key: "k", value: bytes("first") }, { key: "k", value: bytes("last") }] });
    expect(await stored(userId)).toEqual({ k: "last" });
    expect(await metadataEvents(userId)).toEqual([["user.metadata.set", { key: "k", value: Buffer.from("last").toString("base64") }]]);
  });

  it("stores any bytes, including a 500 000-byte value", async () => {
    const userId = await addHuman(f);
    const big = new Uint8Array(500_000).map((_, i) => i % 256);
    await setUserMetadata(metadataDeps(f), f.admin, { userId, entries: [{ key: "blob", value: big }] });
    const [row] = await f.db.prisma.userMetadata.findMany({ where: { userId } });
    expect(Buffer.from(row!.value).equals(big)).toBe(true);
  });

  it("refuses an empty request, an empty key or value, and unknown or deleted users", async () => {
    const userId = await addHuman(f);
    const none = await errorOf(setUserMetadata(metadataDeps(f), f.admin, { userId, entries: [] }));
    expect([none.kind, none.id]).toEqual(["failed_precondition", "COMMAND-MdNone1"]);
    const input: SetMetadataInput = { userId, entries: [{ key: "", value: bytes("x") }, { key: "k", value: new Uint8Array() }] };
    const invalid = await errorOf(setUserMetadata(metadataDeps(f), f.admin, input));
    expect([invalid.kind, invalid.id]).toEqual(["invalid_argument", "COMMAND-MdInv1"]);
    expect(invalid.violations.map((v) => v.field)).toEqual(["metadata[0].key", "metadata[1].value"]);
    expect((await errorOf(set("no-such-user", { k: "v" }))).id).toBe("COMMAND-UsrNf1");
    await removeUser(f.deps, f.admin, userId);
    expect((await errorOf(set(userId, { k: "v" }))).kind).toBe("not_found");
  });

  it("needs user.write in the user's organisation, also for the user itself", async () => {
    const userId = await addHuman(f);
    // Without any membership reaching the user's organisation ZITADEL answers NotFound, else PermissionDenied.
    for (const [caller, kind] of [
      [self(userId), "not_found"],
      [member("org2", ["ORG_OWNER"]), "not_found"],
      [{ ...self(userId), orgRoles: new Map([[f.orgId, ["ORG_SETTINGS_MANAGER"]]]) }, "permission_denied"],
    ] as const) {
      const error = await errorOf(set(userId, { k: "v" }, caller));
      expect([error.kind, error.id]).toEqual([kind, "COMMAND-PermUs2"]);
    }
    expect(await stored(userId)).toEqual({});
    await set(userId, { k: "v" }, member(f.orgId, ["ORG_USER_MANAGER"]));
    expect(await stored(userId)).toEqual({ k: "v" });
  });

  it("works for machine users", async () => {
    const userId = await addMachine(f);
    await set(userId, { k: "v" });
    expect(await stored(userId)).toEqual({ k: "v" });
  });
});

describe("delete", () => {
  it("writes one user.metadata.removed per key and deletes only those rows", async () => {
    const userId = await addHuman(f);
    await set(userId, { a: "1", b: "2", c: "3" });
    const before = (await f.deps.loadUser(userId))!.sequence;
    const details = await remove(userId, ["a", "c", "a"]);
    expect((await metadataEvents(userId)).slice(3)).toEqual([
      ["user.metadata.removed", { key: "a" }],
      ["user.metadata.removed", { key: "c" }],
    ]);
    expect(details.sequence).toBe(before + 2);
    expect(await stored(userId)).toEqual({ b: "2" });
  });

  it("refuses a key the user does not have with NotFound and removes nothing", async () => {
    const userId = await addHuman(f);
    await set(userId, { a: "1" });
    const events = await f.eventTypes(userId);
    const error = await errorOf(remove(userId, ["a", "missing"]));
    expect([error.kind, error.id]).toEqual(["not_found", "COMMAND-MdNf1"]);
    expect(await stored(userId)).toEqual({ a: "1" });
    expect(await f.eventTypes(userId)).toEqual(events);
    await remove(userId, ["a"]);
    expect((await errorOf(remove(userId, ["a"]))).id).toBe("COMMAND-MdNf1");
  });

  it("refuses no keys, an empty key, strangers and unknown users", async () => {
    const userId = await addHuman(f);
    await set(userId, { a: "1" });
    expect((await errorOf(remove(userId, []))).id).toBe("COMMAND-MdNone2");
    const empty = await errorOf(remove(userId, ["a", ""]));
    expect([empty.kind, empty.id, empty.violations.map((v) => v.field)]).toEqual(["invalid_argument", "COMMAND-MdInv2", ["keys[1]"]]);
    expect((await errorOf(remove(userId, ["a"], self(userId)))).id).toBe("COMMAND-PermUs2");
    expect((await errorOf(remove("no-such-user", ["a"]))).id).toBe("COMMAND-UsrNf1");
    expect(await stored(userId)).toEqual({ a: "1" });
  });
});

describe("list", () => {
  let userId: string;
  const list = (input: Partial<ListMetadataInput> = {}, caller: Principal = f.admin) =>
    listUserMetadata(f.db.prisma, f.deps.loadUser, caller, { userId, filters: [], offset: 0n, limit: 0, asc: true, ...input });
  const keysOf = async (input: Partial<ListMetadataInput> = {}) => (await list(input)).items.map((item) => item.key);

  beforeAll(async () => {
    userId = await addHuman(f);
    await set(userId, { "app.role": "admin", "app.team": "blue", "App.Zone": "eu", "tz": "Europe/Zurich", "50%_off": "yes" });
    const otherId = await addHuman(f);
    await set(otherId, { "app.role": "other user" });
  });

  it("answers the user's entries with their values, by key in byte order, descending unless asc", async () => {
    const result = await list();
    expect(result.items.map((i) => [i.key, Buffer.from(i.value).toString()])).toEqual([
      ["50%_off", "yes"],
      ["App.Zone", "eu"],
      ["app.role", "admin"],
      ["app.team", "blue"],
      ["tz", "Europe/Zurich"],
    ]);
    expect(result.total).toBe(5n);
    expect(result.appliedLimit).toBe(100);
    expect(await keysOf({ asc: false })).toEqual(["tz", "app.team", "app.role", "App.Zone", "50%_off"]);
  });

  it("filters by key with ZITADEL's text methods, all filters together", async () => {
    expect(await keysOf({ filters: [{ method: "equals", key: "app.role" }] })).toEqual(["app.role"]);
    expect(await keysOf({ filters: [{ method: "equals", key: "APP.ROLE" }] })).toEqual([]);
    expect(await keysOf({ filters: [{ method: "equalsIgnoreCase", key: "APP.ROLE" }] })).toEqual(["app.role"]);
    expect(await keysOf({ filters: [{ method: "startsWith", key: "app." }] })).toEqual(["app.role", "app.team"]);
    expect(await keysOf({ filters: [{ method: "startsWithIgnoreCase", key: "app." }] })).toEqual(["App.Zone", "app.role", "app.team"]);
    expect(await keysOf({ filters: [{ method: "contains", key: "%" }] })).toEqual(["50%_off"]);
    expect(await keysOf({ filters: [{ method: "endsWith", key: "e" }] })).toEqual(["App.Zone", "app.role"]);
    expect(await keysOf({ filters: [{ method: "endsWithIgnoreCase", key: "ZONE" }] })).toEqual(["App.Zone"]);
    const both = [{ method: "startsWithIgnoreCase", key: "app" }, { method: "containsIgnoreCase", key: "T" }] as const;
    expect(await keysOf({ filters: both })).toEqual(["app.team"]);
  });

  it("pages with offset and limit, counting every match", async () => {
    const page = await list({ offset: 1n, limit: 2 });
    expect(page.items.map((i) => i.key)).toEqual(["App.Zone", "app.role"]);
    expect([page.total, page.appliedLimit]).toEqual([5n, 2]);
    const past = await list({ offset: 10n, limit: 2 });
    expect([past.items, past.total]).toEqual([[], 5n]);
    const filtered = await list({ filters: [{ method: "startsWith", key: "app." }], limit: 1 });
    expect([filtered.items.map((i) => i.key), filtered.total]).toEqual([["app.role"], 2n]);
  });

  it("refuses a limit above the maximum", async () => {
    expect((await list({ limit: 1000 })).appliedLimit).toBe(1000);
    const error = await errorOf(list({ limit: 1001 }));
    expect([error.kind, error.id, error.violations.map((v) => v.field)]).toEqual(["invalid_argument", "QUERY-MdLim1", ["pagination.limit"]]);
  });

  it("lets the user read its own, others only with user.read, and knows no deleted users", async () => {
    expect((await list({}, self(userId))).total).toBe(5n);
    expect((await list({}, member(f.orgId, ["ORG_USER_MANAGER"]))).total).toBe(5n);
    const stranger = await errorOf(list({}, self("someone-else")));
    expect([stranger.kind, stranger.id]).toEqual(["not_found", "QUERY-PermRd1"]);
    const settingsManager = await errorOf(list({}, member(f.orgId, ["ORG_SETTINGS_MANAGER"])));
    expect([settingsManager.kind, settingsManager.id]).toEqual(["permission_denied", "QUERY-PermRd1"]);
    expect((await errorOf(list({ userId: "no-such-user" }))).kind).toBe("not_found");
    const goneId = await addHuman(f);
    await set(goneId, { k: "v" });
    await removeUser(f.deps, f.admin, goneId);
    expect((await errorOf(list({ userId: goneId }))).id).toBe("QUERY-UsrNf1");
  });
});
