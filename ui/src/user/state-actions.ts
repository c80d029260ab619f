// Lock, unlock, deactivate, reactivate and delete, each after a confirmation dialog. Only the actions that
// make sense for the user's state are offered; the server still decides.
import { h } from "../dom.js";
import { confirmAction } from "../dialog.js";
import { formStatus, runForm } from "../form.js";
import { UserState, type User } from "../../../src/gen/zitadel/user/v2/user_pb.js";
import { card, type Section, type SectionContext } from "./section.js";

interface Action {
  label: string;
  question: string;
  offered: (state: UserState) => boolean;
  run: (ctx: SectionContext) => Promise<unknown>;
  done: string;
}

const ACTIONS: Action[] = [
  { label: "Lock", question: "A locked user cannot sign in until unlocked.", offered: (s) => s === UserState.ACTIVE || s === UserState.INITIAL,
    run: (ctx) => ctx.clients.users.lockUser({ userId: ctx.userId }), done: "Locked" },
  { label: "Unlock", question: "The user can sign in again.", offered: (s) => s === UserState.LOCKED,
    run: (ctx) => ctx.clients.users.unlockUser({ userId: ctx.userId }), done: "Unlocked" },
  { label: "Deactivate", question: "A deactivated user cannot sign in until reactivated.", offered: (s) => s === UserState.ACTIVE || s === UserState.LOCKED,
    run: (ctx) => ctx.clients.users.deactivateUser({ userId: ctx.userId }), done: "Deactivated" },
  { label: "Reactivate", question: "The user can sign in again.", offered: (s) => s === UserState.INACTIVE,
    run: (ctx) => ctx.clients.users.reactivateUser({ userId: ctx.userId }), done: "Reactivated" },
  { label: "Delete", question: "The user is removed for good; its history stays.", offered: () => true,
    run: (ctx) => ctx.clients.users.deleteUser({ userId: ctx.userId }), done: "Deleted" },
];

export function stateActions(ctx: SectionContext): Section {
  const status = formStatus();
  const form = h("form", { class: "state-actions", "aria-label": "State" });
  const buttons = ACTIONS.map((action) =>
    h("button", {
      type: "button",
      class: action.label === "Delete" ? "danger" : "",
      onclick: () => void ask(action),
    }, action.label),
  );
  form.append(h("div", { class: "actions" }, buttons), status);

  async function ask(action: Action): Promise<void> {
    if (!(await confirmAction(`${action.label} this user?`, action.question, action.label))) return;
    await runForm(form, status, async () => {
      await action.run(ctx);
      if (action.label === "Delete") ctx.navigate("#/users");
      else await ctx.changed();
      return action.done;
    });
  }

  return {
    element: card("State", form),
    fill(user: User) {
      ACTIONS.forEach((action, i) => (buttons[i]!.hidden = !action.offered(user.state)));
    },
  };
}
