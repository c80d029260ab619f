import type { DescField, DescMessage } from "@bufbuild/protobuf";

// Field names in path templates, query strings and `body:` selectors may be the proto name (`user_id`) or the
// JSON name (`userId`), as grpc-gateway accepts both. The per-message name index is built once and kept for the
// life of the descriptor.

const fieldsByName = new WeakMap<DescMessage, Map<string, DescField>>();

export function findField(message: DescMessage, name: string): DescField | undefined {
  let index = fieldsByName.get(message);
  if (index === undefined) {
    index = new Map();
    for (const field of message.fields) {
      index.set(field.jsonName, field);
      index.set(field.name, field); // the proto name wins should a JSON name collide with another field's name
    }
    fieldsByName.set(message, index);
  }
  return index.get(name);
}

/**
 * Resolves a dotted path of singular message fields ending in any field; used when routes are compiled, so it
 * throws with a message naming the offending part.
 */
export function resolveFieldPath(message: DescMessage, dottedPath: string): DescField[] {
  const fields: DescField[] = [];
  let current: DescMessage | undefined = message;
  for (const name of dottedPath.split(".")) {
    if (current === undefined) {
      throw new Error(`"${dottedPath}" in ${message.typeName}: "${fields.at(-1)?.name}" is not a message field`);
    }
    const field = findField(current, name);
    if (field === undefined) {
      throw new Error(`"${dottedPath}" in ${message.typeName}: no field "${name}" in ${current.typeName}`);
    }
    fields.push(field);
    current = field.fieldKind === "message" ? field.message : undefined;
  }
  return fields;
}

/** The proto-name form of a resolved path, used as the key of the JSON object handed to `fromJson`. */
export function protoPathOf(fields: readonly DescField[]): string {
  return fields.map((f) => f.name).join(".");
}
