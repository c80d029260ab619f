// One user's page: summary, profile (or machine), email and phone, password, state, metadata, history and a live
// list of this user's changes. After a section writes, the user is loaded again and every section refilled; a
// change arriving live (perhaps from another client) refreshes the summary and the history only, so that it never
// overwrites what the administrator is typing.
import { h } from "../dom.js";
import { plainMessage } from "../errors.js";
import { formStatus } from "../form.js";
import { liveChanges } from "../changes/live-changes.js";
import type { Page, PageContext } from "../page.js";
import { contactForms } from "../user/contact-forms.js";
import { historySection } from "../user/history-section.js";
import { metadataSection } from "../user/metadata-section.js";
import { passwordForms } from "../user/password-forms.js";
import { profileForm } from "../user/profile-form.js";
import { card, type Section, type SectionContext } from "../user/section.js";
import { stateActions } from "../user/state-actions.js";
import { userSummary } from "../user/user-summary.js";
import type { User } from "../../../src/gen/zitadel/user/v2/user_pb.js";

export function userPage(ctx: PageContext): Page {
  const userId = ctx.params[0] ?? "";
  const summary = userSummary();
  const status = formStatus();
  const columns = h("div", { class: "user-columns" });
  const live = liveChanges(ctx.clients.history, { userIds: [userId], onChange: () => void reload(false) });
  let sections: Section[] = [];
  let history: Section | undefined;

  const load = () => ctx.clients.users.getUserByID({ userId }).then((r) => r.user);
  async function reload(everything: boolean): Promise<void> {
    try {
      const user = await load();
      if (!user) return;
      summary.fill(user);
      if (everything) for (const s of sections) s.fill(user);
      else history?.fill(user);
    } catch (error) {
      status.textContent = plainMessage(error);
      status.className = "form-status error";
    }
  }
  const sectionCtx: SectionContext = { clients: ctx.clients, userId, navigate: ctx.navigate, changed: () => reload(true) };

  function build(user: User): void {
    history = historySection(sectionCtx);
    const human = user.type.case === "human";
    const left = [profileForm(sectionCtx, user), ...(human ? [contactForms(sectionCtx), passwordForms(sectionCtx)] : [])];
    const right = [stateActions(sectionCtx), metadataSection(sectionCtx), history];
    sections = [...left, ...right];
    columns.replaceChildren(
      h("div", { class: "column" }, left.map((s) => s.element)),
      h("div", { class: "column" }, right.map((s) => s.element), card("Live changes", live.element)),
    );
    summary.fill(user);
    for (const s of sections) s.fill(user);
  }

  load().then(
    (user) => (user ? build(user) : (status.textContent = "No such user")),
    (error: unknown) => {
      status.textContent = plainMessage(error);
      status.className = "form-status error";
    },
  );

  return {
    title: `User ${userId}`,
    element: h("section", { class: "page user-page" }, h("p", { class: "crumbs" }, h("a", { href: "#/users" }, "← Users")), summary.heading, status, summary.element, columns),
    dispose: live.dispose,
  };
}
