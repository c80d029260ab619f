// Shows a failed call: google.rpc.BadRequest field violations beside their inputs, anything else as the code and
// message. The server names a violation by the request's proto path (human.profile.given_name, metadata[0].key),
// and every input is named by the path of the request field it fills, so placing one is a lookup by name.
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../src/gen/google/rpc/error_details_pb.js";

/** A check the page makes before sending (e.g. a value that is not base64), shown like the server's own. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function clearFieldErrors(form: HTMLElement): void {
  for (const span of form.querySelectorAll<HTMLElement>(".field-error")) span.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

/** Puts each violation beside its input; answers the text for whatever could not be placed ("" when all were). */
export function showError(error: unknown, form: HTMLElement): string {
  if (error instanceof FieldError) return place(form, error.field, error.message) ? "" : error.message;
  const e = ConnectError.from(error);
  const badRequests = e.findDetails(BadRequestSchema);
  if (badRequests.length === 0) return plainMessage(e);
  const unplaced: string[] = [];
  for (const v of badRequests.flatMap((detail) => detail.fieldViolations)) {
    if (!place(form, v.field, v.description)) unplaced.push(`${v.field}: ${v.description}`);
  }
  return unplaced.join("\n");
}

function place(form: HTMLElement, field: string, description: string): boolean {
  const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
  const span = input?.getAttribute("aria-describedby") ? document.getElementById(input.getAttribute("aria-describedby")!) : null;
  if (!input || !span) return false;
  // Several rules of one field (a password's length, digits, symbols) read as one sentence each.
  span.textContent = span.textContent ? `${span.textContent}; ${description}` : description;
  input.setAttribute("aria-invalid", "true");
  return true;
}

export function plainMessage(error: unknown): string {
  const e = ConnectError.from(error);
  return `${Code[e.code] ?? "Error"}: ${e.rawMessage}`;
}
