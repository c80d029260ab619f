// `npm run migrate` (src/db/migrate-cli.ts) as an operator runs it: a child process configured by environment.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKind, type TestDatabase } from "../helpers/database.js";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

async function migrateCli(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ["src/db/migrate-cli.ts"], { cwd: projectRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe(`npm run migrate (${databaseKind})`, { timeout: 120_000 }, () => {
  let testDatabase: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    env = { ...process.env, DATA_DIR: testDatabase.dataDir, DATABASE_URL: testDatabase.databaseUrl ?? "" };
  });

  afterAll(async () => {
    await testDatabase?.drop();
  });

  it("applies pending migrations, then reports the database up to date", async () => {
    const first = await migrateCli(env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/applied 20261122000000_init\n/);
    const second = await migrateCli(env);
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toMatch(/database is up to date\n/);
  });

  it("exits 1 with the configuration problem when the configuration is invalid", async () => {
    const result = await migrateCli({ ...env, DATABASE_URL: "mysql://somewhere/db" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must start with postgresql://");
  });
});
