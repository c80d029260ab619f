import { ScalarType, type DescField, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import type { FieldViolation } from "../../domain/errors.js";

// Every structural problem of a JSON body at once — names that are no field, values of the wrong JSON type —
// as field violations, where protobuf-es' fromJson stops at the first. Dialect services use it so a client
// learns about all of its mistakes in one answer; only a body that passes is handed to fromJson. `names`
// "proto" accepts only the names written in the .proto (a dialect's documented names), "json" both names,
// as proto3 JSON parsers do.

type Names = "json" | "proto";

const join = (path: string, name: string) => (path === "" ? name : `${path}.${name}`);
const describe = (value: JsonValue) => (value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`);

export function jsonShapeViolations(desc: DescMessage, json: JsonValue, names: Names, path = ""): FieldViolation[] {
  const out: FieldViolation[] = [];
  checkMessage(desc, json, names, path, out);
  return out;
}

function checkMessage(desc: DescMessage, json: JsonValue, names: Names, path: string, out: FieldViolation[]): void {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    out.push(typeViolation(path === "" ? "" : path, "an object", json));
    return;
  }
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.name === key || (names === "json" && f.jsonName === key));
    const at = join(path, key);
    if (field === undefined) {
      out.push({ field: at, rule: "json.unknown_field", description: "is not a field of this request" });
    } else if (value !== null) {
      checkField(field, value, names, at, out);
    }
  }
}

function checkField(field: DescField, value: JsonValue, names: Names, path: string, out: FieldViolation[]): void {
  switch (field.fieldKind) {
    case "list":
      if (!Array.isArray(value)) return void out.push(typeViolation(path, "an array", value));
      value.forEach((item, index) => checkSingular(field.listKind, field, item, names, `${path}[${index}]`, out));
      return;
    case "map":
      if (value === null || typeof value !== "object" || Array.isArray(value)) return void out.push(typeViolation(path, "an object", value));
      for (const [key, item] of Object.entries(value)) checkSingular(field.mapKind, field, item, names, join(path, key), out);
      return;
    default:
      checkSingular(field.fieldKind, field, value, names, path, out);
  }
}

type Kind = "scalar" | "enum" | "message";

function checkSingular(kind: Kind, field: DescField, value: JsonValue, names: Names, path: string, out: FieldViolation[]): void {
  if (kind === "scalar") return checkScalar(field.scalar!, value, path, out);
  if (kind === "enum") {
    if (typeof value !== "string" && typeof value !== "number") out.push(typeViolation(path, "a string", value));
    return;
  }
  const message = field.message!;
  if (value === null) {
    // null inside a list or map has no meaning, except as a google.protobuf.Value.
    if (message.typeName !== "google.protobuf.Value") out.push(typeViolation(path, "an object", value));
    return;
  }
  checkMessageValue(message, value, names, path, out);
}

function checkMessageValue(message: DescMessage, value: JsonValue, names: Names, path: string, out: FieldViolation[]): void {
  if (isWrapperDesc(message)) return checkScalar(message.fields[0]!.scalar!, value, path, out);
  switch (message.typeName) {
    case "google.protobuf.Value":
      return;
    case "google.protobuf.Struct":
      if (typeof value !== "object" || Array.isArray(value)) out.push(typeViolation(path, "an object", value));
      return;
    case "google.protobuf.ListValue":
      if (!Array.isArray(value)) out.push(typeViolation(path, "an array", value));
      return;
    case "google.protobuf.Timestamp":
    case "google.protobuf.Duration":
    case "google.protobuf.FieldMask":
      if (typeof value !== "string") out.push(typeViolation(path, "a string", value));
      return;
    case "google.protobuf.Any":
      if (typeof value !== "object" || Array.isArray(value)) out.push(typeViolation(path, "an object", value));
      return;
    default:
      checkMessage(message, value, names, path, out);
  }
}

function checkScalar(scalar: ScalarType, value: JsonValue, path: string, out: FieldViolation[]): void {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      if (typeof value !== "string") out.push(typeViolation(path, "a string", value));
      return;
    case ScalarType.BOOL:
      if (typeof value !== "boolean") out.push(typeViolation(path, "a boolean", value));
      return;
    default:
      // Numbers: a JSON number, or a string holding one, as proto3 JSON allows; fromJson checks the range.
      if (typeof value !== "number" && !(typeof value === "string" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value))) {
        out.push(typeViolation(path, "a number", value));
      }
  }
}

function typeViolation(path: string, expected: string, value: JsonValue): FieldViolation {
  return { field: path, rule: "json.type", description: `must be ${expected}, not ${describe(value)}` };
}
