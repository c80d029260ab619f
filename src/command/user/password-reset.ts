// PasswordReset: a reset code (password_reset flow) sent as a link by email or SMS, or answered to the
// caller. Users may request their own reset; for others, or to receive the code instead of the user, the
// manager permission is needed. A new request replaces a pending code; SetPassword spends it.
import { failedPrecondition } from "../../domain/errors.js";
import { CODE_LIFETIME_MS } from "../../domain/secret-code.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import { checkLinkTemplate } from "./contact-input.js";
import type { CodeResult, PasswordResetInput } from "./contact-inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";
import { makeCode } from "./verification-code.js";

export async function requestPasswordReset(deps: CommandDeps, caller: Principal, input: PasswordResetInput): Promise<CodeResult> {
  const { delivery } = input;
  checkLinkTemplate(delivery, "send_link.url_template");
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadInitialisedHuman(deps, input.userId);
    checkChangePermission(caller, row, { vouches: delivery.mode === "return" });
    const channel = delivery.mode === "send" ? delivery.channel : "email";
    const made = makeCode(deps, {
      eventType: UserEvent.passwordCodeAdded,
      lifetimeMs: CODE_LIFETIME_MS.passwordReset,
      channel,
      flow: "password_reset",
      recipient: delivery.mode === "send" ? recipientOf(row, channel) : "",
      userId: row.id,
      orgId: row.resourceOwner,
      returnCode: delivery.mode === "return",
      urlTemplate: delivery.mode === "send" ? delivery.urlTemplate : undefined,
    });
    // The event keeps how the link was to travel, as ZITADEL's code-added event does.
    const event = delivery.mode === "send" ? { ...made.event, payload: { ...made.event.payload, notificationType: channel } } : made.event;
    const details = await pushUserChange(deps, caller, { row, events: [event], side: made.outbox ? [made.outbox] : [] });
    return { details, code: made.plain };
  });
}

/**
 * ZITADEL accepts an SMS reset for a user without a phone and fails later in the notifier; we refuse up
 * front rather than queue a message nobody can receive.
 */
function recipientOf(row: UserRow, channel: "email" | "sms"): string {
  const recipient = channel === "sms" ? row.phone : row.email;
  if (!recipient) throw failedPrecondition("COMMAND-PwRst1", "Errors.User.Phone.NotFound: the user has no phone to send the link to");
  return recipient;
}
