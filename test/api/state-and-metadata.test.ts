// The lifecycle (lock, unlock, deactivate, reactivate, delete) and metadata RPCs over gRPC, gRPC-web,
// Connect JSON and REST against a real server: the same answers, error codes and ids on every protocol.
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError as expectErrorOn, ok } from "../helpers/outcome-checks.js";
import { serveForSuite } from "../helpers/serve-for-suite.js";
import type { JsonObject, Outcome } from "../helpers/protocols.js";
import { issueUserToken } from "../helpers/user-token.js";
import { grantOrgRoles } from "./list-users-fixture.js";

const suite = serveForSuite();


const base64 = (text: string) => Buffer.from(text).toString("base64");

describe.each(["grpc", "grpc-web", "connect", "rest"] as const)("over %s", (protocol) => {
  const driver = () => suite.driver(protocol);
  const call = (method: string, request: JsonObject, token: string = suite.server.adminToken) => driver().call(method, request, token);

  const expectError = (outcome: Outcome, code: Code, errorId?: string) => expectErrorOn(outcome, protocol, code, errorId);
  const details = (json: JsonObject) => json.details as JsonObject;
  const stored = async (userId: string) => ok(await call("GetUserByID", { userId }));
  const stateOf = async (userId: string) => ((await stored(userId)).user as JsonObject).state;

  let counter = 0;
  async function addUser(username = `${protocol}.${++counter}.${Date.now()}`): Promise<string> {
    const added = ok(
      await call("AddHumanUser", {
        username,
        profile: { givenName: "Ada", familyName: "Lovelace" },
        email: { email: `${username}@example.com`, isVerified: true },
      }),
    );
    return String(added.userId);
  }

  // Refused callers: one without any membership (ZITADEL answers NotFound, hiding the user), one whose role in
  // the user's organisation grants no user permission (PermissionDenied).
  let strangerToken: string;
  let settingsManagerToken: string;
  beforeAll(async () => {
    strangerToken = await issueUserToken(suite.server, await addUser());
    const managerId = await addUser();
    const orgId = String(details(await stored(managerId)).resourceOwner);
    await grantOrgRoles(suite.server, orgId, managerId, ["ORG_SETTINGS_MANAGER"]);
    settingsManagerToken = await issueUserToken(suite.server, managerId);
  });

  describe("state", () => {
    it("Lock → Unlock → Deactivate → Reactivate, each one event with fresh details", async () => {
      const userId = await addUser();
      let sequence = Number(details(await stored(userId)).sequence);
      for (const [method, state] of [
        ["LockUser", "USER_STATE_LOCKED"],
        ["UnlockUser", "USER_STATE_ACTIVE"],
        ["DeactivateUser", "USER_STATE_INACTIVE"],
        ["ReactivateUser", "USER_STATE_ACTIVE"],
      ] as const) {
        const answer = details(ok(await call(method, { userId })));
        sequence += 1;
        expect(answer).toMatchObject({ sequence: String(sequence), resourceOwner: details(await stored(userId)).resourceOwner });
        expect(answer.changeDate).toBe(details(await stored(userId)).changeDate);
        expect(await stateOf(userId)).toBe(state);
      }
    });

    it("refuses transitions the state does not allow with FailedPrecondition, before the permission", async () => {
      const userId = await addUser();
      expectError(await call("UnlockUser", { userId }), Code.FailedPrecondition, "USER-UlkSt1");
      expectError(await call("ReactivateUser", { userId }), Code.FailedPrecondition, "USER-ReaSt1");
      expectError(await call("UnlockUser", { userId }, strangerToken), Code.FailedPrecondition, "USER-UlkSt1");
      ok(await call("LockUser", { userId }));
      expectError(await call("LockUser", { userId }), Code.FailedPrecondition, "USER-LckSt1");
      ok(await call("DeactivateUser", { userId }));
      expectError(await call("DeactivateUser", { userId }), Code.FailedPrecondition, "USER-DeaIn2");
    });

    it("answers NotFound for unknown users and outsiders, PermissionDenied without the permission, InvalidArgument without an id", async () => {
      for (const method of ["LockUser", "UnlockUser", "DeactivateUser", "ReactivateUser", "DeleteUser"]) {
        expectError(await call(method, { userId: "no-such-user" }), Code.NotFound, "COMMAND-UsrNf1");
        if (protocol !== "rest") expectError(await call(method, { userId: "" }), Code.InvalidArgument);
      }
      const userId = await addUser();
      expectError(await call("LockUser", { userId }, strangerToken), Code.NotFound, "COMMAND-PermUs1");
      expectError(await call("DeleteUser", { userId }, strangerToken), Code.NotFound, "COMMAND-PermDl1");
      expectError(await call("LockUser", { userId }, settingsManagerToken), Code.PermissionDenied, "COMMAND-PermUs1");
      expectError(await call("DeleteUser", { userId }, settingsManagerToken), Code.PermissionDenied, "COMMAND-PermDl1");
      expect(await stateOf(userId)).toBe("USER_STATE_ACTIVE");
    });
  });

  describe("delete", () => {
    it("removes the user for good: NotFound afterwards, its username free again", async () => {
      const username = `${protocol}.gone.${Date.now()}`;
      const userId = await addUser(username);
      ok(await call("SetUserMetadata", { userId, metadata: [{ key: "k", value: base64("v") }] }));
      const before = Number(details(await stored(userId)).sequence);
      const deleted = details(ok(await call("DeleteUser", { userId })));
      expect(deleted.sequence).toBe(String(before + 1));
      expectError(await call("GetUserByID", { userId }), Code.NotFound);
      expectError(await call("DeleteUser", { userId }), Code.NotFound, "COMMAND-UsrNf1");
      expectError(await call("LockUser", { userId }), Code.NotFound, "COMMAND-UsrNf1");
      expectError(await call("ListUserMetadata", { userId }), Code.NotFound);
      expectError(await call("SetUserMetadata", { userId, metadata: [{ key: "k", value: base64("v") }] }), Code.NotFound);
      const again = await addUser(username);
      expect(again).not.toBe(userId);
    });

    it("lets a user delete itself", async () => {
      const userId = await addUser();
      const token = await issueUserToken(suite.server, userId);
      ok(await call("DeleteUser", { userId }, token));
      expectError(await call("GetUserByID", { userId }), Code.NotFound);
    });
  });

  describe("metadata", () => {
    it("Set → List → Delete, with set_date and deletion_date the time of the change", async () => {
      const userId = await addUser();
      const set = ok(await call("SetUserMetadata", { userId, metadata: [{ key: "tz", value: base64("Europe/Zurich") }, { key: "team", value: base64("blue") }] }));
      expect(set.setDate).toBe(details(await stored(userId)).changeDate);

      const listed = ok(await call("ListUserMetadata", { userId, pagination: { asc: true } }));
      const dated = (key: string, value: string, creationDate: unknown, changeDate: unknown) => ({ key, value: base64(value), creationDate, changeDate });
      expect(listed.metadata).toEqual([dated("team", "blue", set.setDate, set.setDate), dated("tz", "Europe/Zurich", set.setDate, set.setDate)]);
      expect(listed.pagination).toEqual({ totalResult: "2", appliedLimit: "100" });

      const unchanged = ok(await call("SetUserMetadata", { userId, metadata: [{ key: "tz", value: base64("Europe/Zurich") }] }));
      expect(unchanged.setDate).toBe(set.setDate);

      // A new value moves the entry's change date, not its creation date.
      const changed = ok(await call("SetUserMetadata", { userId, metadata: [{ key: "tz", value: base64("Asia/Tokyo") }] }));
      expect(changed.setDate).not.toBe(set.setDate);
      expect(ok(await call("ListUserMetadata", { userId, pagination: { asc: true } })).metadata).toEqual([
        dated("team", "blue", set.setDate, set.setDate),
        dated("tz", "Asia/Tokyo", set.setDate, changed.setDate),
      ]);

      const deleted = ok(await call("DeleteUserMetadata", { userId, keys: ["tz"] }));
      expect(deleted.deletionDate).toBe(details(await stored(userId)).changeDate);
      expect(ok(await call("ListUserMetadata", { userId })).metadata).toEqual([dated("team", "blue", set.setDate, set.setDate)]);
      expectError(await call("DeleteUserMetadata", { userId, keys: ["tz"] }), Code.NotFound, "COMMAND-MdNf1");
      expectError(await call("DeleteUserMetadata", { userId, keys: [] }), Code.FailedPrecondition, "COMMAND-MdNone2");
      expectError(await call("SetUserMetadata", { userId, metadata: [] }), Code.FailedPrecondition, "COMMAND-MdNone1");
    });

    it("lists with key filters and paging", async () => {
      const userId = await addUser();
      const keys = ["app.a", "app.b", "app.c", "other"];
      ok(await call("SetUserMetadata", { userId, metadata: keys.map((key) => ({ key, value: base64(key) })) }));
      const page = ok(
        await call("ListUserMetadata", {
          userId,
          pagination: { offset: "1", limit: 1 },
          filters: [{ keyFilter: { key: "APP.", method: "TEXT_FILTER_METHOD_STARTS_WITH_IGNORE_CASE" } }],
        }),
      );
      expect(page.metadata).toEqual([expect.objectContaining({ key: "app.b", value: base64("app.b") })]);
      expect(page.pagination).toEqual({ totalResult: "3", appliedLimit: "1" });
      const exact = ok(await call("ListUserMetadata", { userId, filters: [{ keyFilter: { key: "other" } }] }));
      expect((exact.metadata as JsonObject[]).map((m) => m.key)).toEqual(["other"]);
      expectError(await call("ListUserMetadata", { userId, pagination: { limit: 1001 } }), Code.InvalidArgument, "QUERY-MdLim1");
    });

    it("accepts a 500 000-byte value and refuses 500 001 bytes with InvalidArgument", async () => {
      const userId = await addUser();
      const value = Buffer.alloc(500_000, 7);
      ok(await call("SetUserMetadata", { userId, metadata: [{ key: "blob", value: value.toString("base64") }] }));
      const listed = ok(await call("ListUserMetadata", { userId }));
      expect((listed.metadata as JsonObject[])[0]!.value).toBe(value.toString("base64"));
      const tooBig = expectError(
        await call("SetUserMetadata", { userId, metadata: [{ key: "blob", value: Buffer.alloc(500_001, 7).toString("base64") }] }),
        Code.InvalidArgument,
      );
      expect(tooBig.violations.map((v) => v.field)).toEqual(["metadata[0].value"]);
      expectError(await call("SetUserMetadata", { userId, metadata: [{ key: "", value: base64("x") }] }), Code.InvalidArgument);
    });

    it("needs user.write even for oneself to change, while users may list their own", async () => {
      const userId = await addUser();
      ok(await call("SetUserMetadata", { userId, metadata: [{ key: "k", value: base64("v") }] }));
      const token = await issueUserToken(suite.server, userId);
      // The user holds no membership, so ZITADEL's answer is NotFound ("membership not found").
      expectError(await call("SetUserMetadata", { userId, metadata: [{ key: "k", value: base64("w") }] }, token), Code.NotFound, "COMMAND-PermUs2");
      expectError(await call("DeleteUserMetadata", { userId, keys: ["k"] }, token), Code.NotFound, "COMMAND-PermUs2");
      expectError(
        await call("SetUserMetadata", { userId, metadata: [{ key: "k", value: base64("w") }] }, settingsManagerToken),
        Code.PermissionDenied,
        "COMMAND-PermUs2",
      );
      expect(ok(await call("ListUserMetadata", { userId }, token)).metadata).toEqual([expect.objectContaining({ key: "k", value: base64("v") })]);
      expectError(await call("ListUserMetadata", { userId }, strangerToken), Code.NotFound, "QUERY-PermRd1");
      expectError(await call("ListUserMetadata", { userId }, settingsManagerToken), Code.PermissionDenied, "QUERY-PermRd1");
      expectError(await call("SetUserMetadata", { userId: "no-such-user", metadata: [{ key: "k", value: base64("v") }] }), Code.NotFound, "COMMAND-UsrNf1");
    });
  });
});
