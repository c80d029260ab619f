// A bearer token for an existing user, for API tests that call as that user (self-service) rather than as
// the administrator. AddPersonalAccessToken issues tokens to machine users only (as ZITADEL), so for humans the
// test writes the token's projection row the way the bootstrap does; authentication then runs unchanged.
import { randomBytes } from "node:crypto";
import { hashToken } from "../../src/domain/token-hash.js";
import type { TestServer } from "./app-server.js";

export async function issueUserToken(server: TestServer, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await server.app.database.prisma.personalAccessToken.create({
    data: {
      id: `test-${randomBytes(6).toString("hex")}`,
      userId,
      tokenHash: hashToken(token),
      expirationDate: new Date(Date.now() + 60 * 60 * 1000),
      creationDate: new Date(),
    },
  });
  return token;
}
