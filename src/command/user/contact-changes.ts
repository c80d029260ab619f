// A change of email and/or phone within a larger update (UpdateHumanUser, the account command): each through
// contact-decision.ts; an empty phone removes it.
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { decideContact } from "./contact-decision.js";
import type { EmailInput, PhoneInput } from "./inputs.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";

export interface ContactChanges {
  events: PendingEvent[];
  side: SideWrite[];
  emailCode?: string;
  phoneCode?: string;
}

export function decideContactChanges(deps: CommandDeps, row: UserRow, input: { email?: EmailInput; phone?: PhoneInput }): ContactChanges {
  const out: ContactChanges = { events: [], side: [] };
  if (input.email) {
    const decision = decideContact(deps, "email", row, input.email.address, input.email.verification);
    out.events.push(...decision.events);
    out.side.push(...decision.side);
    out.emailCode = decision.code;
  }
  if (input.phone) {
    if (input.phone.number === "") {
      if (row.phone !== null) out.events.push({ type: UserEvent.phoneRemoved, payload: {} });
    } else {
      const decision = decideContact(deps, "phone", row, input.phone.number, input.phone.verification);
      out.events.push(...decision.events);
      out.side.push(...decision.side);
      out.phoneCode = decision.code;
    }
  }
  return out;
}
