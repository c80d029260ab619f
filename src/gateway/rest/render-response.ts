import { toJson, toJsonString } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import type { JsonObject, JsonWriteOptions, Message } from "@bufbuild/protobuf";
import type { CompiledRoute } from "./compile-routes.js";

// ZITADEL's gateway uses grpc-gateway's JSONPb with protojson's default MarshalOptions
// (internal/api/grpc/server/gateway.go): lowerCamelCase JSON names, unpopulated fields left out, enums by
// name, 64-bit integers as strings. protobuf-es' toJson defaults are the same proto3 JSON mapping.

export function responseJson(route: CompiledRoute, message: Message, writeOptions: Partial<JsonWriteOptions>): string {
  const output = route.method.output;
  const field = route.responseField;
  if (field === undefined) {
    return toJsonString(output, message, writeOptions);
  }
  const source = reflect(output, message);
  if (field.fieldKind === "message") {
    // An unset message renders as {}, as protojson marshals an empty message.
    return source.isSet(field)
      ? toJsonString(field.message, source.get(field).message, writeOptions)
      : "{}";
  }
  // Scalars, enums, lists and maps have no message of their own: render a copy of the response holding only
  // this field, with defaults emitted, and take the field's value out of it.
  const only = reflect(output);
  if (source.isSet(field)) {
    only.set(field, source.get(field) as never);
  }
  const json = toJson(output, only.message, { ...writeOptions, alwaysEmitImplicit: true }) as JsonObject;
  return JSON.stringify(json[field.jsonName] ?? null);
}
