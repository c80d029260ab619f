// Real database, real event store and domain services, with a settable clock, for command tests that read
// as "given this state, this command, expect these events or this error".
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { isConnectionError, postgresErrorOf } from "../../src/db/postgres-error.js";
import { createIdGenerator } from "../../src/command/id-generator.js";
import type { CommandDeps } from "../../src/command/deps.js";
import type { Principal } from "../../src/domain/principal.js";
import { addHumanUser } from "../../src/command/user/human-add.js";
import { changeHumanUser } from "../../src/command/user/human-change.js";
import type { AddHumanInput, ChangeHumanInput } from "../../src/command/user/inputs.js";
import { defaultPasswordPolicy } from "../../src/domain/password/complexity.js";
import { createPasswordHasher } from "../../src/domain/password/hasher.js";
import { createSecretBox } from "../../src/domain/secret-box.js";
import { Eventstore } from "../../src/eventstore/eventstore.js";
import { createOrgQueries } from "../../src/query/orgs.js";
import { userRowReader } from "../../src/query/user-rows.js";
import { createTestDatabase } from "../helpers/database.js";

export interface CommandFixture {
  db: Database;
  deps: CommandDeps;
  commands: {
    addHumanUser(caller: Principal, input: AddHumanInput): ReturnType<typeof addHumanUser>;
    changeHumanUser(caller: Principal, input: ChangeHumanInput): ReturnType<typeof changeHumanUser>;
  };
  orgId: string;
  admin: Principal;
  clock: { now: Date };
  eventTypes(aggregateId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function createCommandFixture(): Promise<CommandFixture> {
  const target = await createTestDatabase();
  const db = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrate(db.prisma);
  const eventstore = new Eventstore({ db, postgresErrorOf, isConnectionError });
  const orgId = "org1";
  await eventstore.push({
    aggregateType: "org",
    aggregateId: orgId,
    resourceOwner: orgId,
    creator: "test",
    expectedSequence: 0,
    events: [{ type: "org.added", payload: { name: "Org" } }],
    root: { table: "orgs", row: { id: orgId, name: "Org", primaryDomain: "org.example", state: 1 } },
  });
  await db.prisma.instance.create({ data: { id: "instance", defaultOrgId: orgId, adminUserId: "admin" } });
  const clock = { now: new Date() };
  const orgs = createOrgQueries(db.prisma);
  const deps: CommandDeps = {
    eventstore,
    loadUser: userRowReader(db),
    findOrgById: orgs.findOrgById,
    findOrgByDomain: orgs.findOrgByDomain,
    defaultOrgId: orgs.defaultOrgId,
    passwords: createPasswordHasher({ algorithm: "bcrypt", bcryptCost: 4, maxConcurrent: 2, maxQueue: 100 }),
    passwordPolicy: defaultPasswordPolicy,
    sealer: createSecretBox(Buffer.alloc(32, 7)),
    newId: createIdGenerator(1),
    now: () => clock.now,
    maxCodeAttempts: 3,
  };
  return {
    db,
    deps,
    commands: {
      addHumanUser: (caller, input) => addHumanUser(deps, caller, input),
      changeHumanUser: (caller, input) => changeHumanUser(deps, caller, input),
    },
    orgId,
    admin: { userId: "admin", orgId, instanceRoles: ["IAM_OWNER"], orgRoles: new Map() },
    clock,
    async eventTypes(aggregateId) {
      const events = await db.prisma.event.findMany({ where: { aggregateId }, orderBy: { sequence: "asc" } });
      return events.map((e) => e.eventType);
    },
    async close() {
      await db.close();
      await target.drop();
    },
  };
}
