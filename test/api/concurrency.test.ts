// Concurrent writers over the network: updates of one user never share a sequence or lose a write, and a
// contested username is given to exactly one creator.
import { Code } from "@connectrpc/connect";
import { expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { type JsonObject } from "../helpers/protocols.js";

const suite = serveForSuite();

it("lands 40 parallel updates of one user with distinct, gap-free sequences", async () => {
  const created = await suite.drivers[0]!.call(
    "AddHumanUser",
    { username: "hot", profile: { givenName: "Hot", familyName: "User" }, email: { email: "hot@example.com", isVerified: true } },
    suite.server.adminToken,
  );
  if (!created.ok) throw new Error(created.message);
  const userId = String(created.json.userId);
  const start = Number((created.json.details as JsonObject).sequence);

  const outcomes = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      suite.drivers[i % suite.drivers.length]!.call("UpdateHumanUser", { userId, profile: { givenName: "Hot", familyName: "User", nickName: `n${i}` } }, suite.server.adminToken),
    ),
  );
  const sequences = outcomes.map((o) => {
    if (!o.ok) throw new Error(o.message);
    return Number((o.json.details as JsonObject).sequence);
  });
  expect(sequences.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => start + i + 1));
  const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "asc" } });
  expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: start + 40 }, (_, i) => i + 1));
  const nickNames = events.filter((e) => e.eventType === "user.human.profile.changed").map((e) => (e.payload as JsonObject).nickName);
  expect(new Set(nickNames).size).toBe(40);
});

it("gives a contested username to exactly one of 30 parallel creators", async () => {
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      suite.drivers[i % suite.drivers.length]!.call(
        "AddHumanUser",
        { username: i % 2 ? "Contested" : "contested", profile: { givenName: "C", familyName: String(i) }, email: { email: `c${i}@example.com`, isVerified: true } },
        suite.server.adminToken,
      ),
    ),
  );
  expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  for (const o of outcomes.filter((o) => !o.ok)) expect(o.ok ? -1 : o.code).toBe(Code.AlreadyExists);
  const owners = await suite.server.app.database.prisma.uniqueConstraint.findMany({ where: { uniqueType: "username", uniqueField: "contested" } });
  expect(owners).toHaveLength(1);
  expect(await suite.server.app.database.prisma.user.count({ where: { username: { in: ["contested", "Contested"] } } })).toBe(1);
});
