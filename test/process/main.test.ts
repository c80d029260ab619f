// The real process as `npm start` runs it: starts on the configured database, writes the admin token, serves,
// and exits cleanly on SIGTERM. Bad configuration stops it at once with one message per problem.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/database.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
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
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.databaseUrl ?? "", DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearInterval(timer);
        resolve(JSON.parse(line).url as string);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  listening.catch(() => {}); // callers that expect an exit do not wait for "listening"
  return { child, listening, exited, output: () => output };
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
