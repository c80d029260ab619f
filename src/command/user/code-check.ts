// Checks a one-time code (email, phone, password reset) against the pending one, with one rule for all:
// nothing pending, expired, or voided by too many wrong tries is a precondition the caller cannot fix by
// retyping (FailedPrecondition); a wrong code is the caller's mistake (InvalidArgument) and is itself a
// fact, recorded so the attempts add up to the limit. A matching code is spent by the event that uses it.
import { DomainError, failedPrecondition, invalidArgument } from "../../domain/errors.js";
import { codeMatches } from "../../domain/secret-code.js";
import type { PendingEvent } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import type { PendingCode } from "../../domain/user-row.js";

export interface CodeCheckSpec {
  /** The event recording a wrong code. */
  failedEvent: string;
  /** The request field the code came in, for the violation. */
  field: string;
  /** Error ids per refusal, so each is searchable on its own. */
  ids: { missing: string; expired: string; exhausted: string; mismatch: string };
}

export type CodeCheck = { ok: true } | { ok: false; events: PendingEvent[]; error: DomainError };

/** Throws the FailedPrecondition refusals; answers a mismatch as the failure event to record and its error. */
export function checkCode(
  deps: Pick<CommandDeps, "now" | "maxCodeAttempts">,
  pending: PendingCode | undefined,
  given: string,
  spec: CodeCheckSpec,
): CodeCheck {
  if (!pending) throw failedPrecondition(spec.ids.missing, "Errors.User.Code.NotFound: no code is pending");
  if (Date.parse(pending.expiresAt) <= deps.now().getTime()) {
    throw failedPrecondition(spec.ids.expired, "Errors.User.Code.Expired: request a new code");
  }
  if (pending.failedAttempts >= deps.maxCodeAttempts) {
    throw failedPrecondition(spec.ids.exhausted, "Errors.User.Code.TooManyAttempts: request a new code");
  }
  if (codeMatches(given, pending.hash)) return { ok: true };
  return {
    ok: false,
    events: [{ type: spec.failedEvent, payload: {} }],
    error: invalidArgument(spec.ids.mismatch, "Errors.User.Code.Invalid", [
      { field: spec.field, rule: "code.mismatch", description: "the verification code is wrong" },
    ]),
  };
}
