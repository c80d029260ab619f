// Request-time checks of the email/phone RPCs: the address or number in its normal form and the link
// template compiled against the variables a verification link may use, all violations reported at once.
import { normalizeEmail } from "../../domain/email.js";
import { normalizePhone } from "../../domain/phone.js";
import { compileUrlTemplate } from "../../domain/url-template.js";
import { Violations } from "../violations.js";
import type { ContactKind, SetContactInput } from "./contact-inputs.js";
import { LINK_TEMPLATE_VARIABLES } from "./normalize-input.js";

/** The value normalised (fields `email` / `phone` of SetEmail / SetPhone) and the template checked. */
export function normalizeSetContact(kind: ContactKind, input: SetContactInput): SetContactInput {
  const v = new Violations();
  const value = v.check(() => (kind === "email" ? normalizeEmail(input.value, "email") : normalizePhone(input.value, "phone")));
  v.check(() => checkLinkTemplate(input.verification, "send_code.url_template"));
  v.throwIfAny("COMMAND-Invld2");
  return { ...input, value: value! };
}

/** A `url_template` must compile now, not fail later when the message is rendered. */
export function checkLinkTemplate(delivery: { mode: string; urlTemplate?: string }, field: string): void {
  if (delivery.mode === "send" && delivery.urlTemplate !== undefined) {
    compileUrlTemplate(delivery.urlTemplate, LINK_TEMPLATE_VARIABLES, field);
  }
}
