// `npm run check-consistency` on a database written by the real service: consistent → exit 0; one projection
// column changed behind the events' back → exit 1 naming exactly that row and column.
// Our own descriptor of the organisation service: ZITADEL's published one lacks most of its RPCs.
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { checkConsistency } from "../../src/tools/consistency/check-consistency.js";
import { createTestDatabase, type TestDatabase } from "../helpers/database.js";
import { ok } from "../helpers/outcome-checks.js";
import { allDrivers } from "../helpers/protocols.js";
import { runCheckConsistency, startServiceProcess } from "../helpers/service-process.js";

let database: TestDatabase;
let env: Record<string, string>;
let keptUserId: string;
let keptOrgId: string;
const b64 = (s: string) => Buffer.from(s).toString("base64");

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? "" };
  const service = await startServiceProcess(env);
  const [grpc, , connect, rest] = allDrivers(service.url);
  const [orgs] = allDrivers(service.url, OrganizationService);
  const token = service.adminToken;
  try {
    const human = (username: string) => ({
      username,
      profile: { givenName: "Ada", familyName: "Lovelace" },
      email: { email: `${username}@example.com`, isVerified: true },
      phone: { phone: "+41791234567", returnCode: {} },
      password: { password: "Secr3t!pass", changeRequired: true },
      metadata: [{ key: "team", value: b64("blue") }],
    });
    keptUserId = String(ok(await rest!.call("AddHumanUser", human("kept"), token)).userId);
    const goneId = String(ok(await grpc!.call("AddHumanUser", human("gone"), token)).userId);
    ok(await connect!.call("UpdateHumanUser", { userId: keptUserId, profile: { givenName: "Ada", familyName: "King" } }, token));
    ok(await rest!.call("SetUserMetadata", { userId: keptUserId, metadata: [{ key: "tz", value: b64("Europe/Zurich") }, { key: "team", value: b64("red") }] }, token));
    ok(await rest!.call("DeleteUserMetadata", { userId: keptUserId, keys: ["tz"] }, token));
    ok(await grpc!.call("LockUser", { userId: keptUserId }, token));
    ok(await grpc!.call("SetUserMetadata", { userId: goneId, metadata: [{ key: "x", value: b64("y") }] }, token));
    keptOrgId = String(ok(await orgs!.call("AddOrganization", { name: "Consistency Org", admins: [{ userId: keptUserId }, { userId: goneId }] }, token)).organizationId);
    const machineId = String(ok(await rest!.call("CreateUser", { organizationId: keptOrgId, machine: { name: "importer" } }, token)).id);
    ok(await rest!.call("UpdateUser", { userId: machineId, machine: { description: "runs the nightly import" } }, token));
    ok(await rest!.call("UpdateUser", { userId: keptUserId, human: { profile: { nickName: "Countess" } } }, token));
    ok(await rest!.call("DeleteUser", { userId: goneId }, token));
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The deleted id used again: a new user with its own creation date on the same aggregate.
    ok(await grpc!.call("AddHumanUser", { ...human("back"), userId: goneId }, token));
    // An organisation through its whole life: renamed (its generated domain moves), domains, metadata, state.
    ok(await orgs!.call("UpdateOrganization", { organizationId: keptOrgId, name: "Consistency Org Renamed" }, token));
    ok(await orgs!.call("AddOrganizationDomain", { organizationId: keptOrgId, domain: "kept.example.com" }, token));
    ok(await orgs!.call("AddOrganizationDomain", { organizationId: keptOrgId, domain: "dropped.example.com" }, token));
    ok(await orgs!.call("DeleteOrganizationDomain", { organizationId: keptOrgId, domain: "dropped.example.com" }, token));
    ok(await orgs!.call("SetOrganizationMetadata", { organizationId: keptOrgId, metadata: [{ key: "a", value: b64("1") }, { key: "b", value: b64("2") }] }, token));
    ok(await orgs!.call("SetOrganizationMetadata", { organizationId: keptOrgId, metadata: [{ key: "a", value: b64("3") }] }, token));
    ok(await orgs!.call("DeleteOrganizationMetadata", { organizationId: keptOrgId, keys: ["b"] }, token));
    ok(await orgs!.call("DeactivateOrganization", { organizationId: keptOrgId }, token));
    ok(await orgs!.call("ActivateOrganization", { organizationId: keptOrgId }, token));
    // And one deleted with its users, after it lent one of them to the kept organisation as a member.
    const doomed = ok(await orgs!.call("AddOrganization", { name: "Doomed Org", admins: [{ human: human("doomed") }] }, token));
    const doomedAdmin = String((doomed.createdAdmins as { userId: string }[])[0]!.userId);
    ok(await orgs!.call("AddOrganization", { name: "Lender Org", admins: [{ userId: doomedAdmin }] }, token));
    ok(await orgs!.call("SetOrganizationMetadata", { organizationId: String(doomed.organizationId), metadata: [{ key: "x", value: b64("y") }] }, token));
    ok(await orgs!.call("DeleteOrganization", { organizationId: String(doomed.organizationId) }, token));
  } finally {
    for (const d of [grpc, connect, rest, orgs]) d?.close();
    await service.kill("SIGTERM");
  }
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

