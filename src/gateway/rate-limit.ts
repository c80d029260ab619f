// Per-caller rate limiting (rate-limiter-flexible; counts in memory or in a store all servers share, see
// rate-limit-store.ts): authenticated calls count against the caller's
// user id; calls that fail authentication count against the client's address, and once it is over the limit
// they are answered ResourceExhausted instead of Unauthenticated, while valid tokens from the same address
// (callers behind one proxy) go on. Over the limit: ResourceExhausted with
// google.rpc.RetryInfo and a `retry-after` header (seconds), which the REST gateway passes on with its 429.
//
// A fixed window of RATE_LIMIT_BURST calls per BURST/RATE seconds: up to BURST at once, RATE per second on
// average. In memory the limiter is a Map lookup and a counter per call; a shared store costs one round trip.
//
// The same counts serve requests that authenticate outside the RPC layer (SCIM, `RequestRateLimit`): a
// caller's SCIM calls and RPCs draw on one budget.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey, type Interceptor, type UnaryRequest, type StreamRequest } from "@connectrpc/connect";
import { RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../domain/errors.js";
import { RetryInfoSchema } from "../gen/google/rpc/error_details_pb.js";
import { ErrorDetailSchema } from "../gen/zitadel/message_pb.js";
import type { Principal } from "../domain/principal.js";
import { principalKey } from "../api/request-context.js";
import type { RateLimitStore } from "./rate-limit-store.js";

/** The network peer of a call, set by the RPC listener; absent on the REST gateway's in-process calls. */
export const clientAddressKey = createContextKey<string | undefined>(undefined, { description: "client address" });

export interface RateLimitOptions {
  /** Average calls per second per caller; 0 turns limiting off. */
  perSecond: number;
  /** Calls at once (the window's size). */
  burst: number;
}

export interface RateLimitInterceptors {
  /** Goes before authentication: refuses an address that failed authentication too often, counts each failure. */
  failedAuthentication: Interceptor;
  /** Goes after authentication: counts every call of the caller. */
  perCaller: Interceptor;
  /** The same limits for requests outside the RPC layer. */
  requests: RequestRateLimit;
}

/** The limiter's steps for a request that authenticates by itself; each throws ResourceExhausted when over. */
export interface RequestRateLimit {
  /** Before authentication: a request without credentials from an address over its limit is refused. */
  admit(address: string, hasCredentials: boolean): Promise<void>;
  /** A request that failed authentication counts against its address. */
  failedAuthentication(address: string): Promise<void>;
  /** Every request counts against its caller, or its address when it needs no token. */
  count(caller: Principal | undefined, address: string): Promise<void>;
}

const ID = "GATEWAY-Rate1";

/** The window the counts live in: `points` calls per `durationSeconds`; undefined when limiting is off. */
export interface RateLimitWindow {
  points: number;
  durationSeconds: number;
}

export function rateLimitWindow(options: RateLimitOptions): RateLimitWindow | undefined {
  if (options.perSecond <= 0) return undefined;
  const points = Math.max(1, options.burst);
  return { points, durationSeconds: points / options.perSecond };
}

export function rateLimitInterceptors({ points }: RateLimitWindow, limiter: RateLimitStore): RateLimitInterceptors {
  const consume = async (key: string): Promise<void> => {
    try {
      await limiter.consume(key);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) throw exhausted(outcome.msBeforeNext);
      throw outcome;
    }
  };
  const requests: RequestRateLimit = {
    // A call without credentials from an address over its limit is refused at once. Calls with a token are
    // still checked: callers behind one proxy share an address, and a valid token must keep working.
    async admit(address, hasCredentials) {
      if (hasCredentials) return;
      const seen = await limiter.get(`ip:${address}`);
      if (seen !== null && seen.consumedPoints >= points) throw exhausted(seen.msBeforeNext);
    },
    failedAuthentication: (address) => consume(`ip:${address}`),
    count: (caller, address) => consume(caller ? `user:${caller.userId}` : `ip:${address}`),
  };
  return {
    requests,
    failedAuthentication: (next) => async (request) => {
      const address = clientAddress(request);
      await requests.admit(address, request.header.has("authorization"));
      try {
        return await next(request);
      } catch (error) {
        if (isUnauthenticated(error)) await requests.failedAuthentication(address);
        throw error;
      }
    },
    perCaller: (next) => async (request) => {
      await requests.count(request.contextValues.get(principalKey), clientAddress(request));
      return next(request);
    },
  };
}

/** The peer address; for REST's in-process call, the address the gateway appended to x-forwarded-for. */
function clientAddress(request: UnaryRequest | StreamRequest): string {
  const peer = request.contextValues.get(clientAddressKey);
  if (peer !== undefined) return peer;
  const forwarded = request.header.get("x-forwarded-for");
  return forwarded?.slice(forwarded.lastIndexOf(",") + 1).trim() || "unknown";
}

export function isUnauthenticated(error: unknown): boolean {
  return (error instanceof DomainError && error.kind === "unauthenticated") || (error instanceof ConnectError && error.code === Code.Unauthenticated);
}

function exhausted(msBeforeNext: number): ConnectError {
  const ms = Math.max(1, Math.ceil(msBeforeNext));
  return new ConnectError(
    `Errors.ResourceExhausted: too many calls, retry in ${ms} ms (${ID})`,
    Code.ResourceExhausted,
    { "retry-after": String(Math.ceil(ms / 1000)) },
    [
      { desc: ErrorDetailSchema, value: create(ErrorDetailSchema, { id: ID, message: "Errors.ResourceExhausted: too many calls" }) },
      { desc: RetryInfoSchema, value: create(RetryInfoSchema, { retryDelay: { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 } }) },
    ],
  );
}
