// ZITADEL's own TypeScript SDK, unmodified, against our server over gRPC (h2c): the deprecated calls
// (addHumanUser, updateHumanUser) and their successors (createUser, updateUser).
import { createServerTransport } from "@zitadel/client/node";
import { createUserServiceClient } from "@zitadel/client/v2";
import { ConnectError, Code } from "@connectrpc/connect";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/app-server.js";

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server?.stop();
  await server?.drop();
});

it("creates, reads and updates a user with ZITADEL's SDK", async () => {
  const users = createUserServiceClient(createServerTransport(server.adminToken, { baseUrl: server.url }));
  const added = await users.addHumanUser({
    username: "sdk-user",
    profile: { givenName: "Sdk", familyName: "User" },
    email: { email: "sdk@example.com", verification: { case: "isVerified", value: true } },
  });
  expect(added.userId).toMatch(/^\d+$/);
  expect(added.details?.sequence).toBe(2n);

  const updated = await users.updateHumanUser({ userId: added.userId, profile: { givenName: "Sdk", familyName: "Changed" } });
  expect(updated.details?.sequence).toBe(3n);
  expect(updated.details?.creationDate).toEqual(added.details?.creationDate);

  const { user } = await users.getUserByID({ userId: added.userId });
  expect(user?.type.case).toBe("human");
  if (user?.type.case === "human") {
    expect(user.type.value.profile?.familyName).toBe("Changed");
    expect(user.type.value.email).toMatchObject({ email: "sdk@example.com", isVerified: true });
  }
});

it("creates users with createUser and changes them with updateUser, ZITADEL's current calls", async () => {
  const users = createUserServiceClient(createServerTransport(server.adminToken, { baseUrl: server.url }));
  const { user: admin } = await users.getUserByID({ userId: server.app.bootstrap.adminUserId });
  const organizationId = admin!.details!.resourceOwner;

  const human = await users.createUser({
    organizationId,
    username: "sdk-current",
    userType: {
      case: "human",
      value: { profile: { givenName: "Grace", familyName: "Hopper" }, email: { email: "grace@example.com", verification: { case: "returnCode", value: {} } } },
    },
  });
  expect(human.id).toMatch(/^\d+$/);
  expect(human.emailCode).toMatch(/^[A-Z0-9]{6}$/);
  const changed = await users.updateUser({
    userId: human.id,
    userType: {
      case: "human",
      value: {
        profile: { nickName: "Amazing Grace" },
        phone: { phone: "+41791234567", verification: { case: "returnCode", value: {} } },
      },
    },
  });
  expect(changed.changeDate!.seconds).toBeGreaterThanOrEqual(human.creationDate!.seconds);
  expect(changed.phoneCode).toMatch(/^[A-Z0-9]{6}$/);
  const { user } = await users.getUserByID({ userId: human.id });
  if (user?.type.case !== "human") throw new Error("expected a human user");
  expect(user.type.value.profile).toMatchObject({ givenName: "Grace", familyName: "Hopper", nickName: "Amazing Grace" });

  const machine = await users.createUser({ organizationId, userType: { case: "machine", value: { name: "SDK bot" } } });
  await users.updateUser({ userId: machine.id, userType: { case: "machine", value: { description: "made by the SDK" } } });
  const { user: bot } = await users.getUserByID({ userId: machine.id });
  expect(bot?.type).toMatchObject({ case: "machine", value: { name: "SDK bot", description: "made by the SDK" } });

  // The wrong branch for the user's type is NotFound, as ZITADEL answers.
  const wrong = await users.updateUser({ userId: machine.id, userType: { case: "human", value: { profile: { nickName: "x" } } } }).catch((e: unknown) => ConnectError.from(e));
  expect((wrong as ConnectError).code).toBe(Code.NotFound);
});

it("surfaces our errors as ZITADEL's SDK expects them", async () => {
  const users = createUserServiceClient(createServerTransport("wrong-token", { baseUrl: server.url }));
  const error = await users.getUserByID({ userId: "1" }).catch((e: unknown) => ConnectError.from(e));
  expect(error).toBeInstanceOf(ConnectError);
  expect((error as ConnectError).code).toBe(Code.Unauthenticated);
});
