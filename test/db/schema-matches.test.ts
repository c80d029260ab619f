// After migrate(), the database is exactly what prisma/schema.prisma describes: same tables, columns, types,
// nullability, defaults, primary keys and indexes, and nothing more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";
import { readCatalog, type DatabaseCatalog } from "./database-catalog.js";
import { expectedTables, type ExpectedTable } from "./expected-schema.js";

const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));

describe(`migrated database matches schema.prisma (${databaseKind})`, () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let expected: ExpectedTable[];
  let actual: DatabaseCatalog;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
    await migrate(database.prisma);
    expected = await expectedTables();
    actual = await readCatalog(database.prisma);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it("has one table per model and no others besides _prisma_migrations", () => {
    expect(expected.length).toBeGreaterThan(0);
    const tables = actual.tables.map((t) => t.name).filter((name) => name !== "_prisma_migrations");
    expect(tables.sort()).toEqual(expected.map((t) => t.name).sort());
  });

  it("has every column with its type, nullability and default, and no extra columns", () => {
    for (const table of expected) {
      const columns = actual.tables.find((t) => t.name === table.name)?.columns ?? [];
      expect(byName(columns), `columns of ${table.name}`).toEqual(byName(table.columns));
    }
  });

  it("has every primary key, unique index and index (columns, order, uniqueness, method, operator classes), and no others", () => {
    for (const table of expected) {
      const indexes = actual.tables.find((t) => t.name === table.name)?.indexes ?? [];
      expect(byName(indexes), `indexes of ${table.name}`).toEqual(byName(table.indexes));
    }
  });

  it("has no foreign-key, check or exclusion constraints the schema does not declare", () => {
    expect(actual.otherConstraints).toEqual([]);
  });
});
