import type { DescService, JsonValue } from "@bufbuild/protobuf";
import type { Code } from "@connectrpc/connect";
import type { DialectJson } from "./dialect-value.js";

// Per-service REST options. By default the gateway speaks grpc-gateway's JSON (ZITADEL's): lowerCamelCase
// names, google.rpc.Status errors with grpc-gateway's statuses. A service that imitates another system's
// REST API gets a dialect instead: plain data (names, statuses, which methods answer without a body) plus
// the two shapes that are the system's own, its success envelope and its error body. The gateway applies
// it to every route of that service; nothing in the gateway knows any particular system.

/** One violated field of a refused request, as the error body of a dialect lists them. */
export interface RestFieldError {
  /** The field path in the dialect's JSON names (`user.first_name`); "" for the request as a whole. */
  readonly field: string;
  readonly description: string;
  readonly reason: string;
}

/** What a dialect's error body is made from. */
export interface RestError {
  readonly status: number;
  readonly code: Code;
  /** The error's message, e.g. `Errors.User.NotFound (COMMAND-UsrNf1)`. */
  readonly message: string;
  /** Every violated field (google.rpc.BadRequest), in order; empty for errors that are not about fields. */
  readonly fields: readonly RestFieldError[];
}

export interface RestDialect {
  /** JSON names of request and response fields: "json" (lowerCamelCase, proto3's default) or "proto" (as written in the .proto). */
  readonly fieldNames: "json" | "proto";
  /** The body `null`: "reject" (InvalidArgument, the default) or "empty" (the empty message, i.e. nothing to change). */
  readonly nullBody?: "reject" | "empty";
  /**
   * Fields of a response that are not set: "omit" (proto3 JSON's default), "defaults" (scalars, lists and maps
   * with their empty value; unset messages left out) or "null" (as "defaults", and unset messages and optional
   * scalars written as null).
   */
  readonly unsetFields?: "omit" | "defaults" | "null";
  /** 64-bit integers as JSON numbers (exact digits) instead of proto3 JSON's strings. */
  readonly int64AsNumber?: boolean;
  /** Request headers passed to the call besides the gateway's own list (lower case). */
  readonly forwardHeaders?: readonly string[];
  /** Methods (by name) whose success is answered without a body (no content-type, length 0). */
  readonly noBodyMethods?: readonly string[];
  /** HTTP statuses that differ from grpc-gateway's mapping of the code. */
  readonly errorStatus?: Partial<Record<Code, number>>;
  /** The success body around the rendered response (e.g. an envelope); default: the response itself. */
  readonly successBody?: (response: DialectJson, status: number) => DialectJson;
  /** The error body. */
  readonly errorBody: (error: RestError) => JsonValue;
}

/** A service served over REST with options of its own. */
export interface RestServiceOptions {
  readonly service: DescService;
  /** Put in front of every path of the service, e.g. `/clone` serves `/v2/user/me` as `/clone/v2/user/me`. */
  readonly pathPrefix?: string;
  readonly dialect?: RestDialect;
}

export type RestService = DescService | RestServiceOptions;

export function restServiceOptions(entry: RestService): RestServiceOptions {
  return "service" in entry ? entry : { service: entry };
}
