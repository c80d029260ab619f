// The request's preconditions, checked on the loaded write model right before a user command pushes (inside
// Eventstore.execute, so under the user's lock and again after every retry on fresh state): the user must still
// be at the sequence the caller last saw (If-Match), and the call must still be wanted (deadline, client gone).
import { DomainError, failedPrecondition } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";

/** The error id of a stale If-Match; the REST gateway answers it 412 Precondition Failed. */
export const STALE_SEQUENCE_ID = "COMMAND-IfMtch1";

export function checkPreconditions(deps: Pick<CommandDeps, "expectedSequence" | "signal">, row: { sequence: number }): void {
  if (deps.signal?.aborted) throw abortReason(deps.signal);
  if (deps.expectedSequence !== undefined && deps.expectedSequence !== row.sequence) {
    throw failedPrecondition(STALE_SEQUENCE_ID, `Errors.User.Changed: the user is at sequence ${row.sequence}, not ${deps.expectedSequence} (If-Match)`);
  }
}

/** What the signal was aborted with (the protocol layer's DeadlineExceeded or Canceled error), passed on as it is. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DomainError("deadline_exceeded", "COMMAND-Deadln1", "Errors.DeadlineExceeded");
}
