// Checks a User resource a client sends (POST, PUT, a PATCH's result, Bulk data) against the schema and
// returns it with the schema's spelling of every attribute name (names are case-insensitive): unknown
// attributes, unknown schemas and values of the wrong type are refused together as invalidValue (RFC 7644
// §3.12); read-only attributes (id, meta, groups, manager.displayName) are ignored, as RFC 7643 §2.2 asks;
// null is "no value". Microsoft Entra ID sends booleans as the strings "True"/"False": those are read as
// the booleans they mean, any other string for a boolean is refused.
import { invalidSyntax, invalidValue } from "./scim-error.js";
import { ENTERPRISE_ATTRIBUTES, ENTERPRISE_SCHEMA, findAttribute, USER_ATTRIBUTES, USER_SCHEMA, type AttributeDef } from "./scim-schema.js";

export type ScimObject = Record<string, unknown>;

const KNOWN_SCHEMAS = new Set([USER_SCHEMA.toLowerCase(), ENTERPRISE_SCHEMA.toLowerCase()]);
const MAX_STRING = 500_000;

export function checkUserResource(body: unknown): ScimObject {
  const problems: string[] = [];
  if (!isObject(body)) throw invalidValue("the resource must be a JSON object");
  const out: ScimObject = { schemas: [USER_SCHEMA] };
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === "schemas") {
      if (!Array.isArray(value) || value.some((s) => typeof s !== "string")) problems.push("schemas: must be an array of strings");
      else {
        for (const schema of value as string[]) if (!KNOWN_SCHEMAS.has(schema.toLowerCase())) problems.push(`schemas: unknown schema "${schema}"`);
        if (!(value as string[]).some((s) => s.toLowerCase() === USER_SCHEMA.toLowerCase())) problems.push(`schemas: must contain "${USER_SCHEMA}"`);
      }
      continue;
    }
    if (lower === ENTERPRISE_SCHEMA.toLowerCase()) {
      if (value === null) continue;
      if (!isObject(value)) {
        problems.push(`${ENTERPRISE_SCHEMA}: must be an object`);
        continue;
      }
      const extension = checkObject(value, ENTERPRISE_ATTRIBUTES, ENTERPRISE_SCHEMA, problems);
      if (Object.keys(extension).length > 0) out[ENTERPRISE_SCHEMA] = extension;
      continue;
    }
    if (lower.startsWith(`${ENTERPRISE_SCHEMA.toLowerCase()}:`)) {
      // The extension's attributes named by their full URN (as PATCH without path may leave them).
      const name = key.slice(ENTERPRISE_SCHEMA.length + 1);
      const extension = (out[ENTERPRISE_SCHEMA] ??= {}) as ScimObject;
      Object.assign(extension, checkObject({ [name]: value }, ENTERPRISE_ATTRIBUTES, ENTERPRISE_SCHEMA, problems));
      continue;
    }
    if (lower === "meta" || lower === "id") continue;
    Object.assign(out, checkObject({ [key]: value }, USER_ATTRIBUTES, "", problems));
  }
  if (problems.length > 0) throw invalidValue(problems.join("; "));
  const extensions = out[ENTERPRISE_SCHEMA] as ScimObject | undefined;
  if (extensions && Object.keys(extensions).length > 0) out.schemas = [USER_SCHEMA, ENTERPRISE_SCHEMA];
  else delete out[ENTERPRISE_SCHEMA];
  return out;
}

function checkObject(value: ScimObject, attributes: readonly AttributeDef[], prefix: string, problems: string[]): ScimObject {
  const out: ScimObject = {};
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}:${key}` : key;
    const def = findAttribute(attributes, key);
    if (!def) {
      problems.push(`${path}: unknown attribute`);
      continue;
    }
    if (def.mutability === "readOnly" || item === null || item === undefined) continue;
    const checked = checkValue(def, item, path, problems);
    if (checked !== undefined) out[def.name] = checked;
  }
  return out;
}

function checkValue(def: AttributeDef, value: unknown, path: string, problems: string[]): unknown {
  if (def.multiValued) {
    if (!Array.isArray(value)) {
      problems.push(`${path}: must be an array`);
      return undefined;
    }
    const items = value.filter((v) => v !== null).map((v, i) => checkSingle(def, v, `${path}[${i}]`, problems));
    return items.length > 0 ? items : undefined;
  }
  return checkSingle(def, value, path, problems);
}

function checkSingle(def: AttributeDef, value: unknown, path: string, problems: string[]): unknown {
  switch (def.type) {
    case "complex": {
      if (!isObject(value)) {
        problems.push(`${path}: must be an object`);
        return undefined;
      }
      return checkObject(value, def.subAttributes ?? [], path, problems);
    }
    case "boolean": {
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      problems.push(`${path}: must be a boolean`);
      return undefined;
    }
    case "dateTime": {
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return value;
      problems.push(`${path}: must be a dateTime`);
      return undefined;
    }
    default: {
      if (typeof value !== "string") {
        problems.push(`${path}: must be a string`);
        return undefined;
      }
      if (value.length > MAX_STRING) {
        problems.push(`${path}: longer than ${MAX_STRING} characters`);
        return undefined;
      }
      return value;
    }
  }
}

export function isObject(value: unknown): value is ScimObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A protocol message (PatchOp, BulkRequest): an object whose schemas name `urn`, and its non-empty Operations. */
export function messageOperations(body: unknown, urn: string, what: string): { message: ScimObject; operations: unknown[] } {
  if (!isObject(body)) throw invalidSyntax(`the body must be a ${what} object`);
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === urn.toLowerCase())) {
    throw invalidSyntax(`schemas must contain "${urn}"`);
  }
  const operations = Object.entries(body).find(([key]) => key.toLowerCase() === "operations")?.[1];
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax("Operations must be a non-empty array");
  return { message: body, operations };
}
