// Two servers of one deployment (one PostgreSQL database) are asked to create the same user id at the same
// moment, over each protocol: one creates it, the other answers FailedPrecondition Errors.User.AlreadyExisting
// (REST 400), exactly as it answers a creation of an existing id without any race; the same for an organisation
// id (AddOrganization's organization_id: Errors.Org.AlreadyExisting). A trigger holds the first
// push open for a moment, so the second server decides on "no such user" before the first one commits.
// PGlite cannot be shared by two processes; on a PGlite run the test brings its own PostgreSQL (two-servers.ts).
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import type { TestServer } from "../helpers/app-server.js";
import { expectError, ok } from "../helpers/outcome-checks.js";
import { allDrivers, type Driver, type JsonObject, type Outcome } from "../helpers/protocols.js";
import { startTwoServers, type TwoServers } from "../helpers/two-servers.js";

let servers: TwoServers | undefined;
let first: TestServer;
let second: TestServer;
let drivers: { first: Driver[]; second: Driver[] };
let orgDrivers: { first: Driver[]; second: Driver[] };

beforeAll(async () => {
  servers = await startTwoServers("two_servers");
  ({ first, second } = servers);
  drivers = { first: allDrivers(first.url), second: allDrivers(second.url) };
  orgDrivers = { first: allDrivers(first.url, OrganizationService), second: allDrivers(second.url, OrganizationService) };
  // Every push of an aggregate (user or organisation) listed in test_slow waits half a second inside its transaction, after its row is
  // written and before it commits.
  const db = first.app.database;
  await db.query(`CREATE TABLE "test_slow" ("id" text PRIMARY KEY)`, []);
  await db.query(
    `CREATE FUNCTION test_slow() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM "test_slow" WHERE "id" = NEW."aggregate_id") THEN PERFORM pg_sleep(0.5); END IF;
       RETURN NEW;
     END $$`,
    [],
  );
  await db.query(`CREATE TRIGGER test_slow BEFORE INSERT ON "events" FOR EACH ROW EXECUTE FUNCTION test_slow()`, []);
}, 120_000);

afterAll(async () => {
  for (const d of [...(drivers?.first ?? []), ...(drivers?.second ?? []), ...(orgDrivers?.first ?? []), ...(orgDrivers?.second ?? [])]) d.close();
  await servers?.stop();
});

const human = (userId: string, tag: string): JsonObject => ({
  userId,
  username: `${userId}.${tag}`,
  profile: { givenName: "Two", familyName: tag },
  email: { email: `${userId}.${tag}@example.com`, isVerified: true },
});

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  it("answers the server that lost the race as it answers any existing id", async () => {
    const [a, b] = [drivers.first.find((d) => d.name === protocol)!, drivers.second.find((d) => d.name === protocol)!];
    const userId = `two-servers-${a.name}`;
    await first.app.database.query(`INSERT INTO "test_slow" VALUES ($1)`, [userId]);
    const winner = a.call("AddHumanUser", human(userId, "first"), first.adminToken);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the first push is now waiting in the trigger
    const loser: Outcome = await b.call("AddHumanUser", human(userId, "second"), first.adminToken);
    ok(await winner);
    expectError(loser, b.name, Code.FailedPrecondition, "COMMAND-UsrEx1");

    // Without a race the answer is the same.
    const again = await b.call("AddHumanUser", human(userId, "third"), first.adminToken);
    expectError(again, b.name, Code.FailedPrecondition, "COMMAND-UsrEx1");
    const users = await first.app.database.query<{ username: string }>(`SELECT "username" FROM "users" WHERE "id" = $1`, [userId]);
    expect(users).toEqual([{ username: `${userId}.first` }]);
  });
});

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("AddOrganization over %s", (protocol) => {
  it("answers the server that lost the race for an organisation id as it answers any taken id", async () => {
    const [a, b] = [orgDrivers.first.find((d) => d.name === protocol)!, orgDrivers.second.find((d) => d.name === protocol)!];
    const organizationId = `two-servers-org-${a.name}`;
    await first.app.database.query(`INSERT INTO "test_slow" VALUES ($1)`, [organizationId]);
    const winner = a.call("AddOrganization", { name: `${organizationId} first`, organizationId }, first.adminToken);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the first push is now waiting in the trigger
    const loser: Outcome = await b.call("AddOrganization", { name: `${organizationId} second`, organizationId }, first.adminToken);
    ok(await winner);
    expectError(loser, b.name, Code.FailedPrecondition, "COMMAND-OrgEx1");

    // Without a race the answer is the same.
    const again = await b.call("AddOrganization", { name: `${organizationId} third`, organizationId }, first.adminToken);
    expectError(again, b.name, Code.FailedPrecondition, "COMMAND-OrgEx1");
    const orgs = await first.app.database.query<{ name: string }>(`SELECT "name" FROM "orgs" WHERE "id" = $1`, [organizationId]);
    expect(orgs).toEqual([{ name: `${organizationId} first` }]);
  });
});
