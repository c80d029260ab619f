// Every change the signed-in administrator may read, live from WatchUserChanges.
import { h } from "../dom.js";
import { liveChanges } from "../changes/live-changes.js";
import { pageHeading, type Page, type PageContext } from "../page.js";

export function changesPage(ctx: PageContext): Page {
  const live = liveChanges(ctx.clients.history, { linkUser: true });
  return {
    title: "Live changes",
    element: h("section", { class: "page" }, pageHeading("Live changes"), h("p", { class: "muted" }, "Changes to any user, newest on top, from the moment this page opened."), live.element),
    dispose: live.dispose,
  };
}
