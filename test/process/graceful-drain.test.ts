// A rolling restart as the real process does it: SIGTERM while a slow call (a password hashed at a high bcrypt
// cost) is in flight. The call completes, /readyz answers 503 from the signal on while /healthz stays 200,
// new connections are refused once the server stops accepting, and the process exits 0.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { spawnMain, type MainProcess } from "../helpers/service-process.js";

let database: TestDatabase;
let dataDir: string; // the token file and master key, kept for the second start

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "usersvc-drain-"));
});
afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<{ main: MainProcess; url: string; token: string }> {
  const main = spawnMain({ DATABASE_URL: database.databaseUrl ?? "", DATA_DIR: database.databaseUrl ? dataDir : database.dataDir, ADMIN_PAT_FILE: path.join(dataDir, "admin.pat"), BCRYPT_COST: "15", RATE_LIMIT_PER_SECOND: "0", SHUTDOWN_GRACE_MS: "60000", ...env });
  const url = await main.listening;
  return { main, url, token: (await readFile(path.join(dataDir, "admin.pat"), "utf8")).trim() };
}

/** AddHumanUser with a password over REST: slow, because the password is hashed at bcrypt cost 15. */
function slowCall(url: string, token: string, username: string) {
  let settled = false;
  const response = fetch(new URL("/v2/users/human", url), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ username, profile: { givenName: "Slow", familyName: "Call" }, email: { email: `${username}@example.com`, isVerified: true }, password: { password: "Password1!" } }),
  }).finally(() => (settled = true));
  return { response, settled: () => settled };
}

const status = (url: string, probe: string) => fetch(new URL(probe, url)).then((r) => r.status, (error: Error) => `refused: ${error.message}`);

it("with SHUTDOWN_DELAY_MS: not ready at once, still accepting, finishes the call in flight, exits 0", async () => {
  const { main, url, token } = await start({ SHUTDOWN_DELAY_MS: "1500" });
  expect(await status(url, "/readyz")).toBe(200);
  const call = slowCall(url, token, "drain-delay");
  await new Promise((resolve) => setTimeout(resolve, 300));
  main.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await status(url, "/readyz")).toBe(503);
  expect(await status(url, "/healthz")).toBe(200);
  expect(call.settled(), "the call is still in flight during the drain").toBe(false);
  const answered = await call.response;
  expect(answered.status).toBe(200);
  expect(await answered.json()).toMatchObject({ userId: expect.any(String) });
  expect(await main.exited).toBe(0);
  expect(main.output()).toContain("shutting down: not ready, still accepting calls");
}, 180_000);

it("without a delay: stops accepting at once, finishes the call in flight, exits 0", async () => {
  const { main, url, token } = await start({});
  const call = slowCall(url, token, "drain-now");
  await new Promise((resolve) => setTimeout(resolve, 300));
  main.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await status(url, "/readyz")).toMatch(/^refused/);
  expect(call.settled(), "the call is still in flight during the drain").toBe(false);
  const answered = await call.response;
  expect(answered.status).toBe(200);
  expect(await main.exited).toBe(0);
  expect(main.output()).toContain('"msg":"stopped"');
}, 180_000);
