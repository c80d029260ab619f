// The event store against a real database: one statement writes events, projections and claims together,
// or nothing at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { DomainError } from "../../src/domain/errors.js";
import { Eventstore, SequenceConflict } from "../../src/eventstore/eventstore.js";
import type { PushRequest } from "../../src/eventstore/types.js";
import pg from "pg";
import { buildPushStatement } from "../../src/eventstore/push-statement.js";
import { createTestDatabase, databaseKind } from "../helpers/database.js";

let db: Database;
let store: Eventstore;
let dropDatabase: () => Promise<void>;
let databaseUrl: string | undefined;

beforeAll(async () => {
  const target = await createTestDatabase();
  dropDatabase = target.drop;
  databaseUrl = target.databaseUrl;
  db = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrate(db.prisma);
  store = new Eventstore({ db, postgresErrorOf, isConnectionError, cachedRoots: 1000 });
});

afterAll(async () => {
  await db?.close();
  await dropDatabase?.();
});

const orgPush = (id: string, name: string, expectedSequence: number, events = 1): PushRequest => ({
  aggregateType: "org",
  aggregateId: id,
  resourceOwner: id,
  creator: "tester",
  expectedSequence,
  events: Array.from({ length: events }, (_, i) => ({ type: "org.test", payload: { i } })),
  root: { table: "orgs", row: { id, name, primaryDomain: `${id}.example`, state: 1 } },
});

const eventsOf = (id: string) =>
  db.prisma.event.findMany({ where: { aggregateId: id }, orderBy: { sequence: "asc" } });

