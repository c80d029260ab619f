// Database.query with a statement name keeps the statement prepared (PostgreSQL per pooled connection, PGlite in
// its one session: src/db/pglite-statements.ts). A named call must answer exactly as an unnamed one, fail with the
// same SQLSTATE, leave the session usable after a failure, and take part in a transaction like any statement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { postgresErrorOf } from "../../src/db/postgres-error.js";
import { databaseKind } from "../helpers/database.js";
import { openMigratedTestDatabase, type MigratedTestDatabase } from "../helpers/migrated-database.js";

describe(`named statements (${databaseKind})`, { timeout: 60_000 }, () => {
  let migrated: MigratedTestDatabase;
  let database: Database;

  beforeAll(async () => {
    migrated = await openMigratedTestDatabase();
    database = migrated.database;
  });

  afterAll(() => migrated?.close());

  const CLAIM = `INSERT INTO unique_constraints (unique_type, unique_field, aggregate_id) VALUES ($1, $2, $3) RETURNING aggregate_id`;
  const claimed = async (field: string) =>
    (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM unique_constraints WHERE unique_field = $1`, [field]))[0]!.n;

  it("answers with the same values and types as the unnamed statement, on every call", async () => {
    const text = `SELECT $1::int AS i, $2::text AS t, $3::jsonb AS j, $4::timestamptz AS d, $5::bigint AS b,
                         $6::text AS missing, $7::bytea AS bytes, $8::text[] AS list, now() AS at`;
    for (const round of [1, 2, 3]) {
      const params = [round, `text ${round}`, JSON.stringify({ round, nested: [1, null] }), new Date(Date.UTC(2026, 0, round)), 9007199254740993n, null, Buffer.from([0, round, 255]), ["a", `b${round}`]];
      const [unnamed] = await database.query<Record<string, unknown>>(text, params);
      const [named] = await database.query<Record<string, unknown>>(text, params, "named-statements-types");
      expect({ ...named, at: undefined }).toEqual({ ...unnamed, at: undefined });
      expect(named!.j).toEqual({ round, nested: [1, null] });
      expect(named!.d).toEqual(new Date(Date.UTC(2026, 0, round)));
      expect(named!.at).toBeInstanceOf(Date);
    }
  });

  it("a statement without result rows answers an empty list", async () => {
    expect(await database.query(`UPDATE unique_constraints SET aggregate_id = $1 WHERE unique_field = $2`, ["x", "nobody"], "named-statements-update")).toEqual([]);
  });

  it("fails with the database's SQLSTATE and leaves the session usable, the statement still prepared", async () => {
    expect(await database.query(CLAIM, ["username", "named-a", "user-1"], "named-statements-claim")).toEqual([{ aggregate_id: "user-1" }]);
    const failure = await database.query(CLAIM, ["username", "named-a", "user-2"], "named-statements-claim").catch((error: unknown) => error);
    expect(postgresErrorOf(failure)?.code).toBe("23505");
    expect(await database.query(CLAIM, ["username", "named-b", "user-2"], "named-statements-claim")).toEqual([{ aggregate_id: "user-2" }]);
    expect(await database.query<{ one: number }>(`SELECT 1 AS one`, [])).toEqual([{ one: 1 }]);
  });

  it("a named statement inside a transaction commits and rolls back with it", async () => {
    await database.transaction(async (query) => {
      await query(CLAIM, ["username", "named-committed", "user-3"], "named-statements-claim");
    });
    expect(await claimed("named-committed")).toBe(1);

    const failed = database.transaction(async (query) => {
      await query(CLAIM, ["username", "named-rolled-back", "user-4"], "named-statements-claim");
      await query(CLAIM, ["username", "named-committed", "user-4"], "named-statements-claim"); // taken: 23505
    });
    expect(postgresErrorOf(await failed.catch((error: unknown) => error))?.code).toBe("23505");
    expect(await claimed("named-rolled-back")).toBe(0);
    // The session left the failed transaction: the next statements run and commit on their own.
    expect(await database.query(CLAIM, ["username", "named-after", "user-5"], "named-statements-claim")).toEqual([{ aggregate_id: "user-5" }]);
    expect(await claimed("named-after")).toBe(1);
  });

  it("named calls running at once each get their own answer", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => database.query<{ v: number }>(`SELECT $1::int * 2 AS v`, [i], i % 2 ? "named-statements-double" : undefined)),
    );
    expect(answers.map(([row]) => row!.v)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });
});