async function sql(text: string, params: unknown[]): Promise<void> {
  const db = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    await db.query(text, params);
  } finally {
    await db.close();
  }
}

it("passes on the database the service wrote", async () => {
  const result = await runCheckConsistency(env);
  expect(result.output).toMatch(/checked \d+ aggregates \(\d+ events\): 0 mismatches/);
  expect(result.code).toBe(0);
}, 60_000);

it("reads the event log in batches smaller than it, with the same result as in one", async () => {
  const db = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    const whole = await checkConsistency(db, { batchSize: 100_000 });
    expect(whole.batches).toBe(1);
    expect(whole.events).toBeGreaterThan(20);
    // 7 splits aggregates across batches: an aggregate's events arrive in two reads and must still be one group.
    const batched = await checkConsistency(db, { batchSize: 7 });
    expect(batched.batches).toBeGreaterThanOrEqual(Math.ceil(whole.events / 7));
    expect(batched).toEqual({ ...whole, batches: batched.batches });
    expect(batched.mismatches).toEqual([]);

    // A corrupted column is found the same way in small batches.
    await db.query(`UPDATE "users" SET "family_name" = 'Tampered' WHERE "id" = $1`, [keptUserId]);
    const corrupted = await checkConsistency(db, { batchSize: 7 });
    expect(corrupted.mismatches).toEqual([{ aggregate: `user ${keptUserId}`, column: "family_name", expected: "King", stored: "Tampered" }]);
    await db.query(`UPDATE "users" SET "family_name" = 'King' WHERE "id" = $1`, [keptUserId]);
  } finally {
    await db.close();
  }
}, 60_000);

it("names the one corrupted column and exits 1", async () => {
  await sql(`UPDATE "users" SET "family_name" = 'Tampered' WHERE "id" = $1`, [keptUserId]);
  const result = await runCheckConsistency(env);
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain(": 1 mismatches");
  expect(result.output).toContain(`user ${keptUserId} family_name: expected King, stored Tampered`);
  await sql(`UPDATE "users" SET "family_name" = 'King' WHERE "id" = $1`, [keptUserId]);
}, 60_000);

it("names an organisation's metadata value and domain changed behind the events' back", async () => {
  await sql(`UPDATE "org_metadata" SET "value" = '\\x00' WHERE "org_id" = $1 AND "key" = 'a'`, [keptOrgId]);
  await sql(`UPDATE "org_domains" SET "is_primary" = true WHERE "org_id" = $1 AND "domain" = 'kept.example.com'`, [keptOrgId]);
  const result = await runCheckConsistency(env);
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain(": 2 mismatches");
  expect(result.output).toContain(`org_metadata ${keptOrgId}|a value: expected 33, stored 00`);
  expect(result.output).toContain(`org_domain ${keptOrgId}|kept.example.com is_primary: expected false, stored true`);
  await sql(`UPDATE "org_metadata" SET "value" = '\\x33' WHERE "org_id" = $1 AND "key" = 'a'`, [keptOrgId]);
  await sql(`UPDATE "org_domains" SET "is_primary" = false WHERE "org_id" = $1 AND "domain" = 'kept.example.com'`, [keptOrgId]);
  expect((await runCheckConsistency(env)).code).toBe(0);
}, 120_000);

it("finds a projection sequence that is not the last event's, and a gap in the events", async () => {
  await sql(`UPDATE "users" SET "sequence" = "sequence" + 1 WHERE "id" = $1`, [keptUserId]);
  let result = await runCheckConsistency(env);
  expect(result.code, result.output).toBe(1);
  expect(result.output).toMatch(new RegExp(`user ${keptUserId} sequence: expected (\\d+), stored \\d+`));
  expect(result.output).toContain(": 1 mismatches");
  await sql(`UPDATE "users" SET "sequence" = "sequence" - 1 WHERE "id" = $1`, [keptUserId]);
  // Renumber the user's first event to 0 (a hole at 1 from the reader's view): the log itself is reported.
  await sql(`UPDATE "events" SET "sequence" = 0 WHERE "aggregate_id" = $1 AND "sequence" = 1`, [keptUserId]);
  result = await runCheckConsistency(env);
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain(`user ${keptUserId} events.sequence: expected 1, stored 0`);
  await sql(`UPDATE "events" SET "sequence" = 1 WHERE "aggregate_id" = $1 AND "sequence" = 0`, [keptUserId]);
  expect((await runCheckConsistency(env)).code).toBe(0);
}, 120_000);