describe("push", () => {
  it("numbers events from the expected sequence and stamps them with one transaction time", async () => {
    const details = await store.push(orgPush("o1", "One", 0, 3));
    expect(details.sequence).toBe(3);
    const events = await eventsOf("o1");
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(new Set(events.map((e) => e.createdAt.getTime())).size).toBe(1);
    expect(events[0]!.createdAt.getTime()).toBe(details.changeDate.getTime());
    expect(details.creationDate.getTime()).toBe(details.changeDate.getTime());
    const row = await db.prisma.org.findUniqueOrThrow({ where: { id: "o1" } });
    expect(row).toMatchObject({ name: "One", sequence: 3 });
  });

  it("keeps the creation date and moves the change date on later pushes", async () => {
    const first = await store.push(orgPush("o2", "Two", 0));
    const second = await store.push(orgPush("o2", "Two b", 1));
    expect(second.sequence).toBe(2);
    expect(second.creationDate.getTime()).toBe(first.creationDate.getTime());
    expect(second.changeDate.getTime()).toBeGreaterThanOrEqual(first.changeDate.getTime());
  });

  it("writes nothing when the aggregate moved on since the write model was read", async () => {
    await store.push(orgPush("o3", "Three", 0));
    await expect(store.push(orgPush("o3", "Stale", 0 + 5))).rejects.toBeInstanceOf(SequenceConflict);
    expect((await eventsOf("o3")).length).toBe(1);
    expect((await db.prisma.org.findUniqueOrThrow({ where: { id: "o3" } })).name).toBe("Three");
  });

  it("refuses to create an aggregate that exists as a stale decision, for the command to decide again", async () => {
    await store.push(orgPush("o4", "Four", 0));
    await expect(store.push(orgPush("o4", "Four again", 0))).rejects.toBeInstanceOf(SequenceConflict);
    expect((await db.prisma.org.findUniqueOrThrow({ where: { id: "o4" } })).name).toBe("Four");
  });

  it("refuses a taken unique value case-insensitively and writes nothing of that push", async () => {
    await store.push({ ...orgPush("o5", "Five", 0), claim: [{ type: "org_name", value: "Acme" }] });
    const error = await store.push({ ...orgPush("o6", "Six", 0), claim: [{ type: "org_name", value: "ACME" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("already_exists");
    expect(await eventsOf("o6")).toEqual([]);
    expect(await db.prisma.org.findUnique({ where: { id: "o6" } })).toBeNull();
  });

  it("releases a claim in the same push that claims another", async () => {
    await store.push({ ...orgPush("o7", "Seven", 0), claim: [{ type: "org_name", value: "Old name" }] });
    await store.push({ ...orgPush("o7", "Seven", 1), claim: [{ type: "org_name", value: "New name" }], release: [{ type: "org_name", value: "Old name" }] });
    await store.push({ ...orgPush("o8", "Eight", 0), claim: [{ type: "org_name", value: "old NAME" }] });
    const claims = await db.prisma.uniqueConstraint.findMany({ where: { uniqueType: "org_name", uniqueField: { in: ["old name", "new name"] } } });
    expect(claims.map((c) => [c.uniqueField, c.aggregateId]).sort()).toEqual([
      ["new name", "o7"],
      ["old name", "o8"],
    ]);
  });

  it("writes side projections with the events: insert, upsert and delete", async () => {
    const base = orgPush("o9", "Nine", 0);
    await store.push({
      ...base,
      side: [{ table: "user_metadata", op: "upsert", rows: [{ userId: "u9", key: "k", value: new Uint8Array([0, 1, 255]) }] }],
    });
    await store.push({
      ...orgPush("o9", "Nine", 1),
      side: [{ table: "user_metadata", op: "upsert", rows: [{ userId: "u9", key: "k", value: new Uint8Array([7]) }] }],
    });
    const stored = await db.prisma.userMetadata.findUniqueOrThrow({ where: { userId_key: { userId: "u9", key: "k" } } });
    expect([...stored.value]).toEqual([7]);
    await store.push({ ...orgPush("o9", "Nine", 2), side: [{ table: "user_metadata", op: "delete", rows: [{ userId: "u9" }] }] });
    expect(await db.prisma.userMetadata.count({ where: { userId: "u9" } })).toBe(0);
  });

  it("writes only the changed fields of a stored root row, under the same sequence guard", async () => {
    await store.push(orgPush("o10", "Ten", 0));
    await db.query(`UPDATE "orgs" SET "primary_domain" = 'kept.example' WHERE "id" = 'o10'`, []);
    const update = (expectedSequence: number, name: string): PushRequest => ({
      ...orgPush("o10", name, expectedSequence),
      root: { table: "orgs", row: { id: "o10", name, primaryDomain: "overwritten.example", state: 1 }, changed: ["name"] },
    });
    const details = await store.push(update(1, "Ten renamed"));
    expect(details.sequence).toBe(2);
    expect(await db.prisma.org.findUniqueOrThrow({ where: { id: "o10" } })).toMatchObject({ name: "Ten renamed", primaryDomain: "kept.example", sequence: 2 });
    expect(details.changeDate.getTime()).toBe((await eventsOf("o10"))[1]!.createdAt.getTime());
    await expect(store.push(update(1, "Stale"))).rejects.toBeInstanceOf(SequenceConflict);
    await expect(store.push({ ...update(0, "Missing"), aggregateId: "o10-none", root: { table: "orgs", row: { id: "o10-none" }, changed: [] } })).rejects.toBeInstanceOf(SequenceConflict);
    expect((await store.push({ ...update(2, "Ten renamed"), root: { table: "orgs", row: { id: "o10" }, changed: [] } })).sequence).toBe(3);
    expect(await db.prisma.org.findUniqueOrThrow({ where: { id: "o10" } })).toMatchObject({ name: "Ten renamed", sequence: 3 });
  });

  it("guards aggregates without a root row by their event sequence", async () => {
    const push = (expectedSequence: number): PushRequest => ({
      aggregateType: "instance",
      aggregateId: "i1",
      resourceOwner: "i1",
      creator: "tester",
      expectedSequence,
      events: [{ type: "instance.test", payload: {} }],
    });
    expect((await store.push(push(0))).sequence).toBe(1);
    await expect(store.push(push(0))).rejects.toBeInstanceOf(SequenceConflict);
    await expect(store.push(push(5))).rejects.toBeInstanceOf(SequenceConflict);
    expect((await store.push(push(1))).sequence).toBe(2);
  });
});

// Two servers creating the same aggregate at once: the loser's statement waits on the winner's uncommitted rows
// and then fails on whichever unique key it met first (the events key or a side row's key). Both are the same
// lost race, so the loser decides again. Needs a second connection: PostgreSQL only.
describe.runIf(databaseKind === "postgres")("a creation racing another server's", () => {
  const creation = (id: string): PushRequest => ({
    aggregateType: "instance",
    aggregateId: id,
    resourceOwner: id,
    creator: "tester",
    expectedSequence: 0,
    events: [{ type: "instance.added", payload: {} }],
    side: [{ table: "instance", op: "insert", rows: [{ id, defaultOrgId: `${id}-org`, adminUserId: `${id}-admin` }] }],
  });

  it("is a sequence conflict whichever key the losing statement meets first", async () => {
    const winner = new pg.Client({ connectionString: databaseUrl });
    await winner.connect();
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        const id = `race-${attempt}`;
        const statement = buildPushStatement(creation(id));
        await winner.query("BEGIN");
        await winner.query(statement.sql, statement.params);
        const loser = store.push(creation(id)).then(
          () => "stored",
          (error: unknown) => error,
        );
        await waitForBlockedStatement(winner);
        await winner.query("COMMIT");
        expect(await loser).toBeInstanceOf(SequenceConflict);
        expect(await db.prisma.instance.count({ where: { id } })).toBe(1);
        expect(await eventsOf(id)).toHaveLength(1);
      }
    } finally {
      await winner.end();
    }
  });
});

async function waitForBlockedStatement(client: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the racing push never waited on the winner's rows");
}

describe("pushAll", () => {
  const userPush = (id: string, org: string, expectedSequence: number, username: string): PushRequest => ({
    aggregateType: "user",
    aggregateId: id,
    resourceOwner: org,
    creator: "tester",
    expectedSequence,
    events: [{ type: "user.test", payload: { username } }],
    root: { table: "users", row: { id, resourceOwner: org, type: 1, state: 1, username } },
    claim: [{ type: "username", value: username }],
    side: [{ table: "memberships", op: "upsert", rows: [{ userId: id, orgId: org, roles: ["ORG_OWNER"] }] }],
  });
  const landed = async (ids: string[]) => ({
    events: await db.prisma.event.count({ where: { aggregateId: { in: ids } } }),
    orgs: await db.prisma.org.count({ where: { id: { in: ids } } }),
    users: await db.prisma.user.count({ where: { id: { in: ids } } }),
    claims: await db.prisma.uniqueConstraint.count({ where: { aggregateId: { in: ids } } }),
    memberships: await db.prisma.membership.count({ where: { userId: { in: ids } } }),
  });

  it("writes several aggregates together, each with its own sequence, at one time", async () => {
    await store.push(orgPush("m1", "Multi", 0));
    const details = await store.pushAll([orgPush("m1", "Multi b", 1, 2), userPush("mu1", "m1", 0, "multi-one"), userPush("mu2", "m1", 0, "multi-two")]);
    expect(details.map((d) => d.sequence)).toEqual([3, 1, 1]);
    expect(details.map((d) => d.resourceOwner)).toEqual(["m1", "m1", "m1"]);
    expect(new Set(details.map((d) => d.changeDate.getTime())).size).toBe(1);
    const events = await db.prisma.event.findMany({ where: { aggregateId: { in: ["m1", "mu1", "mu2"] } }, orderBy: { position: "asc" } });
    expect(events.map((e) => `${e.aggregateId}:${e.sequence}`)).toEqual(["m1:1", "m1:2", "m1:3", "mu1:1", "mu2:1"]);
    expect(new Set(events.slice(1).map((e) => e.createdAt.getTime()))).toEqual(new Set([details[0]!.changeDate.getTime()]));
    expect(await landed(["mu1", "mu2"])).toEqual({ events: 2, orgs: 0, users: 2, claims: 2, memberships: 2 });
    // The cache holds what each push wrote, so the next command on any of them decides without reading.
    expect(await store.execute("mu2", async () => store.cachedRoot("users", "mu2"))).toMatchObject({ username: "multi-two", sequence: 1 });
  });

  it("writes nothing of any aggregate when a later one moved on", async () => {
    await store.push(orgPush("m2", "Moved", 0, 2));
    const pushes = [orgPush("m3", "Fresh", 0), userPush("mu3", "m3", 0, "multi-three"), orgPush("m2", "Stale", 1)];
    await expect(store.pushAll(pushes)).rejects.toBeInstanceOf(SequenceConflict);
    expect(await landed(["m3", "mu3"])).toEqual({ events: 0, orgs: 0, users: 0, claims: 0, memberships: 0 });
    expect((await db.prisma.org.findUniqueOrThrow({ where: { id: "m2" } })).name).toBe("Moved");
    expect(store.cachedRoot("orgs", "m3")).toBeUndefined();
  });

  it("answers a taken claim of any aggregate with AlreadyExists, naming it, and writes nothing", async () => {
    await store.push(userPush("mu4", "m0", 0, "taken-in-multi"));
    const pushes = [orgPush("m5", "Five of many", 0), userPush("mu5", "m5", 0, "free-in-multi"), userPush("mu6", "m5", 0, "TAKEN-in-multi")];
    const error = await store.pushAll(pushes).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "already_exists", id: "COMMAND-TakenUn1" });
    expect(await landed(["m5", "mu5", "mu6"])).toEqual({ events: 0, orgs: 0, users: 0, claims: 0, memberships: 0 });
  });

  it("makes the command decide again when an aggregate of the set it would create exists, and writes nothing", async () => {
    await store.push(orgPush("m7", "Seven of many", 0));
    await expect(store.pushAll([userPush("mu7", "m7", 0, "seven-in-multi"), orgPush("m7", "Again", 0)])).rejects.toBeInstanceOf(SequenceConflict);
    expect(await landed(["mu7"])).toEqual({ events: 0, orgs: 0, users: 0, claims: 0, memberships: 0 });
  });
});

