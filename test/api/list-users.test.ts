// ListUsers over gRPC, gRPC-web, Connect JSON and REST against a real server and database: every filter
// and text method, nesting, sorting, paging with total_result, the limit bounds, deleted users, invalid
// queries, and what callers with fewer rights may see. One data set, read identically over each protocol.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserEvent } from "../../src/command/user/user-events.js";
import { startTestServer, type TestServer } from "../helpers/app-server.js";
import { allDrivers, type Driver, type JsonObject } from "../helpers/protocols.js";
import { addOrgWithMember, grantOrgRoles, pushUserEvents, type OrgWithMember } from "./list-users-fixture.js";

let server: TestServer;
let drivers: Driver[];
/** username → user id of everything the data set created. */
const ids = new Map<string, string>();
let managed: OrgWithMember; // ORG_USER_MANAGER of its own organisation
let lonely: OrgWithMember; // member of no organisation at all
let outsider: OrgWithMember; // no role in its own organisation, ORG_USER_MANAGER of the managed one

interface Person {
  username: string;
  given: string;
  family: string;
  nick?: string;
  display?: string;
  email: string;
  phone?: string;
  orgId?: string;
}

const people: Person[] = [
  { username: "lu-alice", given: "Alice", family: "Archer", nick: "ali", display: "Alice Archer", email: "alice@example.com", phone: "+41791110001" },
  { username: "lu-bob", given: "Bob", family: "Builder", nick: "bobby", display: "Bob the Builder", email: "bob@Example.org", phone: "+41791110002" },
  { username: "lu-carol", given: "Carol", family: "Archer", display: "Carol Archer", email: "carol_x@example.com" },
  { username: "lu_under", given: "Uma", family: "Under", email: "uma@example.com" },
  { username: "lu%pct", given: "Percy", family: "Cent", email: "percy@example.com" },
  { username: "lu-erin", given: "Erin", family: "Archer", email: "erin@example.com" },
  { username: "lu-frank", given: "Frank", family: "Locke", email: "frank@example.com" },
  { username: "lu-grace", given: "Grace", family: "Idle", email: "grace@example.com" },
];
const BULK = 101;

async function addHuman(person: Person): Promise<void> {
  const outcome = await drivers[0]!.call(
    "AddHumanUser",
    {
      username: person.username,
      ...(person.orgId ? { organization: { orgId: person.orgId } } : {}),
      profile: { givenName: person.given, familyName: person.family, nickName: person.nick ?? "", displayName: person.display ?? "" },
      email: { email: person.email, isVerified: true },
      ...(person.phone ? { phone: { phone: person.phone, isVerified: true } } : {}),
    },
    server.adminToken,
  );
  if (!outcome.ok) throw new Error(`AddHumanUser ${person.username}: ${outcome.message}`);
  ids.set(person.username, String(outcome.json.userId));
}

beforeAll(async () => {
  server = await startTestServer();
  drivers = allDrivers(server.url);
  managed = await addOrgWithMember(server, "lu2", ["ORG_USER_MANAGER"]);
  lonely = await addOrgWithMember(server, "lu3", []);
  outsider = await addOrgWithMember(server, "lu4", []);
  await grantOrgRoles(server, managed.orgId, outsider.userId, ["ORG_USER_MANAGER"]);
  // Created one after another, so creation order is the order of this list.
  for (const person of people) await addHuman(person);
  await addHuman({ username: "lu2-heidi", given: "Heidi", family: "Archer", email: "heidi@example.com", orgId: managed.orgId });
  await addHuman({ username: "lu2-ivan", given: "Ivan", family: "Ivanov", email: "ivan@example.com", orgId: managed.orgId });
  for (let i = 0; i < BULK; i++) await addHuman({ username: `bulk-${String(i).padStart(3, "0")}`, given: "Bulk", family: "User", email: `bulk${i}@example.com` });
  await pushUserEvents(server, ids.get("lu-erin")!, [UserEvent.removed]);
  await pushUserEvents(server, ids.get("lu-frank")!, [UserEvent.locked]);
  await pushUserEvents(server, ids.get("lu-grace")!, [UserEvent.deactivated]);
}, 120_000);

