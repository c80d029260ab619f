// Who may do what, as ZITADEL decides it, over all four protocols: every caller × every operation on a user of
// organisation A, with the expected answer in each cell. A refusal is NotFound when the caller has no
// membership on the instance or in the user's organisation (ZITADEL's "membership not found"), and
// PermissionDenied when it has one there whose roles do not grant the permission (the viewer row).
import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/domain/token-hash.js";
import type { JsonObject, Outcome } from "../helpers/protocols.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import { issueUserToken } from "../helpers/user-token.js";
import { ok, setupFor, unique, type Setup } from "./auth-fixture.js";

const suite = serveForSuite();

const U = Code.Unauthenticated;
const NF = Code.NotFound;
const PD = Code.PermissionDenied;
/** Success, and for ListUsers: the subject is among the results. */
const OK = "OK";
/** ListUsers succeeded but the subject is not among the results. */
const HIDDEN = "OK, hidden";
type Cell = typeof OK | typeof HIDDEN | Code;

const columns = [
  "AddHumanUser",
  "GetUserByID",
  "ListUsers",
  "UpdateHumanUser profile",
  "UpdateHumanUser email is_verified",
  "UpdateHumanUser password with current_password",
  "UpdateHumanUser password without current_password",
  "UpdateHumanUser nothing set",
  "DeleteUser",
] as const;

type Row =
  | "instance owner"
  | "owner of org A"
  | "user manager of org A"
  | "viewer of org A"
  | "a user of org A on themselves"
  | "a user of org A on another user"
  | "owner of org B"
  | "anonymous"
  | "expired token"
  | "revoked token";

// An update that sets nothing answers the current details, a read: allowed as GetUserByID is, and NotFound
// for anyone who may not read the user (test/api/empty-update.test.ts: exactly the unknown id's answer).
// prettier-ignore
const matrix: Record<Row, Cell[]> = {
  //                                 add  get  list    profile email✓ pw+cur pw    empty delete
  "instance owner":                  [OK, OK,  OK,     OK,     OK,    OK,    OK,   OK,   OK],
  "owner of org A":                  [OK, OK,  OK,     OK,     OK,    OK,    OK,   OK,   OK],
  "user manager of org A":           [OK, OK,  OK,     OK,     OK,    OK,    OK,   OK,   OK],
  "viewer of org A":                 [PD, OK,  OK,     PD,     PD,    PD,    PD,   OK,   PD],
  // Deleting oneself: DeleteUser's own rule (src/command/user/user-remove.ts) lets users delete themselves.
  "a user of org A on themselves":   [NF, OK,  OK,     OK,     NF,    OK,    NF,   OK,   OK],
  "a user of org A on another user": [NF, NF,  HIDDEN, NF,     NF,    NF,    NF,   NF,   NF],
  "owner of org B":                  [NF, NF,  HIDDEN, NF,     NF,    NF,    NF,   NF,   NF],
  "anonymous":                       [U,  U,   U,      U,      U,     U,     U,    U,    U],
  "expired token":                   [U,  U,   U,      U,      U,     U,     U,    U,    U],
  "revoked token":                   [U,  U,   U,      U,      U,     U,     U,    U,    U],
};

/** Tokens shared by every protocol: machine users holding roles, and tokens that must not work. */
interface Callers {
  orgA: string;
  tokens: Record<"instance owner" | "owner of org A" | "user manager of org A" | "viewer of org A" | "owner of org B" | "expired token" | "revoked token", string>;
}

let setup: Setup;
let callers: Callers;

beforeAll(async () => {
  setup = setupFor(suite.server);
  const home = await setup.defaultOrgId();
  const [ownerA, managerA, viewerA, ownerB, revoked] = await Promise.all(
    ["owner-a", "manager-a", "viewer-a", "owner-b", "revoked"].map((tag) => setup.machineWithToken(home, tag)),
  );
  const orgA = await setup.org(unique("Org A"), [
    { userId: ownerA!.userId },
    { userId: managerA!.userId, roles: ["ORG_USER_MANAGER"] },
    { userId: viewerA!.userId, roles: ["ORG_OWNER_VIEWER"] },
  ]);
  await setup.org(unique("Org B"), [{ userId: ownerB!.userId, roles: ["ORG_OWNER"] }]);
  ok(await setup.users.call("RemovePersonalAccessToken", { userId: revoked!.userId, tokenId: revoked!.tokenId }, setup.adminToken));
  callers = {
    orgA,
    tokens: {
      "instance owner": setup.adminToken,
      "owner of org A": ownerA!.token,
      "user manager of org A": managerA!.token,
      "viewer of org A": viewerA!.token,
      "owner of org B": ownerB!.token,
      "expired token": await expiredToken(ownerA!.userId),
      "revoked token": revoked!.token,
    },
  };
});

