// UpdateHumanUser's decisions: which events each branch writes, and which error each refusal carries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { hashCode } from "../../src/domain/secret-code.js";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import type { Principal } from "../../src/domain/principal.js";
import { createCommandFixture, type CommandFixture } from "./command-fixture.js";

let f: CommandFixture;
beforeAll(async () => (f = await createCommandFixture()));
afterAll(async () => f?.close());

let counter = 0;
const newHuman = (extra: Partial<AddHumanInput> = {}): AddHumanInput => {
  counter++;
  return {
    username: `user${counter}`,
    profile: { givenName: "Grace", familyName: "Hopper" },
    email: { address: `user${counter}@example.com`, verification: { mode: "verified" } },
    metadata: [],
    ...extra,
  };
};

async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const self = (userId: string): Principal => ({ userId, orgId: "org1", instanceRoles: [], orgRoles: new Map() });

describe("create", () => {
  it("writes the user, the verification and the password in one push", async () => {
    const { userId, details } = await f.commands.addHumanUser(f.admin, newHuman({ password: { plain: "Str0ng!pass", changeRequired: true } }));
    expect(await f.eventTypes(userId)).toEqual(["user.human.added", "user.human.email.verified", "user.human.password.changed"]);
    expect(details.sequence).toBe(3);
    const row = await f.deps.loadUser(userId);
    expect(row).toMatchObject({ emailVerified: true, passwordChangeRequired: true, state: 1 });
    expect(row!.passwordHash).toMatch(/^\$2[aby]\$/);
  });

  it("queues a sealed code in the outbox when the code is to be sent", async () => {
    const { userId, emailCode } = await f.commands.addHumanUser(f.admin, newHuman({ email: { address: "send@example.com", verification: { mode: "send" } } }));
    expect(emailCode).toBeUndefined();
    const [message] = await f.db.prisma.outbox.findMany({ where: { userId } });
    expect(message).toMatchObject({ channel: "email", flow: "email_verification", recipient: "send@example.com", status: "pending" });
    const payload = message!.payload as Record<string, string>;
    expect(payload.sealedCode).toBeTruthy();
    expect(JSON.stringify(payload)).not.toMatch(/"[A-Z0-9]{6}"/);
  });

  it("refuses an existing user id", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
    const error = await errorOf(f.commands.addHumanUser(f.admin, newHuman({ userId })));
    expect(error.kind).toBe("failed_precondition");
  });

  it("refuses an unknown organisation", async () => {
    const error = await errorOf(f.commands.addHumanUser(f.admin, newHuman({ org: { id: "nope" } })));
    expect(error.id).toBe("COMMAND-OrgNf1");
  });

  it("stores metadata with the user", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman({ metadata: [{ key: "tz", value: new TextEncoder().encode("Europe/Zurich") }] }));
    const stored = await f.db.prisma.userMetadata.findMany({ where: { userId } });
    expect(stored.map((m) => [m.key, Buffer.from(m.value).toString()])).toEqual([["tz", "Europe/Zurich"]]);
  });
});

