// Authenticates every RPC by its bearer token and hands the caller to the handlers as a context value. A token
// shaped like a JWT (three base64url parts) goes to the OpenID Connect verifier when one is configured; any
// other token is looked up as a personal access token.
import type { Interceptor } from "@connectrpc/connect";
import { principalKey, reauthenticateKey } from "../api/request-context.js";
import type { Principal } from "../domain/principal.js";
import { unauthenticated } from "../domain/errors.js";
import type { TokenResolver } from "../query/principal-by-token.js";

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The resolver chain: JWT-shaped tokens to `jwts` (refused when there is none), the rest to `personalAccessTokens`. */
function resolverFor(token: string, personalAccessTokens: TokenResolver, jwts: TokenResolver | undefined): TokenResolver | undefined {
  return JWT_SHAPE.test(token) ? jwts : personalAccessTokens;
}

/**
 * `publicServices`: fully-qualified names of services called without a token (health and reflection: they
 * describe the server, never its data, and probes and tools like grpcurl carry no credentials).
 */
export function authInterceptor(personalAccessTokens: TokenResolver, jwts?: TokenResolver, publicServices: ReadonlySet<string> = new Set()): Interceptor {
  return (next) => async (request) => {
    if (publicServices.has(request.service.typeName)) return next(request);
    const { principal, reauthenticate } = await authenticateBearer(request.header.get("authorization"), personalAccessTokens, jwts);
    request.contextValues.set(principalKey, principal);
    request.contextValues.set(reauthenticateKey, reauthenticate);
    return next(request);
  };
}

/** The caller an `Authorization: Bearer …` header names, or Unauthenticated (also for the SCIM edge). */
export async function principalOfBearer(header: string | null | undefined, personalAccessTokens: TokenResolver, jwts?: TokenResolver): Promise<Principal> {
  return (await authenticateBearer(header, personalAccessTokens, jwts)).principal;
}

async function authenticateBearer(
  header: string | null | undefined,
  personalAccessTokens: TokenResolver,
  jwts: TokenResolver | undefined,
): Promise<{ principal: Principal; reauthenticate: () => Promise<Principal | undefined> }> {
  if (!header) throw unauthenticated("AUTH-NoToken", "Errors.Token.Missing: send Authorization: Bearer <token>");
  const match = BEARER.exec(header.trim());
  if (!match) throw unauthenticated("AUTH-BadToken", "Errors.Token.Invalid: the Authorization header is not a bearer token");
  const token = match[1]!;
  const resolver = resolverFor(token, personalAccessTokens, jwts);
  const principal = await resolver?.resolve(token);
  if (!resolver || !principal) throw unauthenticated("AUTH-Unknown", "Errors.Token.Invalid: the token is unknown, expired or revoked");
  return { principal, reauthenticate: () => resolver.resolve(token) };
}
