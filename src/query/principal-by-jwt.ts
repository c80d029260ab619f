// Resolves a JWT access token of the configured OpenID Connect issuer to the caller: the signature is checked
// with the issuer's published keys (discovery document → jwks_uri, fetched and cached by jose, which fetches
// again when a token names a key it does not know: key rotation), then issuer, audience and expiry; `sub` is
// the user id, and that user must exist and be active. Every token is verified on every request (cheap with
// cached keys); only the user's principal is cached for a few seconds, as for personal access tokens.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { Principal } from "../domain/principal.js";
import { DomainError } from "../domain/errors.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import type { TokenResolver } from "./principal-by-token.js";
import { loadPrincipal } from "./principal-of-user.js";
import { TtlCache } from "./ttl-cache.js";

/** Asymmetric signatures only: "none" and shared-secret (HS*) algorithms can never verify a token here. */
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

export interface JwtResolverOptions {
  /** Compared exactly with the discovery document's `issuer` and every token's `iss`. */
  issuer: string;
  /** A token's `aud` must contain one of these. */
  audience: readonly string[];
  /** How long a user's principal is reused. Default 5000. */
  cacheMs?: number;
  /** Seconds of clock difference tolerated for `exp` and `nbf`. Default 30. */
  clockToleranceSeconds?: number;
  /** Least time between two key fetches triggered by unknown keys (jose's cooldown). Default 30000. */
  jwksCooldownMs?: number;
  /** Timeout of the discovery and key requests. Default 5000. */
  fetchTimeoutMs?: number;
  /** Told why the issuer's keys could not be had (the caller only learns Unavailable). */
  logger?: Pick<Logger, "warn">;
}

// Token faults: the token is refused (Unauthenticated). Anything else while verifying — the issuer's
// discovery document or keys cannot be fetched or read — is the service's problem (Unavailable).
const tokenFaults = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

export function createJwtResolver(prisma: PrismaClient, options: JwtResolverOptions): TokenResolver {
  const cacheMs = options.cacheMs ?? 5_000;
  const timeoutMs = options.fetchTimeoutMs ?? 5_000;
  const principals = new TtlCache<Principal | undefined>(10_000);
  let keys: Promise<JWTVerifyGetKey> | undefined;

  async function discoverKeys(): Promise<JWTVerifyGetKey> {
    const url = `${options.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!response.ok) throw new Error(`discovery document ${url} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the issuer it was fetched for.
    if (document.issuer !== options.issuer) throw new Error(`discovery document names issuer ${String(document.issuer)}`);
    if (typeof document.jwks_uri !== "string" || !/^https?:\/\//.test(document.jwks_uri)) {
      throw new Error("discovery document has no http(s) jwks_uri");
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
    });
  }

  function keySet(): Promise<JWTVerifyGetKey> {
    // One discovery for all concurrent requests; a failed one is tried again by the next request.
    keys ??= discoverKeys().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  }

  async function verify(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, await keySet(), {
        issuer: options.issuer,
        audience: [...options.audience],
        algorithms: ALGORITHMS,
        requiredClaims: ["exp", "sub"],
        clockTolerance: options.clockToleranceSeconds ?? 30,
      });
      return payload.sub;
    } catch (error) {
      if (tokenFaults.some((fault) => error instanceof fault)) return undefined;
      options.logger?.warn({ err: error, issuer: options.issuer }, "cannot fetch the token issuer's keys");
      const message = "Errors.Token.KeysUnavailable: the token issuer's keys cannot be fetched, try again";
      throw new DomainError("unavailable", "AUTH-JwksDown", message, [], { cause: error });
    }
  }

  return {
    async resolve(token: string): Promise<Principal | undefined> {
      const userId = await verify(token);
      if (!userId) return undefined;
      const now = Date.now();
      const hit = principals.get(userId, now);
      if (hit.found) return hit.value;
      const principal = await loadPrincipal(prisma, userId);
      principals.set(userId, principal, now + cacheMs);
      return principal;
    },
  };
}
