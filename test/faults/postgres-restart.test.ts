// PostgreSQL stops (fast shutdown) and starts again under sustained UpdateHumanUser load over gRPC and REST.
// While it is down every call must fail fast with Unavailable (REST 503), never Internal/500 and never hang;
// once it is back the same server answers OK again by itself; every change answered OK is in the event log
// with the sequence it was answered with; and the projections still match the events. Runs on a private
// PostgreSQL (test/helpers/private-postgres.ts), whatever DATABASE_URL says, so the shared server is never touched.
import { Code } from "@connectrpc/connect";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkConsistency, formatReport } from "../../src/tools/consistency/check-consistency.js";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { ok } from "../helpers/outcome-checks.js";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres.js";
import { allDrivers, type Driver } from "../helpers/protocols.js";
import { sleep, startUpdateLoad, waitFor } from "./update-load.js";

const OUTAGE_MS = 3_000;
/** "Fails fast": a call during the outage is answered within this. */
const FAIL_FAST_MS = 5_000;
/** "Recovers by itself": OK answers again within this after PostgreSQL accepts connections. */
const RECOVERY_MS = 20_000;

let postgres: PrivatePostgres;
let databaseUrl: string;
let server: TestServer;
let drivers: Driver[];

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  databaseUrl = await postgres.createDatabase("faults_restart");
  server = await startTestServer({ env: { DATABASE_URL: databaseUrl, RATE_LIMIT_PER_SECOND: "0" } });
  drivers = allDrivers(server.url);
}, 120_000);

afterAll(async () => {
  for (const d of drivers ?? []) d.close();
  await server?.stop();
  await server?.drop();
  await postgres?.cleanup();
});

// fast: PostgreSQL ends every session and shuts down cleanly (the brief's case); immediate: it dies as in a crash
// and replays its WAL on start.
it.each(["fast", "immediate"] as const)("%s stop: answers Unavailable fast while PostgreSQL is down, recovers by itself, loses nothing answered OK", async (mode) => {
  const grpc = drivers.find((d) => d.name === "grpc")!;
  const rest = drivers.find((d) => d.name === "rest")!;
  const userIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const added = ok(await rest.call("AddHumanUser", { username: `${mode}${i}`, profile: { givenName: "A", familyName: "B" }, email: { email: `${mode}${i}@example.com`, isVerified: true } }, server.adminToken));
    userIds.push(String(added.userId));
  }
  const load = startUpdateLoad(
    userIds.map((userId, i) => ({ driver: i % 2 === 0 ? grpc : rest, userId })),
    server.adminToken,
  );
  await sleep(1_500);
  const stopAt = Date.now();
  await postgres.stop(mode);
  const downAt = Date.now();
  await sleep(OUTAGE_MS);
  const startingAt = Date.now();
  await postgres.start();
  const upAt = Date.now();
  // Every caller must get an OK again, on both protocols, without any restart of the service.
  const recovered = await waitFor(() => userIds.every((id) => load.answers.some((a) => a.userId === id && a.startedAt >= upAt && a.code === "OK")), RECOVERY_MS);
  const recoveredAt = Date.now();
  await sleep(500);
  await load.stop();
  const { answers } = load;

  const failed = answers.filter((a) => a.code !== "OK");
  const duringOutage = answers.filter((a) => a.startedAt >= downAt && a.startedAt + a.ms <= startingAt);
  const firstOkAfter = Math.min(...answers.filter((a) => a.startedAt >= upAt && a.code === "OK").map((a) => a.startedAt + a.ms));
  console.log(
    `postgres ${mode} restart: ${answers.length} calls, ${answers.filter((a) => a.code === "OK").length} OK, ${failed.length} failed ` +
      `(codes ${JSON.stringify(countBy(failed, (a) => `${a.protocol}:${String(a.code)}${a.httpStatus ? `/${a.httpStatus}` : ""}:${/\(([\w-]+)\)$/.exec(a.message ?? "")?.[1] ?? "?"}`))}); ` +
      `stop took ${downAt - stopAt} ms, outage calls ${duringOutage.length} (max ${Math.max(0, ...duringOutage.map((a) => a.ms))} ms), ` +
      `slowest failure ${Math.max(0, ...failed.map((a) => a.ms))} ms, first OK ${firstOkAfter - upAt} ms after start`,
  );

  expect(recovered, "every caller answered OK again after PostgreSQL came back").toBe(true);
  expect(recoveredAt - upAt).toBeLessThan(RECOVERY_MS);
  expect(duringOutage.length, "calls were made while PostgreSQL was down").toBeGreaterThan(0);
  expect(duringOutage.every((a) => a.code === Code.Unavailable), JSON.stringify(duringOutage.filter((a) => a.code !== Code.Unavailable).slice(0, 3))).toBe(true);
  for (const a of failed) {
    expect(a.code, `${a.protocol} ${a.message}`).toBe(Code.Unavailable);
    expect(a.ms, `${a.protocol} failure took ${a.ms} ms`).toBeLessThan(FAIL_FAST_MS);
    if (a.protocol === "rest") expect(a.httpStatus).toBe(503);
  }

  // Every OK answer's change is stored, with the sequence it was answered with.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ aggregate_id: string; sequence: number; given: string }>(
      `SELECT "aggregate_id", "sequence", "payload"->>'givenName' AS "given" FROM "events"
       WHERE "aggregate_id" = ANY($1) AND "event_type" = 'user.human.profile.changed'`,
      [userIds],
    );
    const stored = new Set(rows.map((r) => `${r.aggregate_id}|${r.sequence}|${r.given}`));
    const okAnswers = answers.filter((a) => a.code === "OK");
    const missing = okAnswers.filter((a) => !stored.has(`${a.userId}|${a.sequence}|${a.givenName}`));
    expect(missing, "OK answers whose change is not stored").toEqual([]);
  } finally {
    await client.end();
  }
  const report = await checkConsistency(server.app.database);
  expect(report.mismatches, formatReport(report)).toEqual([]);
}, 90_000);

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
