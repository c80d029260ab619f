// A user's metadata: listed (ListUserMetadata), set (SetUserMetadata; a new key adds, a known key edits) and
// removed (DeleteUserMetadata). Values are bytes: entered as text (sent as UTF-8) or as base64.
import { h, options } from "../dom.js";
import { FieldError, plainMessage } from "../errors.js";
import { actionForm, field, formStatus, runForm, textInput } from "../form.js";
import { bytesForDisplay, fromBase64 } from "../format.js";
import type { Metadata } from "../../../src/gen/zitadel/metadata/v2/metadata_pb.js";
import { card, type Section, type SectionContext } from "./section.js";

export function metadataSection(ctx: SectionContext): Section {
  const tbody = h("tbody");
  const listStatus = formStatus();
  const key = textInput("metadata[0].key");
  const value = h("textarea", { name: "metadata[0].value", rows: "2" });
  const encoding = h("select", { name: "encoding" }, options([["text", "text"], ["base64", "base64"]]));

  const { form, status } = actionForm(
    { class: "metadata-form", "aria-label": "Set metadata" },
    [field("Key", key), field("Value", value), field("Value is", encoding),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Save metadata"))],
    async () => {
      const bytes = encoding.value === "base64" ? fromBase64(value.value) : new TextEncoder().encode(value.value);
      if (!bytes) throw new FieldError("metadata[0].value", "is not base64");
      await ctx.clients.users.setUserMetadata({ userId: ctx.userId, metadata: [{ key: key.value.trim(), value: bytes }] });
      const saved = key.value.trim();
      key.value = value.value = "";
      await ctx.changed();
      return `Saved ${saved}`;
    },
  );

  const row = (entry: Metadata) => {
    const shown = bytesForDisplay(entry.value);
    const edit = () => {
      key.value = entry.key;
      value.value = shown.text;
      encoding.value = shown.encoding;
      value.focus();
    };
    const remove = () =>
      void runForm(form, status, async () => {
        await ctx.clients.users.deleteUserMetadata({ userId: ctx.userId, keys: [entry.key] });
        await ctx.changed();
        return `Removed ${entry.key}`;
      });
    return h("tr", { "data-key": entry.key },
      h("td", { "data-label": "Key" }, h("code", {}, entry.key)),
      h("td", { "data-label": "Value" }, shown.text, shown.encoding === "base64" ? h("span", { class: "muted" }, " (base64)") : undefined),
      h("td", { class: "row-actions" },
        h("button", { type: "button", onclick: edit, "aria-label": `Edit ${entry.key}` }, "Edit"),
        h("button", { type: "button", onclick: remove, "aria-label": `Remove ${entry.key}` }, "Remove")));
  };

  async function load(): Promise<void> {
    try {
      const response = await ctx.clients.users.listUserMetadata({ userId: ctx.userId, pagination: { limit: 100, asc: true } });
      tbody.replaceChildren(...response.metadata.map(row));
      if (response.metadata.length === 0) tbody.append(h("tr", {}, h("td", { colspan: "3" }, "No metadata.")));
      listStatus.textContent = "";
    } catch (error) {
      listStatus.textContent = plainMessage(error);
      listStatus.className = "form-status error";
    }
  }

  return {
    element: card("Metadata", listStatus,
      h("div", { class: "table-wrap" }, h("table", { class: "metadata" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Key"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
        tbody)),
      form),
    fill: () => void load(),
  };
}
