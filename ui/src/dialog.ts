// A confirmation as a modal <dialog>: the browser keeps focus inside it and closes it on Escape (answering
// "no"); Cancel has the focus first so that Enter never confirms a destructive action by accident. Focus
// returns to whatever opened it.
import { h } from "./dom.js";

export function confirmAction(title: string, message: string, confirmLabel: string): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null;
  const cancel = h("button", { type: "submit", value: "cancel" }, "Cancel");
  const confirm = h("button", { type: "submit", value: "confirm", class: "danger" }, confirmLabel);
  const titleId = `dialog-title-${Date.now()}`;
  const dialog = h(
    "dialog",
    { "aria-labelledby": titleId },
    h("form", { method: "dialog" }, h("h2", { id: titleId }, title), h("p", {}, message), h("div", { class: "actions" }, cancel, confirm)),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      opener?.focus();
      resolve(dialog.returnValue === "confirm");
    });
    dialog.showModal();
    cancel.focus();
  });
}
