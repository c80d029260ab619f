// ResendEmailCode / ResendPhoneCode (a new code only while one is pending: the address still awaits
// verification) and SendEmailCode (a code for the current address whatever its state, e.g. to prove it
// again). The new code replaces the old one and starts with a clean attempt count.
import { failedPrecondition } from "../../domain/errors.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import { makeContactCode } from "./contact-decision.js";
import { checkLinkTemplate } from "./contact-input.js";
import type { CodeResult, ContactCodeInput, ContactKind } from "./contact-inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { pushUserChange } from "./push-user.js";

export interface CodeSendOptions {
  /** Resend: refuse when no code is pending. Send: make one regardless. */
  onlyIfPending: boolean;
}

const nothingPending: Record<ContactKind, string> = { email: "COMMAND-EmNoCd1", phone: "COMMAND-PhNoCd1" };

export async function sendContactCode(
  deps: CommandDeps,
  caller: Principal,
  kind: ContactKind,
  input: ContactCodeInput,
  options: CodeSendOptions,
): Promise<CodeResult> {
  checkLinkTemplate(input.delivery, "send_code.url_template");
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadInitialisedHuman(deps, input.userId);
    checkChangePermission(caller, row, { vouches: input.delivery.mode === "return" });
    const value = kind === "email" ? row.email : row.phone;
    // A removed phone takes its pending code with it, so "no number" reads as "nothing pending" too.
    if (value === null || (options.onlyIfPending && !row.codes[kind])) {
      throw failedPrecondition(nothingPending[kind], "Errors.User.Code.Empty: no code is pending");
    }
    const made = makeContactCode(deps, kind, row, value, input.delivery);
    const details = await pushUserChange(deps, caller, { row, events: [made.event], side: made.outbox ? [made.outbox] : [] });
    return { details, code: made.plain };
  });
}
