// The users list: ListUsers with the filters, a sorting column and direction, and offset paging. Each row links
// to the user's page.
import { h, options } from "../dom.js";
import { plainMessage } from "../errors.js";
import { field, formStatus } from "../form.js";
import { formatDate, userName, userStateLabel } from "../format.js";
import type { Page, PageContext } from "../page.js";
import { pageHeading } from "../page.js";
import { emptyFilters, listQueries, SORTING_COLUMNS, type ListState } from "../users/user-filters.js";
import { filtersForm } from "../users/filters-form.js";
import { UserFieldName } from "../../../src/gen/zitadel/user/v2/query_pb.js";
import type { User } from "../../../src/gen/zitadel/user/v2/user_pb.js";

const PAGE_SIZES = ["10", "20", "50", "100"];

// Remembered while the app is open, so coming back from a user's page shows the same page of the same search.
const state: ListState = { filters: emptyFilters(), sortingColumn: UserFieldName.CREATION_DATE, asc: false, offset: 0, limit: 20 };

export function usersListPage(ctx: PageContext): Page {
  const org = ctx.query.get("org");
  if (org !== null) {
    state.filters = { ...emptyFilters(), organizationId: org };
    state.offset = 0;
  }
  const status = formStatus();
  const tbody = h("tbody");
  const summary = h("p", { class: "summary", "aria-live": "polite" });
  const previous = h("button", { type: "button", onclick: () => go(state.offset - state.limit) }, "Previous");
  const next = h("button", { type: "button", onclick: () => go(state.offset + state.limit) }, "Next");

  const sortBy = h("select", { name: "sorting_column", onchange: () => ((state.sortingColumn = Number(sortBy.value)), go(0)) },
    options(SORTING_COLUMNS.map(([v, l]) => [String(v), l]), String(state.sortingColumn)));
  const order = h("select", { name: "asc", onchange: () => ((state.asc = order.value === "asc"), go(0)) },
    options([["asc", "ascending"], ["desc", "descending"]], state.asc ? "asc" : "desc"));
  const pageSize = h("select", { name: "limit", onchange: () => ((state.limit = Number(pageSize.value)), go(0)) },
    options(PAGE_SIZES.map((s) => [s, s]), String(state.limit)));

  const filters = filtersForm(ctx.clients, state.filters, (next) => {
    state.filters = next;
    go(0);
  });

  const table = h(
    "table",
    { class: "users" },
    h("caption", { class: "visually-hidden" }, "Users"),
    h("thead", {}, h("tr", {}, ["Username", "Name", "Email", "Type", "State", "Created"].map((c) => h("th", { scope: "col" }, c)))),
    tbody,
  );

  async function go(offset: number): Promise<void> {
    state.offset = Math.max(0, offset);
    status.textContent = "Loading…";
    status.className = "form-status";
    try {
      const response = await ctx.clients.users.listUsers({
        query: { offset: BigInt(state.offset), limit: state.limit, asc: state.asc },
        sortingColumn: state.sortingColumn,
        queries: listQueries(state.filters),
      });
      const total = Number(response.details?.totalResult ?? 0n);
      tbody.replaceChildren(...response.result.map(row));
      if (response.result.length === 0) tbody.append(h("tr", {}, h("td", { colspan: "6" }, "No users match.")));
      const last = state.offset + response.result.length;
      summary.textContent = total === 0 ? "No users" : `Users ${state.offset + 1}–${last} of ${total}`;
      previous.disabled = state.offset === 0;
      next.disabled = last >= total;
      status.textContent = "";
    } catch (error) {
      status.textContent = plainMessage(error);
      status.classList.add("error");
    }
  }
  void go(state.offset);

  return {
    title: "Users",
    element: h(
      "section",
      { class: "page users-page" },
      h("div", { class: "page-head" }, pageHeading("Users"), h("a", { class: "button", href: "#/users/new" }, "New user")),
      filters,
      h("div", { class: "list-controls" }, field("Sort by", sortBy), field("Order", order), field("Page size", pageSize)),
      status,
      h("div", { class: "table-wrap" }, table),
      h("nav", { class: "pager", "aria-label": "Pages" }, previous, summary, next),
    ),
  };
}

function row(user: User): HTMLTableRowElement {
  const email = user.type.case === "human" ? (user.type.value.email?.email ?? "") : "";
  const cells: [string, Node | string][] = [
    ["Username", h("a", { href: `#/users/${encodeURIComponent(user.userId)}` }, user.username || user.userId)],
    ["Name", userName(user)],
    ["Email", email],
    ["Type", user.type.case ?? ""],
    ["State", h("span", { class: `badge state-${userStateLabel(user.state)}` }, userStateLabel(user.state))],
    ["Created", formatDate(user.details?.creationDate)],
  ];
  // data-label lets the phone layout show each cell with its column name.
  return h("tr", { "data-user-id": user.userId }, cells.map(([label, content]) => h("td", { "data-label": label }, content)));
}
