// JSON Schemas (OpenAPI 3.0 flavour) of protobuf messages and enums as the proto3 JSON mapping writes them:
// lowerCamelCase names, 64-bit integers as strings, enums by name, well-known types in their special forms.
import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";

export type Schema = Record<string, unknown>;

/** Collects components.schemas while describing fields; one entry per message or enum reached. */
export class SchemaCollector {
  readonly schemas: Record<string, Schema> = {};

  ref(desc: DescMessage | DescEnum): Schema {
    if (desc.kind === "message") {
      const special = wellKnown(desc);
      if (special) return special;
    }
    if (!(desc.typeName in this.schemas)) {
      this.schemas[desc.typeName] = {}; // reserve first: messages may refer to themselves
      this.schemas[desc.typeName] = desc.kind === "enum" ? enumSchema(desc) : this.messageSchema(desc);
    }
    return { $ref: `#/components/schemas/${desc.typeName}` };
  }

  messageSchema(message: DescMessage, omit: ReadonlySet<string> = new Set()): Schema {
    const properties: Record<string, Schema> = {};
    for (const field of message.fields) {
      if (omit.has(field.name)) continue;
      const schema = this.field(field);
      const oneof = field.oneof && !field.oneof.name.startsWith("_") ? ` Part of oneof "${field.oneof.name}": set at most one.` : "";
      properties[field.jsonName] = oneof ? { allOf: [schema], description: oneof.trim() } : schema;
    }
    return { type: "object", properties };
  }

  field(field: DescField): Schema {
    switch (field.fieldKind) {
      case "list":
        return { type: "array", items: this.single(field.listKind === "message" ? field.message : field.listKind === "enum" ? field.enum : field.scalar) };
      case "map":
        return { type: "object", additionalProperties: this.single(field.mapKind === "message" ? field.message : field.mapKind === "enum" ? field.enum : field.scalar) };
      case "message":
        return this.single(field.message);
      case "enum":
        return this.single(field.enum);
      case "scalar":
        return scalarSchema(field.scalar);
    }
  }

  private single(type: DescMessage | DescEnum | ScalarType): Schema {
    return typeof type === "number" ? scalarSchema(type) : this.ref(type);
  }
}

function scalarSchema(scalar: ScalarType): Schema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.BYTES:
      return { type: "string", format: "byte" };
    case ScalarType.DOUBLE:
      return { type: "number", format: "double" };
    case ScalarType.FLOAT:
      return { type: "number", format: "float" };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: "integer", format: "int32" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: "integer", format: "int64", minimum: 0 };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "string", format: "uint64" };
    default: // INT64, SINT64, SFIXED64: strings in JSON, so JavaScript keeps every digit
      return { type: "string", format: "int64" };
  }
}

function enumSchema(desc: DescEnum): Schema {
  return { type: "string", enum: desc.values.map((v) => v.name) };
}

const WRAPPERS: Record<string, ScalarType> = {
  DoubleValue: ScalarType.DOUBLE,
  FloatValue: ScalarType.FLOAT,
  Int64Value: ScalarType.INT64,
  UInt64Value: ScalarType.UINT64,
  Int32Value: ScalarType.INT32,
  UInt32Value: ScalarType.UINT32,
  BoolValue: ScalarType.BOOL,
  StringValue: ScalarType.STRING,
  BytesValue: ScalarType.BYTES,
};

/** The special JSON forms of google.protobuf types; undefined for any other message. */
function wellKnown(desc: DescMessage): Schema | undefined {
  if (desc.file.proto.package !== "google.protobuf") return undefined;
  switch (desc.name) {
    case "Timestamp":
      return { type: "string", format: "date-time" };
    case "Duration":
      return { type: "string", pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$", example: "3.5s" };
    case "FieldMask":
      return { type: "string", description: "Comma-separated lowerCamelCase field paths" };
    case "Struct":
      return { type: "object", additionalProperties: {} };
    case "Value":
      return {};
    case "ListValue":
      return { type: "array", items: {} };
    case "Empty":
      return { type: "object" };
    case "Any":
      return { type: "object", properties: { "@type": { type: "string" } }, required: ["@type"], additionalProperties: {} };
  }
  const wrapped = WRAPPERS[desc.name];
  return wrapped === undefined ? undefined : { ...scalarSchema(wrapped), nullable: true };
}