describe("update", () => {
  it("writes one profile event with only the changed fields", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
    await f.commands.changeHumanUser(f.admin, { userId, profile: { givenName: "Grace", familyName: "Brewster", nickName: "Amazing" } });
    const events = await f.db.prisma.event.findMany({ where: { aggregateId: userId, eventType: "user.human.profile.changed" } });
    expect(events.map((e) => e.payload)).toEqual([{ familyName: "Brewster", nickName: "Amazing" }]);
  });

  it("moves the username claim so the old name is free and the new one taken", async () => {
    const a = await f.commands.addHumanUser(f.admin, newHuman({ username: "old-name" }));
    await f.commands.changeHumanUser(f.admin, { userId: a.userId, username: "New-Name" });
    const b = await f.commands.addHumanUser(f.admin, newHuman({ username: "OLD-NAME" }));
    expect(b.userId).toBeTruthy();
    const error = await errorOf(f.commands.addHumanUser(f.admin, newHuman({ username: "new-name" })));
    expect(error.kind).toBe("already_exists");
  });

  it("records a wrong current password as a failed check and refuses", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman({ password: { plain: "Str0ng!pass", changeRequired: false } }));
    const error = await errorOf(
      f.commands.changeHumanUser(self(userId), { userId, password: { plain: "Oth3r!pass", currentPassword: "Wr0ng!pass", changeRequired: false } }),
    );
    expect(error.kind).toBe("invalid_argument");
    expect((await f.eventTypes(userId)).at(-1)).toBe("user.human.password.check.failed");
    expect((await f.deps.loadUser(userId))!.failedPasswordAttempts).toBe(1);
  });

  it("refuses the current password as the new one", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman({ password: { plain: "Str0ng!pass", changeRequired: false } }));
    const error = await errorOf(
      f.commands.changeHumanUser(self(userId), { userId, password: { plain: "Str0ng!pass", currentPassword: "Str0ng!pass", changeRequired: false } }),
    );
    expect(error.id).toBe("COMMAND-PwSame1");
  });

  it("refuses current_password when the user has none", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
    const error = await errorOf(f.commands.changeHumanUser(self(userId), { userId, password: { plain: "Str0ng!pass", currentPassword: "x", changeRequired: false } }));
    expect(error.id).toBe("COMMAND-PwNone1");
  });

  it("lets users change their own profile but not mark their email verified", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
    await f.commands.changeHumanUser(self(userId), { userId, profile: { givenName: "Me", familyName: "Myself" } });
    // Refused as ZITADEL refuses: NotFound without any membership on the instance or in the user's org,
    // PermissionDenied with one there that does not grant user.write.
    const error = await errorOf(f.commands.changeHumanUser(self(userId), { userId, email: { address: "me@example.com", verification: { mode: "verified" } } }));
    expect([error.kind, error.id]).toEqual(["not_found", "COMMAND-PermUs1"]);
    const stranger = await errorOf(f.commands.changeHumanUser(self("someone-else"), { userId, profile: { givenName: "X", familyName: "Y" } }));
    expect(stranger.kind).toBe("not_found");
    const viewer: Principal = { userId: "viewer", orgId: "org1", instanceRoles: [], orgRoles: new Map([["org1", ["ORG_OWNER_VIEWER"]]]) };
    const denied = await errorOf(f.commands.changeHumanUser(viewer, { userId, profile: { givenName: "X", familyName: "Y" } }));
    expect([denied.kind, denied.id]).toEqual(["permission_denied", "COMMAND-PermUs1"]);
  });

  it("needs the credential permission to set a password without proof, even for oneself", async () => {
    const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
    const error = await errorOf(f.commands.changeHumanUser(self(userId), { userId, password: { plain: "Str0ng!pass", changeRequired: false } }));
    expect(error.id).toBe("COMMAND-PermPw1");
  });

  describe("with a password reset code", () => {
    async function userWithResetCode(code: string, expiresInMs: number) {
      const { userId } = await f.commands.addHumanUser(f.admin, newHuman());
      const row = (await f.deps.loadUser(userId))!;
      await f.deps.eventstore.push({
        aggregateType: "user",
        aggregateId: userId,
        resourceOwner: row.resourceOwner,
        creator: "test",
        expectedSequence: row.sequence,
        events: [{ type: "user.human.password.code.added", payload: {} }],
        root: {
          table: "users",
          row: {
            ...(({ sequence: _s, creationDate: _c, changeDate: _d, ...rest }) => rest)(row),
            codes: { passwordReset: { hash: hashCode(code), expiresAt: new Date(f.clock.now.getTime() + expiresInMs).toISOString(), failedAttempts: 0 } },
          },
        },
      });
      return userId;
    }
    const withCode = (userId: string, code: string) =>
      f.commands.changeHumanUser(self(userId), { userId, password: { plain: "Res3t!pass", verificationCode: code, changeRequired: false } });

    it("sets the password with the right code, once", async () => {
      const userId = await userWithResetCode("ABC123", 60_000);
      await withCode(userId, "ABC123");
      expect((await f.eventTypes(userId)).at(-1)).toBe("user.human.password.changed");
      expect((await errorOf(withCode(userId, "ABC123"))).id).toBe("COMMAND-PwCode1");
    });

    it("refuses a wrong code and voids the code after too many attempts", async () => {
      const userId = await userWithResetCode("ABC123", 60_000);
      for (let i = 0; i < 3; i++) expect((await errorOf(withCode(userId, "WRONG1"))).id).toBe("COMMAND-PwCode4");
      expect((await errorOf(withCode(userId, "ABC123"))).id).toBe("COMMAND-PwCode3");
    });

    it("refuses an expired code", async () => {
      const userId = await userWithResetCode("ABC123", -1);
      expect((await errorOf(withCode(userId, "ABC123"))).id).toBe("COMMAND-PwCode2");
    });
  });
});
