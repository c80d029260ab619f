// The real process as `npm start` runs it: starts on the configured database, writes the admin token, serves,
// and exits cleanly on SIGTERM. Bad configuration stops it at once with one message per problem.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/database.js";
import { spawnMain } from "../helpers/service-process.js";

let dataDir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-main-"));
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  return spawnMain({ DATABASE_URL: database.databaseUrl ?? "", DATA_DIR: dataDir, ...env });
}

it("serves after start and exits 0 on SIGTERM", async () => {
  const main = startMain({});
  const url = await main.listening;
  expect((await fetch(new URL("/healthz", url))).status).toBe(200);
  const token = (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim();
  expect((await stat(path.join(dataDir, "admin.pat"))).mode & 0o777).toBe(0o600);
  const users = await fetch(new URL("/v2/users/1", url), { headers: { authorization: `Bearer ${token}` } });
  expect(users.status).toBe(404);
  main.child.kill("SIGTERM");
  expect(await main.exited).toBe(0);
  expect(main.output()).toContain('"msg":"stopped"');
  expect(main.output()).not.toContain(token);
}, 180_000);

it("refuses to start with invalid configuration, naming each problem", async () => {
  const main = startMain({ PORT: "http", PASSWORD_HASHER: "md5" });
  expect(await main.exited).toBe(2);
  expect(main.output()).toMatch(/PORT must be a whole number/);
  expect(main.output()).toMatch(/PASSWORD_HASHER must be bcrypt or argon2id/);
});
