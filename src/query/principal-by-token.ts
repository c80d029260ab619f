// Resolves a personal access token to the caller. Tokens are stored only as SHA-256 hashes. An answer (also
// "unknown") is cached for a few seconds, so a removed token, or one whose user was locked, deactivated or
// deleted, keeps working at most that long (on every server: the bound holds without cross-server
// invalidation); an expired token stops at its expiry, which every cache hit respects.
import type { Principal } from "../domain/principal.js";
import { hashToken } from "../domain/token-hash.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { loadPrincipal } from "./principal-of-user.js";
import { TtlCache } from "./ttl-cache.js";

/** Turns a bearer token into the caller, or undefined when the token is not valid. */
export interface TokenResolver {
  resolve(token: string): Promise<Principal | undefined>;
}

export interface TokenResolverOptions {
  cacheMs?: number;
  maxEntries?: number;
}

export function createTokenResolver(prisma: PrismaClient, options: TokenResolverOptions = {}): TokenResolver {
  const cacheMs = options.cacheMs ?? 5_000;
  const cache = new TtlCache<Principal | undefined>(options.maxEntries ?? 10_000);

  return {
    async resolve(token: string): Promise<Principal | undefined> {
      const tokenHash = hashToken(token);
      const now = Date.now();
      const hit = cache.get(tokenHash, now);
      if (hit.found) return hit.value;
      const stored = await prisma.personalAccessToken.findUnique({ where: { tokenHash } });
      const valid = stored !== null && stored.expirationDate.getTime() > now;
      const user = valid ? await loadPrincipal(prisma, stored.userId) : undefined;
      const principal = user && stored ? { ...user, tokenId: stored.id } : undefined;
      const validUntil = valid && principal ? Math.min(now + cacheMs, stored.expirationDate.getTime()) : now + cacheMs;
      cache.set(tokenHash, principal, validUntil);
      return principal;
    },
  };
}
