// SetEmail / SetPhone: validate → load → permission → refuse an unchanged value (ZITADEL's NotChanged) →
// the same send / return / verified decision as UpdateHumanUser (contact-decision.ts) → one push.
import { failedPrecondition } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import { decideContact } from "./contact-decision.js";
import { normalizeSetContact } from "./contact-input.js";
import type { CodeResult, ContactKind, SetContactInput } from "./contact-inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { pushUserChange } from "./push-user.js";

const notChanged: Record<ContactKind, [id: string, message: string]> = {
  email: ["COMMAND-EmSame1", "Errors.User.Email.NotChanged: the email address is already set"],
  phone: ["COMMAND-PhSame1", "Errors.User.Phone.NotChanged: the phone number is already set"],
};

export async function setContact(deps: CommandDeps, caller: Principal, kind: ContactKind, raw: SetContactInput): Promise<CodeResult> {
  const input = normalizeSetContact(kind, raw);
  const mode = input.verification.mode;
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadInitialisedHuman(deps, input.userId);
    checkChangePermission(caller, row, { vouches: mode === "verified" || mode === "return" });
    if ((kind === "email" ? row.email : row.phone) === input.value) throw failedPrecondition(...notChanged[kind]);
    const decision = decideContact(deps, kind, row, input.value, input.verification);
    const details = await pushUserChange(deps, caller, { row, events: decision.events, side: decision.side });
    return { details, code: decision.code };
  });
}
