// migrate(): applies prisma/migrations once, records them as Prisma Migrate does, refuses edited or failed
// history, rolls a failing migration back whole, and is safe when two processes start at once.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { defaultMigrationsDir, readMigrationFiles, sha256Hex } from "../../src/db/migration-files.js";
import { migrate, MigrationError } from "../../src/db/migrator.js";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";
import { readCatalog } from "./database-catalog.js";

const INIT = "20261122000000_init";
/** Every migration of prisma/migrations, in the order migrate() applies them. */
const ALL = (await readMigrationFiles(defaultMigrationsDir)).map((file) => file.name);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<{ testDatabase: TestDatabase; open: () => Promise<Database> }> {
  const testDatabase = await createTestDatabase();
  cleanups.push(() => testDatabase.drop());
  const open = async () => {
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
    cleanups.push(() => database.close());
    return database;
  };
  return { testDatabase, open };
}

/** A private copy of prisma/migrations that a test may edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, script: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), script);
}

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  finished_at: Date | null;
  started_at: Date;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

const rowsOf = (database: Database) =>
  database.prisma.$queryRawUnsafe<Row[]>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

describe(`migrate (${databaseKind})`, { timeout: 60_000 }, () => {
  it("applies every migration once; running again applies nothing", async () => {
    const database = await (await freshDatabase()).open();
    expect(await migrate(database.prisma)).toEqual({ applied: ALL });
    expect(await migrate(database.prisma)).toEqual({ applied: [] });
    expect((await rowsOf(database)).map((row) => row.migration_name)).toEqual(ALL);
  });

  it("records each migration in _prisma_migrations exactly as Prisma Migrate does", async () => {
    const database = await (await freshDatabase()).open();
    await migrate(database.prisma);
    const script = await readFile(path.join(defaultMigrationsDir, INIT, "migration.sql"), "utf8");
    const [row] = await rowsOf(database);
    expect(row).toMatchObject({
      checksum: sha256Hex(script),
      migration_name: INIT,
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row!.finished_at!.getTime()).toBeGreaterThanOrEqual(row!.started_at.getTime());

    const table = (await readCatalog(database.prisma)).tables.find((t) => t.name === "_prisma_migrations");
    const column = (name: string, type: string, notNull: boolean, defaultValue: string | null = null) => ({ name, type, notNull, default: defaultValue });
    expect(table?.columns).toEqual([
      column("id", "character varying(36)", true),
      column("checksum", "character varying(64)", true),
      column("finished_at", "timestamp with time zone", false),
      column("migration_name", "character varying(255)", true),
      column("logs", "text", false),
      column("rolled_back_at", "timestamp with time zone", false),
      column("started_at", "timestamp with time zone", true, "now()"),
      column("applied_steps_count", "integer", true, "0"),
    ]);
    expect(table?.indexes).toEqual([
      { name: "_prisma_migrations_pkey", columns: ["id"], descending: [false], unique: true, primary: true, algorithm: "btree", operatorClasses: [null] },
    ]);
  });

  it("applies new migrations in name order, each in its own transaction, including an empty one", async () => {
    const database = await (await freshDatabase()).open();
    const dir = await copyOfMigrations();
    await migrate(database.prisma, dir);
    await addMigration(dir, "20990102000000_second", 'ALTER TABLE "users" ADD COLUMN "second" TEXT;\n');
    await addMigration(dir, "20990101000000_first", 'CREATE TABLE "first" ("id" TEXT NOT NULL);\nCREATE INDEX "first_id_idx" ON "first"("id");\n');
    await addMigration(dir, "20990103000000_empty", "-- This is an empty migration.");
    expect(await migrate(database.prisma, dir)).toEqual({
      applied: ["20990101000000_first", "20990102000000_second", "20990103000000_empty"],
    });
    const columns = await database.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM information_schema.columns WHERE table_name IN ('first', 'users') AND column_name IN ('id', 'second')",
    );
    expect(columns[0]!.n).toBe(3n);
  });

  it("rolls a failing migration back whole, records nothing, and applies it once fixed", async () => {
    const database = await (await freshDatabase()).open();
    const dir = await copyOfMigrations();
    await addMigration(dir, "20990101000000_broken", 'CREATE TABLE "half" ("id" TEXT);\nSELECT * FROM "no_such_table";\n');
    const failure = await migrate(database.prisma, dir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/20990101000000_broken failed and was rolled back.*no_such_table/);
    expect((await rowsOf(database)).map((row) => row.migration_name)).toEqual(ALL);
    const half = await database.prisma.$queryRawUnsafe<{ t: string | null }[]>(`SELECT to_regclass('half')::text AS t`);
    expect(half[0]!.t).toBeNull();

    await writeFile(path.join(dir, "20990101000000_broken", "migration.sql"), 'CREATE TABLE "half" ("id" TEXT);\n');
    expect(await migrate(database.prisma, dir)).toEqual({ applied: ["20990101000000_broken"] });
  });

  it("refuses to start when an applied migration was edited, but accepts a CRLF checkout of it", async () => {
    const database = await (await freshDatabase()).open();
    const dir = await copyOfMigrations();
    await migrate(database.prisma, dir);
    const file = path.join(dir, INIT, "migration.sql");
    const original = await readFile(file, "utf8");

    await writeFile(file, original.replaceAll("\n", "\r\n"));
    expect(await migrate(database.prisma, dir)).toEqual({ applied: [] });

    await addMigration(dir, "20990101000000_later", 'CREATE TABLE "later" ("id" TEXT);\n');
    await writeFile(file, `${original}-- edited afterwards\n`);
    await expect(migrate(database.prisma, dir)).rejects.toThrow(`migration ${INIT} was changed after it was applied`);
    expect((await rowsOf(database)).map((row) => row.migration_name)).toEqual(ALL);
  });

  it("refuses to start while a migration is recorded as failed, and proceeds once it is marked rolled back", async () => {
    const database = await (await freshDatabase()).open();
    const dir = await copyOfMigrations();
    await migrate(database.prisma, dir);
    await addMigration(dir, "20990101000000_next", 'CREATE TABLE "next" ("id" TEXT);\n');
    // What `prisma migrate deploy` leaves behind when a script fails half-way.
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('failed-1', 'x', '20990101000000_next', 'boom')`,
    );
    await expect(migrate(database.prisma, dir)).rejects.toThrow("migration 20990101000000_next is recorded as failed");

    await database.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = 'failed-1'`);
    expect(await migrate(database.prisma, dir)).toEqual({ applied: ["20990101000000_next"] });
  });

  it("finds prisma/migrations from the project, whatever the working directory", async () => {
    const database = await (await freshDatabase()).open();
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      expect(await migrate(database.prisma)).toEqual({ applied: ALL });
    } finally {
      process.chdir(cwd);
    }
  });

  it("keeps data across close and reopen of the same database", async () => {
    const { open } = await freshDatabase();
    const first = await open();
    await migrate(first.prisma);
    await first.prisma.instance.create({ data: { id: "instance-1", defaultOrgId: "org-1", adminUserId: "user-1" } });
    await first.close();

    const second = await open();
    expect(await migrate(second.prisma)).toEqual({ applied: [] });
    expect(await second.prisma.instance.findMany({ select: { id: true } })).toEqual([{ id: "instance-1" }]);
  });

  it("applies each migration once when two clients migrate at the same time", async () => {
    const { open } = await freshDatabase();
    const first = await open();
    // PostgreSQL: two clients with their own pools, as two processes would have. PGlite allows one process
    // per data folder, so there the race is between two runs on the same client.
    const second = databaseKind === "postgres" ? await open() : first;
    const results = await Promise.all([migrate(first.prisma), migrate(second.prisma)]);
    // Each migration takes the lock on its own, so the two clients may share the work between them.
    expect(results.flatMap((result) => result.applied).sort()).toEqual(ALL);
    expect((await rowsOf(first)).map((row) => row.migration_name)).toEqual(ALL);
  });
});
