// ZITADEL's own TypeScript SDK, unmodified, against our server over gRPC (h2c).
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

it("surfaces our errors as ZITADEL's SDK expects them", async () => {
  const users = createUserServiceClient(createServerTransport("wrong-token", { baseUrl: server.url }));
  const error = await users.getUserByID({ userId: "1" }).catch((e: unknown) => ConnectError.from(e));
  expect(error).toBeInstanceOf(ConnectError);
  expect((error as ConnectError).code).toBe(Code.Unauthenticated);
});
