// The service process is SIGKILLed in the middle of UpdateHumanUser load and started again on the same data
// (PGlite's folder, or a fresh PostgreSQL database when DATABASE_URL is set). Every change answered OK before
// the kill must be stored with the sequence it was answered with, nothing may be half-written (the projections
// still match the events: check-consistency exits 0), and the restarted service serves.
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver } from "../helpers/protocols.js";
import { runCheckConsistency, startServiceProcess, type ServiceProcess } from "../helpers/service-process.js";
import { sleep, startUpdateLoad, waitFor } from "./update-load.js";

let database: TestDatabase;
let env: Record<string, string>;
let service: ServiceProcess | undefined;
let drivers: Driver[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? "" };
}, 60_000);

afterAll(async () => {
  for (const d of drivers) d.close();
  await service?.kill("SIGKILL");
  await database?.drop();
});

it("loses no change answered OK and half-writes nothing when killed under load", async () => {
  service = await startServiceProcess(env);
  drivers = allDrivers(service.url);
  const [grpc, , connect, rest] = drivers;
  const token = service.adminToken;
  const userIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const added = ok(await rest!.call("AddHumanUser", { username: `kill${i}`, profile: { givenName: "A", familyName: "B" }, email: { email: `kill${i}@example.com`, isVerified: true }, metadata: [{ key: "k", value: "dg==" }] }, token));
    userIds.push(String(added.userId));
  }
  // Two callers per user on different protocols, so the kill also meets queued and racing updates of one user.
  const load = startUpdateLoad(
    userIds.flatMap((userId) => [
      { driver: grpc!, userId },
      { driver: rest!, userId },
    ]),
    token,
  );
  // A side writer too: organisations (claims, memberships) and metadata upserts are in flight at the kill.
  let sideRunning = true;
  const [orgs] = allDrivers(service.url, OrganizationService);
  const side = (async () => {
    for (let i = 0; sideRunning; i++) {
      await orgs!.call("AddOrganization", { name: `Killed Org ${i}`, admins: [{ userId: userIds[i % 4]! }] }, token).catch(() => {});
      await connect!.call("SetUserMetadata", { userId: userIds[i % 4]!, metadata: [{ key: "k", value: Buffer.from(`v${i}`).toString("base64") }] }, token).catch(() => {});
    }
  })();
  expect(await waitFor(() => load.answers.filter((a) => a.code === "OK").length >= 100, 30_000)).toBe(true);
  await sleep(300);
  await service.kill("SIGKILL");
  sideRunning = false;
  await load.stop();
  await side;
  orgs!.close();
  for (const d of drivers) d.close();
  const okAnswers = load.answers.filter((a) => a.code === "OK");
  console.log(`sigkill: ${load.answers.length} calls, ${okAnswers.length} answered OK before the kill`);

  // Started again on the same data, it serves.
  service = await startServiceProcess(env);
  drivers = allDrivers(service.url);
  for (const userId of userIds) {
    ok(await drivers[3]!.call("GetUserByID", { userId }, service.adminToken));
    ok(await drivers[0]!.call("UpdateHumanUser", { userId, profile: { givenName: "After", familyName: "Restart" } }, service.adminToken));
  }
  await service.kill("SIGTERM");

  // Every OK answer's change is stored with its sequence and value.
  const db = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    const rows = await db.query<{ aggregate_id: string; sequence: number; given: string }>(
      `SELECT "aggregate_id", "sequence", "payload"->>'givenName' AS "given" FROM "events"
       WHERE "aggregate_id" = ANY($1) AND "event_type" = 'user.human.profile.changed'`,
      [userIds],
    );
    const stored = new Set(rows.map((r) => `${r.aggregate_id}|${Number(r.sequence)}|${r.given}`));
    const missing = okAnswers.filter((a) => !stored.has(`${a.userId}|${a.sequence}|${a.givenName}`));
    expect(missing, "OK answers whose change is not stored").toEqual([]);
  } finally {
    await db.close();
  }
  const check = await runCheckConsistency(env);
  expect(check.code, check.output).toBe(0);
  expect(check.output).toContain(": 0 mismatches");
}, 120_000);
