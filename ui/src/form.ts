// Form building blocks: a labelled field with its error beside it, a checkbox, and the submit runner that
// disables the form while a call runs and shows its outcome (field errors beside inputs, the rest below).
import { h } from "./dom.js";
import { clearFieldErrors, showError } from "./errors.js";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
let nextId = 0;

/** A label, the control and a place for its error, tied together by id and aria-describedby. */
export function field(label: string, control: Control, hint?: string): HTMLElement {
  control.id ||= `field-${++nextId}`;
  const error = h("span", { class: "field-error", id: `${control.id}-error` });
  control.setAttribute("aria-describedby", error.id);
  // An error describes the value that was sent; once it is edited, the error no longer applies.
  control.addEventListener("input", () => {
    error.textContent = "";
    control.removeAttribute("aria-invalid");
  });
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hint ? h("small", { class: "hint" }, hint) : undefined, error);
}

export function checkbox(label: string, input: HTMLInputElement): HTMLElement {
  input.type = "checkbox";
  input.id ||= `field-${++nextId}`;
  return h("div", { class: "check" }, input, h("label", { for: input.id }, label));
}

export const textInput = (name: string, attrs: Record<string, string | boolean | undefined> = {}) =>
  h("input", { name, type: "text", autocomplete: "off", ...attrs });

/** Where a form says what happened: "saved", or an error that belongs to no input (code and message). */
export const formStatus = () => h("p", { class: "form-status", role: "status", "aria-live": "polite" });

/**
 * Runs `action` for a form: clears old errors, disables its buttons meanwhile, then shows the answer `action`
 * returns (a short success text) or the error. Returns whether it succeeded.
 */
export async function runForm(form: HTMLFormElement, status: HTMLElement, action: () => Promise<string>): Promise<boolean> {
  clearFieldErrors(form);
  status.className = "form-status";
  status.textContent = "Working…";
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.disabled = true;
  try {
    status.textContent = await action();
    status.classList.add("ok");
    return true;
  } catch (error) {
    status.textContent = showError(error, form);
    status.classList.add("error");
    form.querySelector<HTMLElement>("[aria-invalid]")?.focus();
    return false;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** A form whose submit runs `action` through runForm. */
export function actionForm(attrs: Record<string, string>, children: (Node | undefined)[], action: () => Promise<string>): { form: HTMLFormElement; status: HTMLElement } {
  const status = formStatus();
  const form = h("form", { novalidate: true, ...attrs }, ...children, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void runForm(form, status, action);
  });
  return { form, status };
}
