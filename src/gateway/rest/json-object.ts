import type { DescField, JsonObject, JsonValue } from "@bufbuild/protobuf";

/** The object at `fields` (all but the leaf), created on the way; keys are proto names. */
export function objectAtPath(target: JsonObject, fields: readonly DescField[]): JsonObject {
  let current = target;
  for (const field of fields) {
    const existing = current[field.name];
    if (existing !== undefined && existing !== null && typeof existing === "object" && !Array.isArray(existing)) {
      current = existing;
    } else {
      const created: JsonObject = {};
      current[field.name] = created;
      current = created;
    }
  }
  return current;
}

/** Sets the leaf of `fields` to `value`, creating the parent objects. */
export function setAtPath(target: JsonObject, fields: readonly DescField[], value: JsonValue): void {
  const leaf = fields[fields.length - 1]!;
  objectAtPath(target, fields.slice(0, -1))[leaf.name] = value;
}

/** Wraps `value` in objects for each field of the path, e.g. body field `a.b` → `{ a: { b: value } }`. */
export function nestAtPath(fields: readonly DescField[], value: JsonValue): JsonObject {
  const root: JsonObject = {};
  setAtPath(root, fields, value);
  return root;
}
