// Three server processes started at the same moment on an empty PostgreSQL database, sharing one data dir
// (so one ADMIN_PAT_FILE and one generated master key), several times: every one of them starts, migrations
// and bootstrap happen once (one instance, one default organisation, one administrator), and the token in the
// file authenticates on all three. PGlite cannot be shared, so a PGlite run brings its own PostgreSQL.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, databaseKind } from "../helpers/database.js";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres.js";
import { spawnMain, type MainProcess } from "../helpers/service-process.js";

const TRIES = 5;
let privatePostgres: PrivatePostgres | undefined;

beforeAll(async () => {
  if (databaseKind === "pglite") privatePostgres = await startPrivatePostgres();
}, 120_000);
afterAll(async () => {
  await privatePostgres?.cleanup();
});

async function emptyDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (privatePostgres) return { url: await privatePostgres.createDatabase(name), drop: async () => {} };
  const database = await createTestDatabase();
  return { url: database.databaseUrl!, drop: database.drop };
}

async function countRows(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM "instance") AS instances, (SELECT count(*) FROM "orgs") AS orgs,
              (SELECT count(*) FROM "users") AS users, (SELECT count(*) FROM "personal_access_tokens") AS tokens,
              (SELECT count(*) FROM "_prisma_migrations") AS migrations,
              (SELECT count(DISTINCT "migration_name") FROM "_prisma_migrations") AS distinct_migrations`,
    );
    return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, Number(value)]));
  } finally {
    await client.end();
  }
}

it(`starts three servers at once on an empty database, ${TRIES} times`, async () => {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const database = await emptyDatabase(`concurrent_start_${attempt}`);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-three-"));
    const servers: MainProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        servers.push(spawnMain({ DATABASE_URL: database.url, DATA_DIR: dataDir, DATABASE_POOL_SIZE: "4", BCRYPT_COST: "4", RATE_LIMIT_PER_SECOND: "0" }));
      }
      const urls = await Promise.all(servers.map((server) => server.listening));
      const counts = await countRows(database.url);
      expect(counts).toMatchObject({ instances: 1, orgs: 1, users: 1, tokens: 1 });
      expect(counts.migrations).toBe(counts.distinct_migrations);
      expect(await readdir(dataDir)).toEqual(["admin.pat", "master.key"]); // no token or key left half-placed
      expect(servers.filter((server) => server.output().includes("administrator created"))).toHaveLength(1);

      const token = (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim();
      for (const url of urls) {
        const authenticated = await fetch(new URL("/v2/users/no-such-user", url), { headers: { authorization: `Bearer ${token}` } });
        expect(authenticated.status, `attempt ${attempt}: the token on ${url}`).toBe(404);
      }
    } finally {
      for (const server of servers) server.child.kill("SIGTERM");
      const codes = await Promise.all(servers.map((server) => server.exited));
      await rm(dataDir, { recursive: true, force: true });
      await database.drop();
      expect(codes, servers.map((server) => server.output()).join("\n")).toEqual([0, 0, 0]);
    }
  }
}, 600_000);
