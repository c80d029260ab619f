// 20261202000000_user_metadata_dates backfills the new creation_date / change_date of existing metadata from
// the events: created by the first set after the key's last removal, changed by the latest set.
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { defaultMigrationsDir, readMigrationFiles } from "../../src/db/migration-files.js";
import { migrate } from "../../src/db/migrator.js";
import { createTestDatabase } from "../helpers/database.js";
import { migrationsBefore } from "./migration-history-before.js";

const MIGRATION = "20261202000000_user_metadata_dates";
const testDatabase = await createTestDatabase();
const before = await migrationsBefore(MIGRATION);
afterAll(async () => {
  await testDatabase.drop();
  await before.remove();
});

it("dates existing entries by their events", async () => {
  const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: testDatabase.dataDir });
  try {
    await migrate(database.prisma, before.dir);
    const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const events: [number, string, string, Date][] = [
      [1, "user.metadata.set", "kept", t(1)],
      [2, "user.metadata.set", "kept", t(2)],
      [3, "user.metadata.set", "readded", t(3)],
      [4, "user.metadata.removed", "readded", t(4)],
      [5, "user.metadata.set", "readded", t(5)],
      [6, "user.metadata.set", "readded", t(6)],
    ];
    for (const [sequence, type, key, at] of events) {
      await database.prisma.$executeRawUnsafe(
        `INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, payload, creator, resource_owner, created_at)
         VALUES ('user', 'u1', $1, $2, $3::jsonb, 'admin', 'org', $4)`,
        sequence,
        type,
        JSON.stringify({ key }),
        at,
      );
    }
    for (const key of ["kept", "readded"]) {
      await database.prisma.$executeRawUnsafe(`INSERT INTO user_metadata (user_id, key, value) VALUES ('u1', $1, '\\x01')`, key);
    }

    // This migration, then any that came after it.
    const later = (await readMigrationFiles(defaultMigrationsDir)).map((file) => file.name).filter((name) => name >= MIGRATION);
    expect((await migrate(database.prisma)).applied).toEqual(later);
    expect(later[0]).toBe(MIGRATION);

    const rows = await database.prisma.userMetadata.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((r) => [r.key, r.creationDate.toISOString(), r.changeDate.toISOString()])).toEqual([
      ["kept", t(1).toISOString(), t(2).toISOString()],
      ["readded", t(5).toISOString(), t(6).toISOString()],
    ]);
  } finally {
    await database.close();
  }
});
