// The JWT verifier against a real OpenID Connect issuer on loopback (discovery document + JWKS, keys made with
// jose) and a real database: which tokens become callers, which are refused, key rotation, and what the
// caller is told when the issuer's keys cannot be had.
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeUserState } from "../../src/command/user/user-state-change.js";
import { DomainError } from "../../src/domain/errors.js";
import { createJwtResolver, type JwtResolverOptions } from "../../src/query/principal-by-jwt.js";
import { createCommandFixture, type CommandFixture } from "../command/command-fixture.js";
import { startTestIssuer, unsignedToken, type TestIssuer } from "../helpers/oidc-issuer.js";

const AUDIENCE = "user-service";
let f: CommandFixture;
let issuer: TestIssuer;
let userId: string;

beforeAll(async () => {
  f = await createCommandFixture();
  issuer = await startTestIssuer(AUDIENCE);
  userId = await human("jwt-user");
  await f.db.prisma.membership.create({ data: { userId, orgId: f.orgId, roles: ["ORG_USER_MANAGER"] } });
});
afterAll(async () => {
  await issuer?.close();
  await f?.close();
});

let serial = 0;
async function human(tag: string): Promise<string> {
  const username = `${tag}-${++serial}`;
  const input = { username, profile: { givenName: "J", familyName: "W" }, email: { address: `${username}@example.com`, verification: { mode: "verified" as const } }, metadata: [] };
  return (await f.commands.addHumanUser(f.admin, input)).userId;
}

const resolver = (options: Partial<JwtResolverOptions> = {}) =>
  createJwtResolver(f.db.prisma, { issuer: issuer.url, audience: [AUDIENCE], jwksCooldownMs: 0, ...options });

describe("a valid token", () => {
  it("becomes its user with the user's organisation and roles", async () => {
    const principal = await resolver().resolve(await issuer.sign({ sub: userId }));
    expect(principal).toEqual({ userId, orgId: f.orgId, instanceRoles: [], orgRoles: new Map([[f.orgId, ["ORG_USER_MANAGER"]]]) });
  });

  it("is accepted with any one of several configured audiences, and with several audiences of its own", async () => {
    const token = await issuer.sign({ sub: userId, aud: ["other-api", AUDIENCE] });
    expect((await resolver({ audience: ["something", AUDIENCE] }).resolve(token))?.userId).toBe(userId);
  });

  it("signed with an EC key is accepted too", async () => {
    const ec = await issuer.newKey("ES256");
    issuer.published = [...issuer.published, ec];
    expect((await resolver().resolve(await issuer.sign({ sub: userId }, { key: ec })))?.userId).toBe(userId);
  });
});

describe("refused tokens", () => {
  it.each([
    ["another issuer", async () => issuer.sign({ sub: userId, iss: "https://evil.example.com" })],
    ["another audience", async () => issuer.sign({ sub: userId }, { audience: "other-api" })],
    ["an expired token", async () => issuer.sign({ sub: userId, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ["alg none", async () => unsignedToken({ sub: userId, iss: issuer.url, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })],
    ["a forged payload (signature of another)", async () => {
      const [header, , signature] = (await issuer.sign({ sub: "someone-else" })).split(".");
      const payload = Buffer.from(JSON.stringify({ sub: userId, iss: issuer.url, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })).toString("base64url");
      return `${header}.${payload}.${signature}`;
    }],
    ["a key the issuer does not publish", async () => issuer.sign({ sub: userId }, { key: await issuer.newKey(), kid: "not-published" })],
    ["a published key id with a foreign key", async () => issuer.sign({ sub: userId }, { key: await issuer.newKey(), kid: issuer.published[0]!.kid })],
    ["HS256 keyed with the public key (algorithm confusion)", async () => {
      const secret = new TextEncoder().encode(JSON.stringify(issuer.published[0]!.publicJwk));
      return new SignJWT({ sub: userId }).setProtectedHeader({ alg: "HS256", kid: issuer.published[0]!.kid }).setIssuer(issuer.url).setAudience(AUDIENCE).setExpirationTime("5m").sign(secret);
    }],
    ["no exp claim", async () => {
      const key = issuer.published[0]!;
      return new SignJWT({ sub: userId }).setProtectedHeader({ alg: key.alg, kid: key.kid }).setIssuer(issuer.url).setAudience(AUDIENCE).sign(key.privateKey);
    }],
    ["an unknown user", async () => issuer.sign({ sub: "4711" })],
    ["garbage in JWT shape", async () => "abc.def.ghi"],
  ])("%s", async (_, token) => {
    expect(await resolver().resolve(await token())).toBeUndefined();
  });

  it("a user who is no longer active", async () => {
    const inactive = await human("inactive");
    const token = await issuer.sign({ sub: inactive });
    expect(await resolver().resolve(token)).toBeDefined();
    await changeUserState(f.deps, f.admin, inactive, "deactivate");
    expect(await resolver({ cacheMs: 0 }).resolve(token)).toBeUndefined();
  });
});

describe("key rotation", () => {
  it("fetches the keys again when a token names a new one, and then refuses the retired key", async () => {
    const verifier = resolver();
    const old = await issuer.sign({ sub: userId });
    expect(await verifier.resolve(old)).toBeDefined();
    const fetches = issuer.jwksFetches;
    const fresh = await issuer.rotate();
    expect((await verifier.resolve(await issuer.sign({ sub: userId }, { key: fresh })))?.userId).toBe(userId);
    expect(issuer.jwksFetches).toBe(fetches + 1);
    expect(await verifier.resolve(old)).toBeUndefined();
  });

  it("fetches unknown keys at most once per cooldown", async () => {
    const verifier = resolver({ jwksCooldownMs: 60_000 });
    expect(await verifier.resolve(await issuer.sign({ sub: userId }))).toBeDefined();
    const fetches = issuer.jwksFetches;
    const stranger = await generateKeyPair("RS256");
    for (let i = 0; i < 3; i++) {
      const token = await new SignJWT({ sub: userId }).setProtectedHeader({ alg: "RS256", kid: `probe-${i}` }).setIssuer(issuer.url).setAudience(AUDIENCE).setExpirationTime("5m").sign(stranger.privateKey);
      expect(await verifier.resolve(token)).toBeUndefined();
    }
    expect(issuer.jwksFetches).toBe(fetches);
  });
});

describe("when the issuer cannot be asked", () => {
  const unavailable = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("unavailable");
  };

  it("answers Unavailable while discovery fails, and recovers once it works", async () => {
    const verifier = resolver();
    const token = await issuer.sign({ sub: userId });
    issuer.discovery = { status: 503 };
    await unavailable(verifier.resolve(token));
    issuer.discovery = { status: 200 };
    expect((await verifier.resolve(token))?.userId).toBe(userId);
  });

  it("refuses a discovery document that names another issuer", async () => {
    issuer.discovery = { status: 200, issuer: "https://evil.example.com" };
    try {
      await unavailable(resolver().resolve(await issuer.sign({ sub: userId })));
    } finally {
      issuer.discovery = { status: 200 };
    }
  });

  it("answers Unavailable when the issuer is unreachable", async () => {
    await unavailable(resolver({ issuer: "http://127.0.0.1:9", fetchTimeoutMs: 2000 }).resolve(await issuer.sign({ sub: userId, iss: "http://127.0.0.1:9" })));
  });
});
