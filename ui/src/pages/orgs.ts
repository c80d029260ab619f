// Organisations: ListOrganizations by name, and AddOrganization (a name, optionally the id). Each row links to
// the users list filtered to that organisation.
import { h } from "../dom.js";
import { plainMessage } from "../errors.js";
import { actionForm, field, formStatus, textInput } from "../form.js";
import { orgStateLabel } from "../format.js";
import { pageHeading, type Page, type PageContext } from "../page.js";
import { OrganizationFieldName } from "../../../src/gen/zitadel/org/v2/query_pb.js";

const LIMIT = 100;

export function orgsPage(ctx: PageContext): Page {
  const tbody = h("tbody");
  const listStatus = formStatus();
  const summary = h("p", { class: "summary" });

  async function load(): Promise<void> {
    try {
      const response = await ctx.clients.orgs.listOrganizations({ query: { limit: LIMIT, asc: true }, sortingColumn: OrganizationFieldName.NAME });
      tbody.replaceChildren(
        ...response.result.map((org) =>
          h("tr", { "data-org-id": org.id },
            h("td", { "data-label": "Name" }, org.name),
            h("td", { "data-label": "ID" }, h("code", {}, org.id)),
            h("td", { "data-label": "State" }, orgStateLabel(org.state)),
            h("td", { "data-label": "Primary domain" }, org.primaryDomain),
            h("td", { "data-label": "Users" }, h("a", { href: `#/users?org=${encodeURIComponent(org.id)}` }, `Users of ${org.name}`)),
          ),
        ),
      );
      const total = Number(response.details?.totalResult ?? 0n);
      summary.textContent = total > LIMIT ? `The first ${LIMIT} of ${total} organisations` : `${total} organisations`;
    } catch (error) {
      listStatus.textContent = plainMessage(error);
      listStatus.className = "form-status error";
    }
  }

  const name = textInput("name", { required: true });
  const id = textInput("organization_id");
  const { form } = actionForm(
    { class: "card", "aria-labelledby": "new-org" },
    [h("h2", { id: "new-org" }, "New organisation"), field("Name", name), field("ID (optional)", id, "Empty: the service chooses one."),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Create organisation"))],
    async () => {
      const response = await ctx.clients.orgs.addOrganization({ name: name.value.trim(), organizationId: id.value.trim() || undefined });
      name.value = id.value = "";
      await load();
      return `Created organisation ${response.organizationId}`;
    },
  );
  void load();

  return {
    title: "Organisations",
    element: h(
      "section",
      { class: "page" },
      pageHeading("Organisations"),
      listStatus,
      h("div", { class: "table-wrap" },
        h("table", { class: "orgs" },
          h("caption", { class: "visually-hidden" }, "Organisations"),
          h("thead", {}, h("tr", {}, ["Name", "ID", "State", "Primary domain", "Users"].map((c) => h("th", { scope: "col" }, c)))),
          tbody)),
      summary,
      form,
    ),
  };
}
