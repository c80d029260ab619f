// What the event store may pass to $queryRawUnsafe and what it gets back, identical on both adapters.
// Pinned here because the driver adapters, not PostgreSQL, decide these JavaScript shapes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { databaseKind } from "../helpers/database.js";
import { openMigratedTestDatabase, type MigratedTestDatabase } from "../helpers/migrated-database.js";

describe(`raw SQL parameters and results (${databaseKind})`, { timeout: 60_000 }, () => {
  let migrated: MigratedTestDatabase;
  let database: Database;

  beforeAll(async () => {
    migrated = await openMigratedTestDatabase();
    database = migrated.database;
  });

  afterAll(() => migrated?.close());

  const one = async <T>(sql: string, ...params: unknown[]): Promise<T> => {
    const rows = await database.prisma.$queryRawUnsafe<T[]>(sql, ...params);
    return rows[0]!;
  };

  it("jsonb: pass JSON.stringify(value) with $n::jsonb; jsonb comes back parsed", async () => {
    const payload = { email: "a@example.com", nested: { list: [1, "two", null] }, big: "9007199254740993" };
    expect(await one(`SELECT $1::jsonb AS v`, JSON.stringify(payload))).toEqual({ v: payload });
    expect(await one(`SELECT jsonb_array_length($1::jsonb) AS n`, JSON.stringify([1, 2, 3]))).toEqual({ n: 3 });
  });

  it("bigint: pass a bigint (or number); BIGINT and count(*) come back as bigint, INTEGER as number", async () => {
    expect(await one(`SELECT $1::bigint + 1 AS v, count(*) AS c, 7::int AS i`, 9007199254740993n)).toEqual({
      v: 9007199254740994n,
      c: 1n,
      i: 7,
    });
    expect(await one(`SELECT $1::bigint AS v`, 42)).toEqual({ v: 42n });
  });

  it("bytea: pass a Buffer or Uint8Array; bytea comes back as Uint8Array", async () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255]);
    for (const value of [bytes, Buffer.from(bytes)]) {
      const row = await one<{ v: Uint8Array; n: number }>(`SELECT $1::bytea AS v, length($1::bytea) AS n`, value);
      expect(row.v).toBeInstanceOf(Uint8Array);
      expect([...row.v]).toEqual([...bytes]);
      expect(row.n).toBe(5);
    }
  });

  it("timestamptz: pass a Date or an ISO string; TIMESTAMPTZ comes back as a Date in milliseconds", async () => {
    const at = new Date("2026-03-04T05:06:07.891Z");
    expect(await one(`SELECT $1::timestamptz AS a, $2::timestamptz AS b`, at, at.toISOString())).toEqual({ a: at, b: at });
    const micro = await one<{ v: Date }>(`SELECT '2026-03-04 05:06:07.891234+02'::timestamptz AS v`);
    expect(micro.v.toISOString()).toBe("2026-03-04T03:06:07.891Z");
  });

  it("timestamptz: stays exact when the database's own default time zone is not UTC", async () => {
    // Both adapters assume UTC sessions (they drop the offset PostgreSQL prints); openDatabase enforces it.
    await database.prisma.$executeRawUnsafe(
      `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'Asia/Kolkata'); END $$`,
    );
    await database.close();
    migrated.database = database = await openDatabase({ databaseUrl: migrated.location.databaseUrl, dataDir: migrated.location.dataDir });
    const at = new Date("2026-03-04T05:06:07.891Z");
    expect(await one(`SELECT current_setting('TimeZone') AS tz, $1::timestamptz AS a, '2026-03-04 05:06:07.891+00'::timestamptz AS b`, at)).toEqual({
      tz: "UTC",
      a: at,
      b: at,
    });
  });

  it("text[]: pass a string array with $n::text[]; arrays come back as arrays", async () => {
    expect(await one(`SELECT $1::text[] AS v, cardinality($1::text[]) AS n`, ["IAM_OWNER", "ORG_OWNER"])).toEqual({
      v: ["IAM_OWNER", "ORG_OWNER"],
      n: 2,
    });
  });

  it("round-trips a row through INSERT … RETURNING with every column type of the schema", async () => {
    const row = await one<Record<string, unknown>>(
      `WITH ev AS (
         INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::timestamptz)
         RETURNING position, sequence, payload, created_at),
       md AS (INSERT INTO user_metadata (user_id, key, value) VALUES ($2, 'k', $9::bytea) RETURNING value)
       SELECT ev.*, md.value FROM ev, md`,
      "user",
      "user-1",
      1,
      "user.human.added",
      JSON.stringify({ username: "zitadel-admin" }),
      "system",
      "org-1",
      new Date("2026-01-01T00:00:00.000Z"),
      Buffer.from("value"),
    );
    expect(row).toEqual({
      position: expect.any(BigInt),
      sequence: 1,
      payload: { username: "zitadel-admin" },
      created_at: new Date("2026-01-01T00:00:00.000Z"),
      value: Uint8Array.from(Buffer.from("value")),
    });
  });
});
