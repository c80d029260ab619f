// An update that sets nothing (UpdateHumanUser {user_id}, UpdateUser {user_id, human: {}} or {machine: {}})
// answers the user's current details, so it is a read: a caller who may not read the user gets exactly the
// answer an unknown id gets (code, error id, message; whatever the user's type), and one who may gets the
// current details with no event written. Over all four protocols.
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import type { JsonObject, Outcome } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();
let setup: Setup;
let outsider: string;
let human: string;
let machine: string;

beforeAll(async () => {
  setup = setupFor(suite.server);
  const home = await setup.defaultOrgId();
  const ownerB = await setup.machineWithToken(home, "owner-b");
  await setup.org(unique("Org B"), [{ userId: ownerB.userId, roles: ["ORG_OWNER"] }]);
  outsider = ownerB.token;
  const orgA = await setup.org(unique("Org A"), []);
  human = await setup.human(orgA, "subject");
  machine = (await setup.machineWithToken(orgA, "subject-machine")).userId;
});

const refusalOf = (outcome: Outcome) => {
  expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
  if (outcome.ok) throw new Error("unreachable");
  return { code: outcome.code, errorId: outcome.errorId, message: outcome.message, httpStatus: outcome.httpStatus };
};

const eventCount = (userId: string) => suite.server.app.database.prisma.event.count({ where: { aggregateId: userId } });

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const call = (method: string, request: JsonObject, token: string) => suite.driver(protocol).call(method, request, token);
  const emptyUpdates: [method: string, request: (userId: string) => JsonObject][] = [
    ["UpdateHumanUser", (userId) => ({ userId })],
    ["UpdateUser", (userId) => ({ userId, human: {} })],
    ["UpdateUser", (userId) => ({ userId, machine: {} })],
  ];

  it("answers a caller who may not read the user exactly as for an unknown id", async () => {
    for (const [method, request] of emptyUpdates) {
      const unknown = refusalOf(await call(method, request(`no-such-user-${unique("id")}`), outsider));
      expect(unknown.code).toBe(Code.NotFound);
      for (const userId of [human, machine]) {
        const events = await eventCount(userId);
        expect(refusalOf(await call(method, request(userId), outsider)), `${method} ${JSON.stringify(request(userId))}`).toEqual(unknown);
        expect(await eventCount(userId)).toBe(events);
      }
    }
  });

  it("answers a caller who may read the user its current details, writing nothing", async () => {
    for (const [method, request, userId] of [...emptyUpdates.slice(0, 2).map(([m, r]) => [m, r, human] as const), [...emptyUpdates[2]!, machine] as const]) {
      const current = ok(await call("GetUserByID", { userId }, setup.adminToken)).details as JsonObject;
      const events = await eventCount(userId);
      const answer = ok(await call(method, request(userId), setup.adminToken));
      // UpdateHumanUser answers details; UpdateUser only the change date.
      const answered: JsonObject = (answer.details as JsonObject | undefined) ?? { changeDate: answer.changeDate! };
      expect(answered.changeDate).toBe(current.changeDate);
      if (method === "UpdateHumanUser") expect([String(answered.sequence), answered.resourceOwner]).toEqual([String(current.sequence), current.resourceOwner]);
      expect(await eventCount(userId)).toBe(events);
    }
  });
});
