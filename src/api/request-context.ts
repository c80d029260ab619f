// What the gateway learns about a call and hands to the handlers as context values: the authenticated caller (set
// by src/gateway/auth.ts) and the user sequence an If-Match header names (set by src/gateway/precondition.ts).
// The keys live here, beside the handlers that read them, so the gateway depends on the API and not the reverse.
import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { unauthenticated } from "../domain/errors.js";
import type { Principal } from "../domain/principal.js";

export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "authenticated caller" });

/**
 * Authenticates the call's token again (through the resolvers' short cache): long-lived streams ask it before
 * each batch, so a revoked or expired token, or changed roles, take effect while the stream is open.
 */
export const reauthenticateKey = createContextKey<(() => Promise<Principal | undefined>) | undefined>(undefined, { description: "authenticate the caller again" });

/** The sequence the caller last saw, for the RPCs that change one existing user; undefined: no precondition. */
export const expectedSequenceKey = createContextKey<number | undefined>(undefined, { description: "If-Match sequence" });

/** Authenticates the caller of a long-lived call again; undefined once the token is no longer valid. */
export function reauthenticatorOf(context: HandlerContext): () => Promise<Principal | undefined> {
  const again = context.values.get(reauthenticateKey);
  const caller = callerOf(context);
  return again ?? (async () => caller);
}

/** The caller of an authenticated RPC (the interceptor guarantees one). */
export function callerOf(context: HandlerContext): Principal {
  const principal = context.values.get(principalKey);
  if (!principal) throw unauthenticated("AUTH-NoCaller", "Errors.Token.Missing");
  return principal;
}