describe("execute", () => {
  it("lands 50 concurrent changes of one aggregate with distinct, gap-free sequences", async () => {
    await store.push(orgPush("hot", "Hot", 0));
    const change = (i: number) =>
      store.execute("hot", async () => {
        const row = await db.prisma.org.findUniqueOrThrow({ where: { id: "hot" } });
        return store.push({ ...orgPush("hot", `Hot ${i}`, row.sequence) });
      });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => change(i)));
    expect(results.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect((await eventsOf("hot")).map((e) => e.sequence)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it("decides again when another writer moved the aggregate on", async () => {
    await store.push(orgPush("race", "Race", 0));
    let attempts = 0;
    const details = await store.execute("race", async () => {
      attempts++;
      const row = await db.prisma.org.findUniqueOrThrow({ where: { id: "race" } });
      // A writer outside this process's lock slips in before the first attempt pushes.
      if (attempts === 1) await store.push(orgPush("race", "Other writer", row.sequence));
      return store.push(orgPush("race", "Mine", row.sequence));
    });
    expect(attempts).toBe(2);
    expect(details.sequence).toBe(3);
  });

  it("answers Aborted with its own id when every attempt loses, and writes nothing", async () => {
    const few = new Eventstore({ db, postgresErrorOf, isConnectionError, maxAttempts: 3 });
    await few.push(orgPush("busy", "Busy", 0));
    let attempts = 0;
    const error = await few
      .execute("busy", async () => {
        attempts++;
        const row = await db.prisma.org.findUniqueOrThrow({ where: { id: "busy" } });
        await few.push(orgPush("busy", `Other writer ${attempts}`, row.sequence)); // always first
        return few.push(orgPush("busy", "Mine", row.sequence));
      })
      .catch((e: unknown) => e);
    expect(attempts).toBe(3);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: "aborted", id: "EVENT-Retries1" });
    expect((await db.prisma.org.findUniqueOrThrow({ where: { id: "busy" } })).name).toBe("Other writer 3");
  });
});

