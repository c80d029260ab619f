// A copy of prisma/migrations as it stood before one migration, so a test can build the old schema, put data
// in it the way the service then wrote it, and watch the migration carry that data over.
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultMigrationsDir, readMigrationFiles } from "../../src/db/migration-files.js";

export interface HistoryBefore {
  dir: string;
  remove(): Promise<void>;
}

export async function migrationsBefore(migration: string): Promise<HistoryBefore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-before-"));
  for (const file of await readMigrationFiles(defaultMigrationsDir)) {
    if (file.name < migration) await cp(path.join(defaultMigrationsDir, file.name), path.join(dir, file.name), { recursive: true });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
