// A fresh, empty database for one test file: a uniquely named PostgreSQL database on the server that
// DATABASE_URL points at, or (without DATABASE_URL) a temporary folder for embedded PGlite.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDatabase {
  /** Set when running against PostgreSQL; pass it to openDatabase. */
  databaseUrl?: string;
  /** A fresh temporary folder (PGlite keeps its files in `<dataDir>/pglite`). */
  dataDir: string;
  drop(): Promise<void>;
}

const serverUrl = process.env.DATABASE_URL || undefined;

export const databaseKind: "pglite" | "postgres" = serverUrl ? "postgres" : "pglite";

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "user-service-test-"));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  if (!serverUrl) return { dataDir, drop: removeDataDir };

  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    databaseUrl: databaseUrl.toString(),
    dataDir,
    async drop() {
      // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
      await withAdminClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await removeDataDir();
    },
  };
}

/** CREATE/DROP DATABASE must run while connected to another database: the server's `postgres` one. */
async function withAdminClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
