// One user change (from the history or the live feed) as a list item: event type, sequence, time, author and
// the fields the server shows. Secrets arrive withheld and read "changed", never a value.
import { toJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { h } from "../dom.js";
import { formatDate } from "../format.js";
import { Withheld, type ChangedField, type UserChange } from "../../../src/gen/usersvc/history/v1/history_service_pb.js";

export function changeEntry(change: UserChange, options: { linkUser?: boolean } = {}): HTMLLIElement {
  const author = change.author;
  const by = author?.displayName || author?.username || author?.userId || "the system";
  return h(
    "li",
    { class: "change", "data-sequence": change.sequence.toString(), "data-event-type": change.eventType },
    h("div", { class: "change-head" },
      h("code", { class: "event-type" }, change.eventType),
      h("span", { class: "muted" }, ` #${change.sequence}`),
      h("span", { class: "muted when" }, formatDate(change.changeDate))),
    h("div", { class: "change-by muted" },
      options.linkUser ? h("a", { href: `#/users/${encodeURIComponent(change.userId)}` }, `user ${change.userId}`) : undefined,
      options.linkUser ? " · " : undefined,
      `by ${by}${author?.deleted ? " (deleted)" : ""}`),
    change.fields.length > 0 ? h("dl", { class: "fields" }, change.fields.flatMap((f) => [h("dt", {}, f.name), h("dd", {}, fieldValue(f))])) : undefined,
  );
}

function fieldValue(field: ChangedField): string {
  if (field.change.case === "withheld") return field.change.value === Withheld.TOO_LARGE ? "changed (too large to show)" : "changed";
  if (field.change.case !== "value") return "";
  const json = toJson(ValueSchema, field.change.value);
  return typeof json === "string" ? json : JSON.stringify(json);
}
