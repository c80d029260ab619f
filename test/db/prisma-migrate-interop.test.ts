// migrate() and Prisma Migrate (its own schema engine, as `prisma migrate deploy` runs it) agree on the same
// _prisma_migrations history, in both directions, on the database the environment selects.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { defaultMigrationsDir } from "../../src/db/migration-files.js";
import { migrate } from "../../src/db/migrator.js";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";
import { schemaPath } from "./expected-schema.js";
import { migrationList, pgliteAdapter, pgliteExtensions, withSchemaEngine } from "./prisma-schema-engine.js";

const filters = { externalTables: [], externalEnums: [] };
const dropAfterwards: TestDatabase[] = [];

afterEach(async () => {
  for (const database of dropAfterwards.splice(0)) await database.drop();
});

async function freshTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  dropAfterwards.push(database);
  return database;
}

/** Prisma's engine on the same database openDatabase would use (PGlite: the same data folder, reopened). */
async function withPrismaMigrate<T>(database: TestDatabase, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const schema = readFileSync(schemaPath, "utf8");
  if (database.databaseUrl) return withSchemaEngine(schema, run, new PrismaPg({ connectionString: database.databaseUrl }));
  const pglite = await PGlite.create(path.join(database.dataDir, "pglite"), { extensions: pgliteExtensions });
  try {
    return await withSchemaEngine(schema, run, pgliteAdapter(pglite));
  } finally {
    await pglite.close();
  }
}

describe(`migrate() and Prisma Migrate share one history (${databaseKind})`, { timeout: 120_000 }, () => {
  it("Prisma Migrate finds nothing to deploy, edited or failed after migrate()", async () => {
    const testDatabase = await freshTestDatabase();
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
    await migrate(database.prisma);
    await database.close();

    const migrationsList = await migrationList(defaultMigrationsDir);
    const { diagnosis, deployed } = await withPrismaMigrate(testDatabase, async (engine) => ({
      diagnosis: await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters }),
      deployed: await engine.applyMigrations({ migrationsList, filters }),
    }));
    expect(diagnosis).toMatchObject({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    expect(deployed.appliedMigrationNames).toEqual([]);
  });

  it("migrate() finds nothing to apply after Prisma Migrate deployed", async () => {
    const testDatabase = await freshTestDatabase();
    const migrationsList = await migrationList(defaultMigrationsDir);
    const deployed = await withPrismaMigrate(testDatabase, (engine) => engine.applyMigrations({ migrationsList, filters }));
    expect(deployed.appliedMigrationNames).toEqual(migrationsList.migrationDirectories.map((migration) => migration.path));

    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
    try {
      expect(await migrate(database.prisma)).toEqual({ applied: [] });
    } finally {
      await database.close();
    }
  });
});
