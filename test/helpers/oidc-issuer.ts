// A minimal OpenID Connect issuer on loopback for the JWT tests: a discovery document naming its JWKS, the
// JWKS with the current public keys (generated with jose), and a signer for access tokens. Keys can be
// rotated, and the discovery document can be made to fail or lie, to test the verifier's reactions.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestIssuer {
  /** The issuer identifier: the base URL, without a trailing slash. */
  url: string;
  /** How often the JWKS was fetched. */
  jwksFetches: number;
  /** The discovery document's status, and the issuer it names (default: the real one). */
  discovery: { status: number; issuer?: string };
  /** The keys the JWKS publishes. */
  published: SigningKey[];
  newKey(alg?: "RS256" | "ES256"): Promise<SigningKey>;
  /** Publishes only a fresh key (the old ones disappear) and answers it. */
  rotate(): Promise<SigningKey>;
  /** A signed access token; claims default to a valid token for `audience` expiring in five minutes. */
  sign(claims: JWTPayload, options?: { key?: SigningKey; kid?: string; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

let kids = 0;

export async function startTestIssuer(audience: string): Promise<TestIssuer> {
  const newKey = async (alg: "RS256" | "ES256" = "RS256"): Promise<SigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `key-${++kids}`;
    return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
  };
  const issuer: TestIssuer = {
    url: "",
    jwksFetches: 0,
    discovery: { status: 200 },
    published: [await newKey()],
    newKey,
    async rotate() {
      const key = await newKey();
      issuer.published = [key];
      return key;
    },
    async sign(claims, options = {}) {
      const key = options.key ?? issuer.published[0]!;
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: "JWT" })
        .setIssuer(claims.iss ?? issuer.url)
        .setAudience(claims.aud ?? options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(claims.exp ?? "5m")
        .sign(key.privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/.well-known/openid-configuration") {
      if (issuer.discovery.status !== 200) return send(issuer.discovery.status, { error: "unavailable" });
      return send(200, { issuer: issuer.discovery.issuer ?? issuer.url, jwks_uri: `${issuer.url}/keys` });
    }
    if (request.url === "/keys") {
      issuer.jwksFetches++;
      return send(200, { keys: issuer.published.map((k) => k.publicJwk) });
    }
    send(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return issuer;
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}
