import { ScalarType } from "@bufbuild/protobuf";
import type { DescEnum, DescField, DescMessage, JsonValue } from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";

// Path variables and query parameters arrive as text. They are turned into proto3 JSON values so the one
// `fromJson` of protobuf-es does the range checks and the assignment; only what proto3 JSON spells differently
// from grpc-gateway's text forms is converted here (bools like "1"/"t", enums by number, wrappers, Struct).

/** Turns one text value into a proto3 JSON value; throws an Error whose message explains the rejection. */
export type TextToJson = (text: string) => JsonValue;

const singularConverters = new WeakMap<DescField, TextToJson>();

/** Converter for a field's single value: the field itself, a list item, or a map value. */
export function textConverterFor(field: DescField): TextToJson {
  let converter = singularConverters.get(field);
  if (converter === undefined) {
    converter = buildConverter(field);
    singularConverters.set(field, converter);
  }
  return converter;
}

function buildConverter(field: DescField): TextToJson {
  // For lists and maps this is the element type: every field variant carries exactly one of the three.
  if (field.scalar !== undefined) {
    return scalarConverter(field.scalar);
  }
  if (field.enum !== undefined) {
    return enumConverter(field.enum);
  }
  return messageConverter(field.message);
}

/** Map keys are JSON object keys, i.e. strings; only bool keys have a spelling to normalise. */
export function mapKeyFromText(keyType: ScalarType, text: string): string {
  return keyType === ScalarType.BOOL ? String(parseBool(text)) : text;
}

function scalarConverter(scalar: ScalarType): TextToJson {
  switch (scalar) {
    case ScalarType.BOOL:
      return parseBool;
    default:
      // Strings and bytes (base64) are already in JSON form; numbers, 64-bit ones included, are accepted as
      // JSON strings and range-checked by fromJson.
      return identity;
  }
}

function enumConverter(desc: DescEnum): TextToJson {
  const names = new Set(desc.values.map((v) => v.name));
  const numbers = new Set(desc.values.map((v) => v.number));
  return (text) => {
    if (names.has(text)) {
      return text;
    }
    if (/^-?\d+$/.test(text) && numbers.has(Number(text))) {
      return Number(text);
    }
    throw new Error(`"${text}" is not a value of ${desc.typeName}`);
  };
}

function messageConverter(desc: DescMessage): TextToJson {
  if (isWrapperDesc(desc)) {
    const valueField = desc.fields[0]!;
    return valueField.fieldKind === "scalar" ? scalarConverter(valueField.scalar) : identity;
  }
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
    case "google.protobuf.Duration":
    case "google.protobuf.FieldMask":
      return identity; // their proto3 JSON form is the text itself
    case "google.protobuf.Struct":
    case "google.protobuf.ListValue":
    case "google.protobuf.Value":
      return parseJsonText;
    default:
      return () => {
        throw new Error(`${desc.typeName} cannot be given as text; set its fields one by one (name.field=value)`);
      };
  }
}

function identity(text: string): JsonValue {
  return text;
}

// The spellings Go's strconv.ParseBool accepts, which is what grpc-gateway uses.
const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

function parseBool(text: string): boolean {
  if (TRUE.has(text)) {
    return true;
  }
  if (FALSE.has(text)) {
    return false;
  }
  throw new Error(`"${text}" is not a bool`);
}

function parseJsonText(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new Error(`"${text}" is not valid JSON`);
  }
}
