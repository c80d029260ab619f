import { ScalarType, toJson, type DescField, type DescMessage, type JsonValue, type Message, type Registry } from "@bufbuild/protobuf";
import { hasCustomJsonRepresentation } from "@bufbuild/protobuf/wkt";
import type { RestDialect } from "./dialect.js";
import { RawNumber, type DialectJson } from "./dialect-value.js";

// A response in a dialect's JSON: proto3 JSON from protobuf-es (names, well-known types, enums), then what
// proto3 JSON cannot say — unset fields as null, and 64-bit integers as numbers (RawNumber, dialect-value.ts).

const INT64 = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

export function dialectMessageJson(desc: DescMessage, message: Message, dialect: RestDialect, registry: Registry): DialectJson {
  const json = toJson(desc, message, {
    registry,
    useProtoFieldName: dialect.fieldNames === "proto",
    alwaysEmitImplicit: (dialect.unsetFields ?? "omit") !== "omit",
  });
  return adjust(desc, json, dialect);
}

function adjust(desc: DescMessage, json: JsonValue, dialect: RestDialect): DialectJson {
  if (json === null || typeof json !== "object" || Array.isArray(json) || hasCustomJsonRepresentation(desc)) return json;
  const out: { [key: string]: DialectJson } = {};
  for (const field of desc.fields) {
    const key = dialect.fieldNames === "proto" ? field.name : field.jsonName;
    if (Object.hasOwn(json, key)) {
      out[key] = adjustField(field, json[key]!, dialect);
    } else if (dialect.unsetFields === "null") {
      out[key] = null;
    }
  }
  return out;
}

function adjustField(field: DescField, value: JsonValue, dialect: RestDialect): DialectJson {
  const one = (item: JsonValue): DialectJson => {
    if (field.message !== undefined) return adjust(field.message, item, dialect);
    if (dialect.int64AsNumber && field.scalar !== undefined && INT64.has(field.scalar) && typeof item === "string") return new RawNumber(item);
    return item;
  };
  if (field.fieldKind === "list" && Array.isArray(value)) return value.map(one);
  if (field.fieldKind === "map" && value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, one(v)]));
  }
  return one(value);
}

/** JSON text of a dialect value: JSON.stringify, except that RawNumber is written as its digits. */
export function writeJson(value: DialectJson): string {
  if (value instanceof RawNumber) return value.digits;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${writeJson(item)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
