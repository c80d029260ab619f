// Assertions on the outcome of one call, shared by the API tests. The REST statuses are written out here
// rather than imported from the gateway, so a wrong mapping there fails the tests instead of agreeing with them.
import { Code } from "@connectrpc/connect";
import { expect } from "vitest";
import type { JsonObject, Outcome } from "./protocols.js";

/** grpc-gateway's HTTP status per gRPC code, for the codes our API answers. */
export const httpStatus: Partial<Record<Code, number>> = {
  [Code.InvalidArgument]: 400,
  [Code.FailedPrecondition]: 400,
  [Code.OutOfRange]: 400,
  [Code.Unauthenticated]: 401,
  [Code.PermissionDenied]: 403,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.Aborted]: 409,
  [Code.ResourceExhausted]: 429,
  [Code.Unavailable]: 503,
};

/** The answer of a call that must succeed. */
export function ok(outcome: Outcome): JsonObject {
  if (!outcome.ok) throw new Error(`expected success, got ${Code[outcome.code]}: ${outcome.message}`);
  return outcome.json;
}

export function codeOf(outcome: Outcome): Code | "OK" {
  return outcome.ok ? "OK" : outcome.code;
}

/** Checks a refusal: its code, optionally ZITADEL's error id, and over REST the matching HTTP status. */
export function expectError(outcome: Outcome, protocol: string, code: Code, errorId?: string): Outcome & { ok: false } {
  if (outcome.ok) throw new Error(`expected ${Code[code]}, got success ${JSON.stringify(outcome.json)}`);
  expect(outcome.code, outcome.message).toBe(code);
  if (errorId) expect(outcome.errorId).toBe(errorId);
  if (protocol === "rest") expect(outcome.httpStatus).toBe(httpStatus[code]);
  return outcome;
}
