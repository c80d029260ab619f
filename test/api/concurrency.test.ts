// Concurrent writers over the network: updates of one user never share a sequence or lose a write, a
// contested username is given to exactly one creator, and renames racing creations never leave one name
// with two users.
import { Code } from "@connectrpc/connect";
import { expect, it } from "vitest";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { type JsonObject } from "../helpers/protocols.js";

const suite = serveForSuite();
const PARALLEL = 50;

it("lands 50 parallel updates of one user with distinct, gap-free sequences", async () => {
  const created = await suite.drivers[0]!.call(
    "AddHumanUser",
    { username: "hot", profile: { givenName: "Hot", familyName: "User" }, email: { email: "hot@example.com", isVerified: true } },
    suite.server.adminToken,
  );
  if (!created.ok) throw new Error(created.message);
  const userId = String(created.json.userId);
  const start = Number((created.json.details as JsonObject).sequence);

  const outcomes = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      suite.drivers[i % suite.drivers.length]!.call("UpdateHumanUser", { userId, profile: { givenName: "Hot", familyName: "User", nickName: `n${i}` } }, suite.server.adminToken),
    ),
  );
  const sequences = outcomes.map((o) => {
    if (!o.ok) throw new Error(o.message);
    return Number((o.json.details as JsonObject).sequence);
  });
  expect(sequences.sort((a, b) => a - b)).toEqual(Array.from({ length: PARALLEL }, (_, i) => start + i + 1));
  const events = await suite.server.app.database.prisma.event.findMany({ where: { aggregateId: userId }, orderBy: { sequence: "asc" } });
  expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: start + PARALLEL }, (_, i) => i + 1));
  const nickNames = events.filter((e) => e.eventType === "user.human.profile.changed").map((e) => (e.payload as JsonObject).nickName);
  expect(new Set(nickNames).size).toBe(PARALLEL);
});

it("gives a contested username to exactly one of 50 parallel creators", async () => {
  const outcomes = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
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

it("never leaves one name with two users when renames race creations", async () => {
  const token = suite.server.adminToken;
  const driver = (i: number) => suite.drivers[i % suite.drivers.length]!;
  const human = (username: string, i: number): JsonObject => ({
    username,
    profile: { givenName: "R", familyName: String(i) },
    email: { email: `${username}-${i}@example.com`, isVerified: true },
  });
  for (let round = 0; round < 10; round++) {
    const [from, to] = [`race-${round}-from`, `race-${round}-to`];
    const created = await driver(round).call("AddHumanUser", human(from, 0), token);
    if (!created.ok) throw new Error(created.message);
    const userId = String(created.json.userId);
    // At once: the user moves from `from` to `to`, others try to take `to`, and others the name being freed.
    const [rename, ...creations] = await Promise.all([
      driver(round + 1).call("UpdateHumanUser", { userId, username: to }, token),
      ...Array.from({ length: 6 }, (_, i) => driver(round + i).call("AddHumanUser", human(i % 2 ? to : from, i + 1), token)),
    ]);
    for (const outcome of [rename!, ...creations]) {
      if (!outcome.ok) expect(outcome.code, outcome.message).toBe(Code.AlreadyExists);
    }
    const takenTo = creations.filter((o, i) => o.ok && i % 2 === 1).length;
    const takenFrom = creations.filter((o, i) => o.ok && i % 2 === 0).length;
    // `to` went to exactly one: the renamed user or one creator; `from` is held by the user or by at most one creator.
    expect(takenTo + (rename!.ok ? 1 : 0)).toBe(1);
    expect(takenFrom).toBeLessThanOrEqual(rename!.ok ? 1 : 0);
  }
  // Whatever the interleaving, the projection and the claims agree: one user per name, one claim per user.
  const users = await suite.server.app.database.prisma.user.findMany({ where: { username: { startsWith: "race-" } }, select: { id: true, username: true } });
  const names = users.map((u) => u.username.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
  const claims = await suite.server.app.database.prisma.uniqueConstraint.findMany({ where: { uniqueType: "username", uniqueField: { startsWith: "race-" } } });
  expect(claims.map((c) => `${c.uniqueField}=${c.aggregateId}`).sort()).toEqual(users.map((u) => `${u.username.toLowerCase()}=${u.id}`).sort());
});