describe("root cache", () => {
  type OrgRow = { id: string; name: string; sequence: number };
  const cached = () => new Eventstore({ db, postgresErrorOf, isConnectionError, cachedRoots: 10 });
  const storedOrg = async (id: string): Promise<OrgRow> => {
    const row = await db.prisma.org.findUniqueOrThrow({ where: { id } });
    return { id: row.id, name: row.name, sequence: Number(row.sequence) };
  };

  it("hands out the row it wrote to a deciding command only, and a stale copy never decides anything", async () => {
    const store = cached();
    const other = new Eventstore({ db, postgresErrorOf, isConnectionError }); // another server on the same database
    await store.push(orgPush("c1", "Cached", 0));
    expect(store.cachedRoot("orgs", "c1")).toBeUndefined(); // a read outside a command answers from the database
    const copy = await store.execute("c1", async () => store.cachedRoot<OrgRow>("orgs", "c1")!);
    expect(copy).toMatchObject({ id: "c1", name: "Cached", sequence: 1 });
    expect(await store.isCurrent("orgs", copy)).toBe(true);

    await other.push(orgPush("c1", "Changed elsewhere", 1));
    expect(await store.isCurrent("orgs", copy)).toBe(false);
    expect(await store.execute("c1", async () => store.cachedRoot("orgs", "c1"))).toBeUndefined();
    await expect(store.push(orgPush("c1", "From stale", copy.sequence))).rejects.toBeInstanceOf(SequenceConflict);
    expect((await db.prisma.org.findUniqueOrThrow({ where: { id: "c1" } })).name).toBe("Changed elsewhere");
  });

  it("decides a refusal made on a cached row again on the stored row before answering it", async () => {
    const store = cached();
    await store.push(orgPush("c3", "Locked", 0));
    await new Eventstore({ db, postgresErrorOf, isConnectionError }).push(orgPush("c3", "Unlocked elsewhere", 1));
    const seen: string[] = [];
    const decide = () =>
      store.execute("c3", async () => {
        const row = store.cachedRoot<OrgRow>("orgs", "c3") ?? (await storedOrg("c3"));
        seen.push(row.name);
        if (row.name === "Locked") throw new DomainError("failed_precondition", "TEST-Locked1", "locked");
        return row.sequence;
      });
    expect(await decide()).toBe(2);
    expect(seen).toEqual(["Locked", "Unlocked elsewhere"]);

    // A refusal decided on the stored row is the answer at once.
    await store.push(orgPush("c3", "Locked", 2));
    await new Eventstore({ db, postgresErrorOf, isConnectionError }).push(orgPush("c3", "Locked", 3));
    seen.length = 0;
    await expect(decide()).rejects.toMatchObject({ id: "TEST-Locked1" });
    expect(seen).toEqual(["Locked", "Locked"]);
  });

  it("hands a command only the row of the aggregate it pushes to, whose sequence guards the push", async () => {
    const store = cached();
    await store.push(orgPush("c4", "Checked by another command", 0));
    await store.push(orgPush("c5", "Being changed", 0));
    const seen = await store.execute("c5", async () => ({
      own: store.cachedRoot<OrgRow>("orgs", "c5")?.name,
      other: store.cachedRoot<OrgRow>("orgs", "c4"),
    }));
    expect(seen).toEqual({ own: "Being changed", other: undefined });
  });

  it("keeps nothing unless asked to", async () => {
    const uncached = new Eventstore({ db, postgresErrorOf, isConnectionError });
    await uncached.push(orgPush("c2", "Plain", 0));
    expect(await uncached.execute("c2", async () => uncached.cachedRoot("orgs", "c2"))).toBeUndefined();
  });
});
