// Resolves a bearer token to the caller. Tokens are stored only as SHA-256 hashes; a hit is cached for a
// few seconds (bounded staleness, stated in the README) so authentication costs no round trip on hot paths.
import { createHash } from "node:crypto";
import type { Principal } from "../command/principal.js";
import { UserState } from "../command/user/user-row.js";
import type { PrismaClient } from "../gen/prisma/client.js";

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

interface Cached {
  principal: Principal | undefined;
  validUntil: number;
}

export interface TokenResolverOptions {
  cacheMs?: number;
  maxEntries?: number;
}

export function createTokenResolver(prisma: PrismaClient, options: TokenResolverOptions = {}) {
  const cacheMs = options.cacheMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, Cached>();

  async function load(tokenHash: string, now: number): Promise<Cached> {
    const token = await prisma.personalAccessToken.findUnique({ where: { tokenHash } });
    if (!token || token.expirationDate.getTime() <= now) return { principal: undefined, validUntil: now + cacheMs };
    const [user, memberships] = await Promise.all([
      prisma.user.findUnique({ where: { id: token.userId }, select: { id: true, resourceOwner: true, state: true } }),
      prisma.membership.findMany({ where: { userId: token.userId } }),
    ]);
    if (!user || user.state !== UserState.active) return { principal: undefined, validUntil: now + cacheMs };
    const principal: Principal = {
      userId: user.id,
      orgId: user.resourceOwner,
      instanceRoles: memberships.find((m) => m.orgId === "")?.roles ?? [],
      orgRoles: new Map(memberships.filter((m) => m.orgId !== "").map((m) => [m.orgId, m.roles])),
    };
    return { principal, validUntil: Math.min(now + cacheMs, token.expirationDate.getTime()) };
  }

  return {
    async resolve(token: string): Promise<Principal | undefined> {
      const tokenHash = hashToken(token);
      const now = Date.now();
      const hit = cache.get(tokenHash);
      if (hit && hit.validUntil > now) return hit.principal;
      const fresh = await load(tokenHash, now);
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(tokenHash, fresh);
      return fresh.principal;
    },
  };
}

export type TokenResolver = ReturnType<typeof createTokenResolver>;
