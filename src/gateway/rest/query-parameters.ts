import type { DescField, JsonObject, JsonValue } from "@bufbuild/protobuf";
import { hasCustomJsonRepresentation } from "@bufbuild/protobuf/wkt";
import type { CompiledRoute } from "./compile-routes.js";
import { findField, protoPathOf } from "./field-lookup.js";
import { invalidArgument, reasonOf } from "./invalid-argument.js";
import { objectAtPath } from "./json-object.js";
import { mapKeyFromText, textConverterFor } from "./text-to-json.js";

// grpc-gateway's query mapping (runtime.DefaultQueryParser, v2): `a.b=1` sets a nested field, a repeated key
// fills a list (`tag=x&tag=y`), `labels[k]=v` sets a map entry, names may be proto or JSON names. Parameters
// aimed at fields the path or the body own are skipped, as grpc-gateway does. A second value for a singular
// field is an error, and so is a value the field cannot take or a path through a field that is no message.
// A parameter naming no field, at any depth, is ignored, as grpc-gateway does ("could just be an extra query
// parameter that isn't part of the request": cache busters, tracking parameters); unlike grpc-gateway, which
// has already created the enclosing message by then, we leave `a` unset for an unknown `a.x`.

/** Writes the query parameters into `target` as proto3 JSON (keys are proto names). */
export function queryParametersInto(target: JsonObject, route: CompiledRoute, query: string): void {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(query)) {
    const values = grouped.get(key);
    if (values === undefined) {
      grouped.set(key, [value]);
    } else {
      values.push(value);
    }
  }
  for (const [key, values] of grouped) {
    applyParameter(target, route, key, values);
  }
}

function applyParameter(
  target: JsonObject,
  route: CompiledRoute,
  rawKey: string,
  values: string[],
): void {
  let key = rawKey;
  let mapKey: string | undefined;
  const bracket = rawKey.indexOf("[");
  if (bracket > 0 && rawKey.endsWith("]")) {
    key = rawKey.slice(0, bracket);
    mapKey = rawKey.slice(bracket + 1, -1);
  }

  // As grpc-gateway, a parameter under a field the path or body owns is skipped as written, before it is read.
  if (isExcluded(route.queryExcluded, key)) {
    return;
  }
  const fields = resolveParameter(route, key);
  if (fields === undefined || isExcluded(route.queryExcluded, protoPathOf(fields))) {
    return;
  }
  const leaf = fields[fields.length - 1]!;
  const parent = objectAtPath(target, fields.slice(0, -1));
  const convert = (text: string): JsonValue => {
    try {
      return textConverterFor(leaf)(text);
    } catch (error) {
      throw invalidArgument(`invalid value for query parameter "${rawKey}": ${reasonOf(error)}`, error);
    }
  };

  if (leaf.fieldKind === "map") {
    if (mapKey === undefined) {
      throw invalidArgument(`query parameter "${key}" is a map: use ${key}[key]=value`);
    }
    if (values.length > 1) {
      throw invalidArgument(`too many values for query parameter "${rawKey}"`);
    }
    const entries = objectAtPath(parent, [leaf]);
    entries[mapKeyFromText(leaf.mapKey, mapKey)] = convert(values[0]!);
    return;
  }
  if (mapKey !== undefined) {
    throw invalidArgument(`query parameter "${key}" is not a map`);
  }
  if (leaf.fieldKind === "list") {
    const items = values.map(convert);
    const existing = parent[leaf.name];
    // The same list may be named by its proto and its JSON name in one query.
    parent[leaf.name] = Array.isArray(existing) ? existing.concat(items) : items;
    return;
  }
  if (values.length > 1 || parent[leaf.name] !== undefined) {
    throw invalidArgument(`too many values for query parameter "${key}"`);
  }
  parent[leaf.name] = convert(values[0]!);
}

function resolveParameter(route: CompiledRoute, key: string): DescField[] | undefined {
  const names = key.split(".");
  const fields: DescField[] = [];
  let message = route.method.input;
  for (let i = 0; i < names.length; i++) {
    const field = findField(message, names[i]!);
    if (field === undefined) {
      return undefined;
    }
    fields.push(field);
    if (i < names.length - 1) {
      // Only plain singular messages can be walked into; well-known types are set whole, as text.
      if (field.fieldKind !== "message" || hasCustomJsonRepresentation(field.message)) {
        throw invalidArgument(`query parameter "${key}": "${names.slice(0, i + 1).join(".")}" has no sub-fields`);
      }
      message = field.message;
    }
  }
  return fields;
}

function isExcluded(excluded: readonly string[], protoPath: string): boolean {
  for (const owned of excluded) {
    if (protoPath === owned || protoPath.startsWith(owned + ".") || owned.startsWith(protoPath + ".")) {
      return true;
    }
  }
  return false;
}