afterAll(async () => {
  for (const d of drivers ?? []) d.close();
  await server?.stop();
  await server?.drop();
});

const text = (kind: string, field: string, value: string, method: string): JsonObject => ({
  [kind]: { [field]: value, method: `TEXT_QUERY_METHOD_${method}` },
});
const userName = (value: string, method = "EQUALS") => text("userNameQuery", "userName", value, method);
/** Everyone of the data set in the default organisation (and nobody else): usernames starting with "lu-", "lu_" or "lu%". */
const dataSet: JsonObject = { orQuery: { queries: [userName("lu-", "STARTS_WITH"), userName("lu_", "STARTS_WITH"), userName("lu%", "STARTS_WITH")] } };

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("ListUsers over %s", (protocol) => {
  const driver = () => drivers.find((d) => d.name === protocol)!;
  const call = async (request: JsonObject, token = server.adminToken) => driver().call("ListUsers", request, token);
  const list = async (request: JsonObject, token = server.adminToken): Promise<JsonObject> => {
    const outcome = await call(request, token);
    if (!outcome.ok) throw new Error(`expected success, got ${Code[outcome.code]}: ${outcome.message}`);
    return outcome.json;
  };
  const usernames = (response: JsonObject) => ((response.result as JsonObject[] | undefined) ?? []).map((u) => String(u.username));
  const total = (response: JsonObject) => Number((response.details as JsonObject).totalResult ?? 0);
  /** Usernames matching `queries` (AND), sorted by username ascending. */
  const matching = async (...queries: JsonObject[]) =>
    usernames(await list({ queries, sortingColumn: "USER_FIELD_NAME_USER_NAME", query: { asc: true, limit: 1000 } }));
  const invalid = async (request: JsonObject) => {
    const outcome = await call(request);
    if (outcome.ok) throw new Error(`expected InvalidArgument, got ${JSON.stringify(outcome.json).slice(0, 200)}`);
    expect(outcome.code, outcome.message).toBe(Code.InvalidArgument);
    if (protocol === "rest") expect(outcome.httpStatus).toBe(400);
    return outcome;
  };

  it("answers ZITADEL's User messages with details of the list", async () => {
    const response = await list({ queries: [userName("lu-alice")] });
    expect(response.result).toEqual([
      expect.objectContaining({
        userId: ids.get("lu-alice"),
        username: "lu-alice",
        state: "USER_STATE_ACTIVE",
        loginNames: ["lu-alice"],
        preferredLoginName: "lu-alice",
        details: expect.objectContaining({ sequence: expect.any(String), resourceOwner: server.app.bootstrap.defaultOrgId }),
        human: expect.objectContaining({
          profile: expect.objectContaining({ givenName: "Alice", familyName: "Archer", nickName: "ali", displayName: "Alice Archer" }),
          email: { email: "alice@example.com", isVerified: true },
          phone: { phone: "+41791110001", isVerified: true },
        }),
      }),
    ]);
    const details = response.details as JsonObject;
    expect(details.totalResult).toBe("1");
    expect(BigInt(String(details.processedSequence))).toBeGreaterThan(0n);
    expect(Date.parse(String(details.timestamp))).toBeGreaterThan(Date.now() - 10 * 60_000);
  });

  it("compares each text field with each method, case-sensitively unless told otherwise", async () => {
    const cases: [JsonObject, string[]][] = [
      [userName("lu-alice"), ["lu-alice"]],
      [userName("LU-ALICE"), []],
      [userName("LU-ALICE", "EQUALS_IGNORE_CASE"), ["lu-alice"]],
      [userName("lu-b", "STARTS_WITH"), ["lu-bob"]],
      [userName("LU-B", "STARTS_WITH"), []],
      [userName("LU-B", "STARTS_WITH_IGNORE_CASE"), ["lu-bob"]],
      [userName("aro", "CONTAINS"), ["lu-carol"]],
      [userName("ARO", "CONTAINS"), []],
      [userName("ARO", "CONTAINS_IGNORE_CASE"), ["lu-carol"]],
      [userName("ob", "ENDS_WITH"), ["lu-bob"]],
      [userName("OB", "ENDS_WITH"), []],
      [userName("OB", "ENDS_WITH_IGNORE_CASE"), ["lu-bob"]],
      [text("loginNameQuery", "loginName", "LU-CAROL", "EQUALS_IGNORE_CASE"), ["lu-carol"]],
      [text("firstNameQuery", "firstName", "Alice", "EQUALS"), ["lu-alice"]],
      [text("lastNameQuery", "lastName", "archer", "EQUALS_IGNORE_CASE"), ["lu-alice", "lu-carol", "lu2-heidi"]],
      [text("nickNameQuery", "nickName", "bob", "STARTS_WITH"), ["lu-bob"]],
      [text("displayNameQuery", "displayName", "the", "CONTAINS"), ["lu-bob"]],
      [text("emailQuery", "emailAddress", "EXAMPLE.ORG", "ENDS_WITH_IGNORE_CASE"), ["lu-bob"]],
      [text("emailQuery", "emailAddress", "Example.org", "ENDS_WITH"), ["lu-bob"]],
      [text("emailQuery", "emailAddress", "example.org", "ENDS_WITH"), []],
      [text("phoneQuery", "number", "+4179111000", "STARTS_WITH"), ["lu-alice", "lu-bob"]],
      [text("phoneQuery", "number", "0002", "ENDS_WITH_IGNORE_CASE"), ["lu-bob"]],
    ];
    for (const [query, expected] of cases) expect(await matching(query), JSON.stringify(query)).toEqual(expected);
  });

  it("matches the caller's %, _ and \\ literally, never as LIKE wildcards", async () => {
    expect(await matching(userName("%", "CONTAINS"))).toEqual(["lu%pct"]);
    expect(await matching(userName("_", "CONTAINS_IGNORE_CASE"))).toEqual(["lu_under"]);
    expect(await matching(userName("lu_", "STARTS_WITH"))).toEqual(["lu_under"]);
    expect(await matching(text("emailQuery", "emailAddress", "l_x@", "CONTAINS"))).toEqual(["lu-carol"]);
    expect(await matching(userName("\\", "CONTAINS"))).toEqual([]);
    expect(await matching(userName("lu_under", "EQUALS_IGNORE_CASE"))).toEqual(["lu_under"]);
    expect(await matching(userName("lu_alice", "EQUALS_IGNORE_CASE"))).toEqual([]);
  });

  it("filters by state and type, and never lists deleted users", async () => {
    expect(await matching(dataSet, { stateQuery: { state: "USER_STATE_LOCKED" } })).toEqual(["lu-frank"]);
    expect(await matching(dataSet, { stateQuery: { state: "USER_STATE_INACTIVE" } })).toEqual(["lu-grace"]);
    expect(await matching({ stateQuery: { state: "USER_STATE_DELETED" } })).toEqual([]);
    expect(await matching(dataSet, { stateQuery: { state: "USER_STATE_ACTIVE" } })).toEqual(["lu%pct", "lu-alice", "lu-bob", "lu-carol", "lu_under"]);
    expect(await matching(dataSet)).not.toContain("lu-erin");
    expect(await matching({ inUserIdsQuery: { userIds: [ids.get("lu-erin")!] } })).toEqual([]);
    expect(await matching({ typeQuery: { type: "TYPE_MACHINE" } })).toEqual(["admin", "lu2-manager", "lu3-manager", "lu4-manager"]);
    expect(await matching(dataSet, { typeQuery: { type: "TYPE_HUMAN" } })).toHaveLength(7);
  });

  it("filters by organisation, user ids and emails", async () => {
    expect(await matching({ organizationIdQuery: { organizationId: managed.orgId } })).toEqual(["lu2-heidi", "lu2-ivan", "lu2-manager"]);
    expect(await matching({ inUserIdsQuery: { userIds: [ids.get("lu-bob")!, ids.get("lu-alice")!, "no-such-id"] } })).toEqual(["lu-alice", "lu-bob"]);
    expect(await matching({ inUserEmailsQuery: { userEmails: ["bob@Example.org", "carol_x@example.com", "bob@example.org"] } })).toEqual(["lu-bob", "lu-carol"]);
  });

  it("nests and, or and not", async () => {
    const archersButAlice = { andQuery: { queries: [text("lastNameQuery", "lastName", "Archer", "EQUALS"), { notQuery: { query: text("firstNameQuery", "firstName", "Alice", "EQUALS") } }] } };
    expect(await matching({ orQuery: { queries: [userName("lu-bob"), archersButAlice] } })).toEqual(["lu-bob", "lu-carol", "lu2-heidi"]);
    expect(await matching(dataSet, { notQuery: { query: { orQuery: { queries: [userName("lu-", "STARTS_WITH"), userName("lu_under")] } } } })).toEqual(["lu%pct"]);
    // NOT of a human-only field does not match machine users, whose field is empty (NULL), as in ZITADEL.
    expect(await matching({ typeQuery: { type: "TYPE_MACHINE" } }, { notQuery: { query: text("emailQuery", "emailAddress", "x", "CONTAINS") } })).toEqual([]);
    let deep: JsonObject = userName("lu-alice");
    for (let i = 0; i < 20; i++) deep = { andQuery: { queries: [deep] } };
    expect(await matching(deep)).toEqual(["lu-alice"]);
  });

  it("sorts by the requested column in either direction, by creation (newest first) when none is named", async () => {
    const archers = text("lastNameQuery", "lastName", "Archer", "EQUALS");
    const sorted = async (sortingColumn: string, asc: boolean, ...queries: JsonObject[]) =>
      usernames(await list({ queries, sortingColumn, query: { asc } }));
    expect(await sorted("USER_FIELD_NAME_USER_NAME", true, archers)).toEqual(["lu-alice", "lu-carol", "lu2-heidi"]);
    expect(await sorted("USER_FIELD_NAME_USER_NAME", false, archers)).toEqual(["lu2-heidi", "lu-carol", "lu-alice"]);
    expect(await sorted("USER_FIELD_NAME_FIRST_NAME", false, archers)).toEqual(["lu2-heidi", "lu-carol", "lu-alice"]);
    expect(await sorted("USER_FIELD_NAME_EMAIL", true, dataSet)).toEqual(["lu-alice", "lu-bob", "lu-carol", "lu-frank", "lu-grace", "lu%pct", "lu_under"]);
    const nicknamed = { orQuery: { queries: [text("nickNameQuery", "nickName", "ali", "EQUALS"), text("nickNameQuery", "nickName", "BOB", "STARTS_WITH_IGNORE_CASE")] } };
    expect(await sorted("USER_FIELD_NAME_NICK_NAME", false, nicknamed)).toEqual(["lu-bob", "lu-alice"]);
    expect(await sorted("USER_FIELD_NAME_DISPLAY_NAME", true, archers)).toEqual(["lu-alice", "lu-carol", "lu2-heidi"]);
    expect((await sorted("USER_FIELD_NAME_STATE", false, dataSet)).slice(0, 2)).toEqual(["lu-frank", "lu-grace"]); // LOCKED 4, INACTIVE 2
    expect((await sorted("USER_FIELD_NAME_TYPE", false)).slice(0, 4).sort()).toEqual(["admin", "lu2-manager", "lu3-manager", "lu4-manager"]);
    const created = people.map((p) => p.username).filter((name) => name !== "lu-erin");
    expect(await sorted("USER_FIELD_NAME_CREATION_DATE", true, dataSet)).toEqual(created);
    expect(await sorted("USER_FIELD_NAME_UNSPECIFIED", false, dataSet)).toEqual([...created].reverse());
    expect(await sorted("USER_FIELD_NAME_UNSPECIFIED", true, dataSet)).toEqual(created);
    const response = await list({ sortingColumn: "USER_FIELD_NAME_EMAIL", queries: [userName("lu-bob")] });
    expect(response.sortingColumn).toBe("USER_FIELD_NAME_EMAIL");
  });

  it("pages with offset and limit; total_result counts every match on every page", async () => {
    const page = (offset: number, limit: number) =>
      list({ queries: [dataSet], sortingColumn: "USER_FIELD_NAME_USER_NAME", query: { offset: String(offset), limit, asc: true } });
    const all = ["lu%pct", "lu-alice", "lu-bob", "lu-carol", "lu-frank", "lu-grace", "lu_under"];
    const pages = [await page(0, 3), await page(3, 3), await page(6, 3)];
    expect(pages.map(usernames)).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)]);
    expect(pages.map(total)).toEqual([7, 7, 7]);
    const beyond = await page(50, 3);
    expect(usernames(beyond)).toEqual([]);
    expect(total(beyond)).toBe(7);
    const nothing = await list({ queries: [userName("nobody-at-all")] });
    expect(usernames(nothing)).toEqual([]);
    expect(total(nothing)).toBe(0);
  });

  it("answers 100 users when no limit is given, up to 1000 when asked, and refuses more", async () => {
    const bulk = userName("bulk-", "STARTS_WITH");
    const byDefault = await list({ queries: [bulk] });
    expect(usernames(byDefault)).toHaveLength(100);
    expect(total(byDefault)).toBe(BULK);
    const most = await list({ queries: [bulk], query: { limit: 1000 } });
    expect(usernames(most)).toHaveLength(BULK);
    const refused = await invalid({ queries: [bulk], query: { limit: 1001 } });
    expect(refused.errorId).toBe("QUERY-LstLim1");
  });

  it("refuses malformed queries with InvalidArgument", async () => {
    await invalid({ queries: [{}] });
    await invalid({ queries: [{ andQuery: { queries: [] } }] });
    await invalid({ queries: [{ orQuery: {} }] });
    await invalid({ queries: [{ notQuery: {} }] });
    await invalid({ queries: [{ andQuery: { queries: [{}] } }] });
    await invalid({ queries: [{ inUserIdsQuery: { userIds: [] } }] });
    await invalid({ queries: [{ inUserEmailsQuery: {} }] });
    await invalid({ queries: [userName("")] });
    await invalid({ queries: [{ organizationIdQuery: { organizationId: "" } }] });
    await invalid({ queries: [userName("nul\u0000byte", "CONTAINS_IGNORE_CASE")] });
    let deep: JsonObject = userName("lu-alice");
    for (let i = 0; i < 21; i++) deep = { andQuery: { queries: [deep] } };
    expect((await invalid({ queries: [deep] })).errorId).toBe("QUERY-LstDep1");
  });

  it("lists only the users of organisations where the caller's role grants user.read, and the caller", async () => {
    const everyone = { query: { limit: 1000, asc: true }, sortingColumn: "USER_FIELD_NAME_USER_NAME" };
    const asManager = await list(everyone, managed.token);
    expect(usernames(asManager)).toEqual(["lu2-heidi", "lu2-ivan", "lu2-manager"]);
    expect(total(asManager)).toBe(3);
    const elsewhere = await list({ ...everyone, queries: [{ organizationIdQuery: { organizationId: server.app.bootstrap.defaultOrgId } }] }, managed.token);
    expect(usernames(elsewhere)).toEqual([]);
    expect(total(elsewhere)).toBe(0);
    const paged = await list({ ...everyone, query: { limit: 1, offset: "1", asc: true } }, managed.token);
    expect([usernames(paged), total(paged)]).toEqual([["lu2-ivan"], 3]);

    const alone = await list(everyone, lonely.token);
    expect([usernames(alone), total(alone)]).toEqual([["lu3-manager"], 1]);

    // Without a role in its own organisation, a manager of another one still sees itself.
    const visiting = await list(everyone, outsider.token);
    expect(usernames(visiting)).toEqual(["lu2-heidi", "lu2-ivan", "lu2-manager", "lu4-manager"]);
    expect(total(visiting)).toBe(4);
  });
});
