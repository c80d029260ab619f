// postgresErrorOf and isConnectionError read what Prisma 7 really throws, on the adapter the environment
// selects, for the statements the event store runs: $queryRawUnsafe (CTEs with RETURNING) and $executeRawUnsafe.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { createTestDatabase, databaseKind } from "../helpers/database.js";
import { openMigratedTestDatabase, type MigratedTestDatabase } from "../helpers/migrated-database.js";

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe(`postgresErrorOf (${databaseKind})`, { timeout: 60_000 }, () => {
  let migrated: MigratedTestDatabase;
  let database: Database;

  beforeAll(async () => {
    migrated = await openMigratedTestDatabase();
    database = migrated.database;
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO unique_constraints (unique_type, unique_field, aggregate_id) VALUES ('username', 'taken', 'user-1')`,
    );
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
       VALUES ('user', 'user-1', 1, 'user.human.added', '{}', 'system', 'org-1')`,
    );
    await database.prisma.$executeRawUnsafe(
      `CREATE TABLE probe (id TEXT PRIMARY KEY, n INTEGER CONSTRAINT probe_n_positive CHECK (n > 0))`,
    );
  });

  afterAll(() => migrated?.close());

  it("gives code and constraint of a unique violation inside a CTE run with $queryRawUnsafe and jsonb parameters", async () => {
    const error = await failureOf(() =>
      database.prisma.$queryRawUnsafe(
        `WITH claim AS (
           INSERT INTO unique_constraints (unique_type, unique_field, aggregate_id)
           SELECT u->>'type', u->>'field', $2::text FROM jsonb_array_elements($1::jsonb) AS u
           RETURNING unique_field)
         SELECT unique_field FROM claim`,
        JSON.stringify([
          { type: "org_name", field: "acme" },
          { type: "username", field: "taken" },
        ]),
        "user-2",
      ),
    );
    expect(postgresErrorOf(error)).toMatchObject({ code: "23505", constraint: "unique_constraints_pkey" });
    expect(isConnectionError(error)).toBe(false);
  });

  it("gives code and constraint of a unique violation from $executeRawUnsafe", async () => {
    const error = await failureOf(() =>
      database.prisma.$executeRawUnsafe(
        `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner)
         VALUES ($1, $2, $3, 'user.human.changed', $4::jsonb, 'system', 'org-1')`,
        "user",
        "user-1",
        1,
        JSON.stringify({ a: 1 }),
      ),
    );
    const info = postgresErrorOf(error);
    expect(info).toMatchObject({ code: "23505", constraint: "events_aggregate_sequence_key" });
    expect(info?.message).toContain("duplicate key value violates unique constraint");
  });

  it("gives code, constraint and detail of a check violation from $executeRawUnsafe and $queryRawUnsafe", async () => {
    const viaExecute = postgresErrorOf(await failureOf(() => database.prisma.$executeRawUnsafe(`INSERT INTO probe VALUES ($1, $2)`, "a", -1)));
    expect(viaExecute).toMatchObject({ code: "23514", constraint: "probe_n_positive", detail: "Failing row contains (a, -1)." });
    const viaQuery = postgresErrorOf(
      await failureOf(() => database.prisma.$queryRawUnsafe(`WITH w AS (INSERT INTO probe VALUES ($1, $2) RETURNING id) SELECT id FROM w`, "b", 0)),
    );
    expect(viaQuery).toMatchObject({ code: "23514", constraint: "probe_n_positive" });
  });

  it("gives the code of not-null, invalid-input and syntax errors", async () => {
    const notNull = await failureOf(() =>
      database.prisma.$executeRawUnsafe(`INSERT INTO instance (id, default_org_id, admin_user_id) VALUES ($1, NULL, 'u')`, "i"),
    );
    expect(postgresErrorOf(notNull)?.code).toBe("23502");
    const badJson = await failureOf(() => database.prisma.$queryRawUnsafe(`SELECT $1::jsonb AS v`, "{not json"));
    expect(postgresErrorOf(badJson)?.code).toBe("22P02");
    const syntax = await failureOf(() => database.prisma.$queryRawUnsafe(`SELEC 1`));
    expect(postgresErrorOf(syntax)).toMatchObject({ code: "42601" });
    expect(isConnectionError(syntax)).toBe(false);
  });

  it("reads model-call failures too (P2002)", async () => {
    const error = await failureOf(() =>
      database.prisma.uniqueConstraint.create({ data: { uniqueType: "username", uniqueField: "taken", aggregateId: "user-3" } }),
    );
    expect(error).toMatchObject({ code: "P2002" });
    expect(postgresErrorOf(error)).toMatchObject({ code: "23505", constraint: "unique_constraints_pkey" });
  });

  it("knows nothing about errors that did not come from the database", () => {
    expect(postgresErrorOf(new Error("boom"))).toBeUndefined();
    expect(postgresErrorOf(undefined)).toBeUndefined();
    expect(isConnectionError(new Error("boom"))).toBe(false);
  });
});

describe("isConnectionError", { timeout: 60_000 }, () => {
  it("is true when PostgreSQL is not listening", async () => {
    const port = await closedPort();
    const database = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`, dataDir: ":memory:" });
    try {
      const runs = [
        () => database.prisma.$queryRawUnsafe("SELECT 1"),
        () => database.prisma.$executeRawUnsafe("SELECT 1"),
        () => database.prisma.$transaction((tx) => tx.$queryRawUnsafe("SELECT 1")),
      ];
      for (const run of runs) {
        const error = await failureOf(run);
        expect(isConnectionError(error)).toBe(true);
        expect(postgresErrorOf(error)).toBeUndefined();
      }
    } finally {
      await database.close();
    }
  });

  it("is true when the server hangs up before answering", async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const database = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`, dataDir: ":memory:" });
    try {
      expect(isConnectionError(await failureOf(() => database.prisma.$queryRawUnsafe("SELECT 1")))).toBe(true);
    } finally {
      await database.close();
      server.close();
    }
  });

  it(`is true when the ${databaseKind} session is gone`, async () => {
    const testDatabase = await createTestDatabase();
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
    try {
      // PostgreSQL: the server terminates the backend (57P01). PGlite: the embedded database was closed.
      const run =
        database.kind === "postgres"
          ? () => database.prisma.$queryRawUnsafe("SELECT pg_terminate_backend(pg_backend_pid())::text AS t")
          : async () => {
              await database.close();
              return database.prisma.$queryRawUnsafe("SELECT 1");
            };
      const error = await failureOf(run);
      expect(isConnectionError(error)).toBe(true);
      if (database.kind === "postgres") expect(postgresErrorOf(error)?.code).toBe("57P01");
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