/** A token of a user holding roles, whose expiry has passed (the API refuses to create such a token). */
async function expiredToken(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await suite.server.app.database.prisma.personalAccessToken.create({
    data: { id: `expired-${randomBytes(4).toString("hex")}`, userId, tokenHash: hashToken(token), expirationDate: new Date(Date.now() - 1000), creationDate: new Date() },
  });
  return token;
}

let passwordSerial = 0;
const newPassword = () => `Pass!${++passwordSerial}word`;

/** A user of org A the operations act on, with the password it has now. */
interface Subject {
  userId: string;
  password: string;
}

interface Operation {
  request(subject: Subject): JsonObject;
  /** What the subject's password is after a successful call. */
  passwordAfter?(request: JsonObject): string;
}

const operations: Record<(typeof columns)[number], Operation & { method: string }> = {
  AddHumanUser: {
    method: "AddHumanUser",
    request: () => ({
      organization: { orgId: callers.orgA },
      username: unique("added"),
      profile: { givenName: "New", familyName: "User" },
      email: { email: `${unique("added")}@example.com` },
    }),
  },
  GetUserByID: { method: "GetUserByID", request: (s) => ({ userId: s.userId }) },
  ListUsers: { method: "ListUsers", request: (s) => ({ queries: [{ inUserIdsQuery: { userIds: [s.userId] } }] }) },
  "UpdateHumanUser profile": { method: "UpdateHumanUser", request: (s) => ({ userId: s.userId, profile: { givenName: "Changed", familyName: unique("name") } }) },
  "UpdateHumanUser email is_verified": {
    method: "UpdateHumanUser",
    request: (s) => ({ userId: s.userId, email: { email: `${unique("verified")}@example.com`, isVerified: true } }),
  },
  "UpdateHumanUser password with current_password": {
    method: "UpdateHumanUser",
    request: (s) => ({ userId: s.userId, password: { password: { password: newPassword() }, currentPassword: s.password } }),
    passwordAfter: (r) => String(((r.password as JsonObject).password as JsonObject).password),
  },
  "UpdateHumanUser password without current_password": {
    method: "UpdateHumanUser",
    request: (s) => ({ userId: s.userId, password: { password: { password: newPassword() } } }),
    passwordAfter: (r) => String(((r.password as JsonObject).password as JsonObject).password),
  },
  "UpdateHumanUser nothing set": { method: "UpdateHumanUser", request: (s) => ({ userId: s.userId }) },
  DeleteUser: { method: "DeleteUser", request: (s) => ({ userId: s.userId }) },
};

function cellOf(column: (typeof columns)[number], outcome: Outcome): Cell {
  if (!outcome.ok) return outcome.code;
  if (column === "ListUsers") return ((outcome.json.result as JsonObject[] | undefined) ?? []).length === 1 ? OK : HIDDEN;
  return OK;
}

const cellName = (cell: Cell) => (typeof cell === "string" ? cell : Code[cell]);

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  // Per protocol: a plain user of org A acting on itself, another acting on a third user of org A.
  const people: { self: Subject & { token: string }; other: { token: string }; target: Subject } = {} as never;

  beforeAll(async () => {
    const human = async () => {
      const password = newPassword();
      return { userId: await setup.human(callers.orgA, `${protocol}-person`, password), password };
    };
    const self = await human();
    const other = await human();
    people.self = { ...self, token: await issueUserToken(suite.server, self.userId) };
    people.other = { token: await issueUserToken(suite.server, other.userId) };
    people.target = await human();
  });

  const tokenOf = (row: Row): string | undefined => {
    if (row === "anonymous") return undefined;
    if (row === "a user of org A on themselves") return people.self.token;
    if (row === "a user of org A on another user") return people.other.token;
    return callers.tokens[row];
  };

  it.each(Object.keys(matrix) as Row[])("%s", async (row) => {
    const token = tokenOf(row);
    const actual: string[] = [];
    for (const column of columns) {
      const onSelf = row === "a user of org A on themselves";
      // DeleteUser removes its subject, so every other row deletes a user of its own.
      const subject: Subject = onSelf ? people.self : column === "DeleteUser" ? { userId: await setup.human(callers.orgA, "victim"), password: "" } : people.target;
      const operation = operations[column];
      const request = operation.request(subject);
      const outcome = await suite.driver(protocol).call(operation.method, request, token);
      if (outcome.ok && operation.passwordAfter) subject.password = operation.passwordAfter(request);
      actual.push(`${column}: ${cellName(cellOf(column, outcome))}`);
    }
    expect(actual).toEqual(columns.map((column, i) => `${column}: ${cellName(matrix[row][i]!)}`));
  });
});
