// Shows a failed call: google.rpc.BadRequest field violations next to their inputs, anything else as one plain
// message. The server names fields by their proto path (profile.given_name, email.email); inputs are named by
// the message field they edit.
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../src/gen/google/rpc/error_details_pb.js";

const INPUT_OF_FIELD: Record<string, string> = {
  "profile.given_name": "givenName",
  "profile.family_name": "familyName",
  "profile.display_name": "displayName",
  "profile.nick_name": "nickName",
  "profile.preferred_language": "preferredLanguage",
  email: "email",
  "email.email": "email",
  phone: "phone",
  "phone.phone": "phone",
};

export function clearFieldErrors(form: HTMLElement): void {
  for (const span of form.querySelectorAll<HTMLElement>(".field-error")) span.textContent = "";
  for (const input of form.querySelectorAll("input")) input.removeAttribute("aria-invalid");
}

/** Puts each violation next to its input; returns the message for whatever could not be placed (or ""). */
export function showError(error: unknown, form: HTMLElement): string {
  const e = ConnectError.from(error);
  const unplaced: string[] = [];
  for (const detail of e.findDetails(BadRequestSchema)) {
    for (const v of detail.fieldViolations) {
      const inputId = INPUT_OF_FIELD[v.field];
      const span = inputId ? form.querySelector<HTMLElement>(`.field-error[data-for="${inputId}"]`) : null;
      if (!span || !inputId) {
        unplaced.push(`${v.field}: ${v.description}`);
        continue;
      }
      span.textContent = span.textContent ? `${span.textContent}; ${v.description}` : v.description;
      document.getElementById(inputId)?.setAttribute("aria-invalid", "true");
    }
  }
  if (unplaced.length > 0) return unplaced.join("\n");
  return e.findDetails(BadRequestSchema).length > 0 ? "" : plainMessage(e);
}

export function plainMessage(error: unknown): string {
  const e = ConnectError.from(error);
  return `${Code[e.code] ?? "Error"}: ${e.rawMessage}`;
}
