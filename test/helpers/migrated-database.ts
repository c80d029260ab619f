// A fresh test database (database.ts) opened and migrated, for test files that work on the schema directly.
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface MigratedTestDatabase {
  /** A test that reopens the database puts the new connection here, so that `close` closes it. */
  database: Database;
  /** Where it lives: PostgreSQL's URL, or PGlite's folder. */
  location: TestDatabase;
  /** Closes the connections and drops the database. */
  close(): Promise<void>;
}

export async function openMigratedTestDatabase(): Promise<MigratedTestDatabase> {
  const location = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir });
  await migrate(database.prisma);
  const migrated: MigratedTestDatabase = {
    database,
    location,
    async close() {
      await migrated.database.close();
      await location.drop();
    },
  };
  return migrated;
}
