// The user's history (ListUserHistory), newest or oldest first, a page at a time. The server pages by cursor,
// so "Previous" goes back through the tokens this section has seen.
import { h, options } from "../dom.js";
import { plainMessage } from "../errors.js";
import { field, formStatus } from "../form.js";
import { changeEntry } from "../changes/change-entry.js";
import { HistoryOrder } from "../../../src/gen/usersvc/history/v1/history_service_pb.js";
import { card, type Section, type SectionContext } from "./section.js";

const PAGE_SIZE = 10;

export function historySection(ctx: SectionContext): Section {
  const list = h("ol", { class: "changes history" });
  const status = formStatus();
  const summary = h("span", { class: "summary" });
  const order = h("select", { name: "order", onchange: () => void load(0) },
    options([[String(HistoryOrder.NEWEST_FIRST), "newest first"], [String(HistoryOrder.OLDEST_FIRST), "oldest first"]]));
  const previous = h("button", { type: "button", onclick: () => void load(page - 1) }, "Newer");
  const next = h("button", { type: "button", onclick: () => void load(page + 1) }, "Older");
  // tokens[i] opens page i; tokens[0] is the first page.
  let tokens = [""];
  let page = 0;

  async function load(target: number): Promise<void> {
    if (target === 0) tokens = [""];
    try {
      const response = await ctx.clients.history.listUserHistory({ userId: ctx.userId, order: Number(order.value), pageSize: PAGE_SIZE, pageToken: tokens[target] ?? "" });
      page = target;
      tokens[page + 1] = response.nextPageToken;
      list.replaceChildren(...response.changes.map((c) => changeEntry(c)));
      summary.textContent = `Page ${page + 1} of ${Math.max(1, Math.ceil(Number(response.totalSize) / PAGE_SIZE))} · ${response.totalSize} changes`;
      previous.disabled = page === 0;
      next.disabled = response.nextPageToken === "";
      const oldestFirst = Number(order.value) === HistoryOrder.OLDEST_FIRST;
      previous.textContent = oldestFirst ? "Earlier" : "Newer";
      next.textContent = oldestFirst ? "Later" : "Older";
      status.textContent = "";
    } catch (error) {
      status.textContent = plainMessage(error);
      status.className = "form-status error";
    }
  }

  return {
    element: card("History", h("div", { class: "list-controls" }, field("Order", order)), status, list,
      h("nav", { class: "pager", "aria-label": "History pages" }, previous, summary, next)),
    fill: () => void load(0),
  };
}
