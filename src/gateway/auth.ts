// Authenticates every RPC by its bearer token and hands the caller to the handlers as a context value.
import { createContextKey, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import type { Principal } from "../command/principal.js";
import { unauthenticated } from "../domain/errors.js";
import type { TokenResolver } from "../query/principal-by-token.js";

export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "authenticated caller" });

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/i;

export function authInterceptor(tokens: TokenResolver): Interceptor {
  return (next) => async (request) => {
    const header = request.header.get("authorization");
    if (!header) throw unauthenticated("AUTH-NoToken", "Errors.Token.Missing: send Authorization: Bearer <token>");
    const match = BEARER.exec(header.trim());
    if (!match) throw unauthenticated("AUTH-BadToken", "Errors.Token.Invalid: the Authorization header is not a bearer token");
    const principal = await tokens.resolve(match[1]!);
    if (!principal) throw unauthenticated("AUTH-Unknown", "Errors.Token.Invalid: the token is unknown, expired or revoked");
    request.contextValues.set(principalKey, principal);
    return next(request);
  };
}

/** The caller of an authenticated RPC (the interceptor guarantees one). */
export function callerOf(context: HandlerContext): Principal {
  const principal = context.values.get(principalKey);
  if (!principal) throw unauthenticated("AUTH-NoCaller", "Errors.Token.Missing");
  return principal;
}
