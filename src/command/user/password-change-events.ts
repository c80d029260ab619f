// The events of a password change, or the refusal: a failed proof (wrong current password, wrong reset
// code) is recorded on its own push before the request is refused, so lockout and code limits count it
// even though nothing else of the request is stored. Shared by UpdateHumanUser and SetPassword.
import type { PendingEvent } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import type { PasswordInput } from "./inputs.js";
import { decidePassword, type PasswordProofFields } from "./password-decision.js";
import { pushUserChange } from "./push-user.js";
import type { UserRow } from "../../domain/user-row.js";

export async function passwordChangeEvents(
  deps: CommandDeps,
  caller: Principal,
  row: UserRow,
  input: PasswordInput,
  fields?: PasswordProofFields,
): Promise<PendingEvent[]> {
  const decision = await decidePassword(deps, row, input, fields);
  if (decision.ok) return decision.events;
  await pushUserChange(deps, caller, { row, events: decision.events });
  throw decision.error;
}
