// The users list's filter form: text filters with their match method, state, type, organisation (listed from
// ListOrganizations) and a metadata key and value. Apply hands the new filters to the list.
import type { Clients } from "../client.js";
import { h, options } from "../dom.js";
import { field, textInput } from "../form.js";
import { USER_STATES } from "../format.js";
import { ByteFilterMethod } from "../../../src/gen/zitadel/filter/v2/filter_pb.js";
import { Type } from "../../../src/gen/zitadel/user/v2/query_pb.js";
import { emptyFilters, TEXT_METHODS, type TextFilter, type UserFilters } from "./user-filters.js";

const methodOptions = TEXT_METHODS.map(([v, l]) => [String(v), l] as const);

function textFilter(label: string, name: string, value: TextFilter) {
  const text = textInput(name, { type: "search", value: value.text });
  const method = h("select", { name: `${name}.method`, "aria-label": `${label} match` }, options(methodOptions, String(value.method)));
  const element = h("div", { class: "filter-pair" }, field(label, text), method);
  return { element, read: (): TextFilter => ({ text: text.value, method: Number(method.value) }) };
}

export function filtersForm(clients: Clients, current: UserFilters, apply: (filters: UserFilters) => void): HTMLFormElement {
  const username = textFilter("Username", "username", current.username);
  const email = textFilter("Email", "email", current.email);
  const displayName = textFilter("Display name", "display_name", current.displayName);
  const metadataKey = textFilter("Metadata key", "metadata_key", current.metadataKey);
  const metadataValue = textInput("metadata_value", { type: "search", value: current.metadataValue.text });
  const valueMethod = h("select", { name: "metadata_value.method", "aria-label": "Metadata value match" },
    options([[String(ByteFilterMethod.EQUALS), "equals"], [String(ByteFilterMethod.NOT_EQUALS), "does not equal"]], String(current.metadataValue.method)));
  const state = h("select", { name: "state" }, options([["", "any"], ...USER_STATES.map(([v, l]) => [String(v), l] as const)], current.state));
  const type = h("select", { name: "type" }, options([["", "any"], [String(Type.HUMAN), "human"], [String(Type.MACHINE), "machine"]], current.type));
  const organization = h("select", { name: "organization_id" }, options([["", "any"]], ""));
  if (current.organizationId) organization.append(h("option", { value: current.organizationId, selected: true }, current.organizationId));

  // The organisation names come later; a failure leaves the ids (the list shows its own error).
  clients.orgs.listOrganizations({ query: { limit: 100, asc: true } }).then((response) => {
    const known = new Set(response.result.map((o) => o.id));
    organization.replaceChildren(
      ...options([["", "any"], ...response.result.map((o) => [o.id, o.name] as const)], current.organizationId),
      ...(current.organizationId && !known.has(current.organizationId) ? options([[current.organizationId, current.organizationId]], current.organizationId) : []),
    );
  }, () => undefined);

  const read = (): UserFilters => ({
    username: username.read(),
    email: email.read(),
    displayName: displayName.read(),
    state: state.value,
    type: type.value,
    organizationId: organization.value,
    metadataKey: metadataKey.read(),
    metadataValue: { text: metadataValue.value, method: Number(valueMethod.value) },
  });
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter users" },
    username.element,
    email.element,
    displayName.element,
    h("div", { class: "filter-row" }, field("State", state), field("Type", type), field("Organisation", organization)),
    metadataKey.element,
    h("div", { class: "filter-pair" }, field("Metadata value", metadataValue), valueMethod),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Apply filters"), h("button", { type: "reset" }, "Clear")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(read());
  });
  // Clear empties every filter (a plain reset would go back to the values the form was built with).
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const input of form.querySelectorAll("input")) input.value = "";
    for (const select of form.querySelectorAll("select")) select.selectedIndex = 0;
    apply(emptyFilters());
  });
  return form;
}
