// A user change (history entry or feed message) → usersvc.history.v1.UserChange.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate, ValueSchema } from "@bufbuild/protobuf/wkt";
import { ChangedFieldSchema, UserChangeSchema, Withheld, type ChangedField, type UserChange } from "../../../gen/usersvc/history/v1/history_service_pb.js";
import type { UserChangeView } from "../../../query/history/user-change-rows.js";
import type { VisibleField } from "../../../query/history/visible-fields.js";

export function userChangeToPb(change: UserChangeView): UserChange {
  return create(UserChangeSchema, {
    userId: change.userId,
    organizationId: change.organizationId,
    sequence: BigInt(change.sequence),
    eventType: change.eventType,
    changeDate: timestampFromDate(change.changeDate),
    author: change.author,
    fields: change.fields.map(fieldToPb),
  });
}

function fieldToPb(field: VisibleField): ChangedField {
  if ("withheld" in field) {
    return create(ChangedFieldSchema, {
      name: field.name,
      change: { case: "withheld", value: field.withheld === "secret" ? Withheld.SECRET : Withheld.TOO_LARGE },
    });
  }
  return create(ChangedFieldSchema, { name: field.name, change: { case: "value", value: valueToPb(field.value) } });
}

function valueToPb(value: string | number | boolean | null) {
  if (value === null) return create(ValueSchema, { kind: { case: "nullValue", value: 0 } });
  if (typeof value === "string") return create(ValueSchema, { kind: { case: "stringValue", value } });
  if (typeof value === "number") return create(ValueSchema, { kind: { case: "numberValue", value } });
  return create(ValueSchema, { kind: { case: "boolValue", value } });
}
