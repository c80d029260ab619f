// Attribute paths as filters, sortBy, attributes and excludedAttributes name them (RFC 7644 §3.10):
// `userName`, `name.givenName`, `emails.value`, `meta.lastModified`, and the same prefixed with a schema URN
// (`urn:ietf:params:scim:schemas:core:2.0:User:userName`, `urn:…:enterprise:2.0:User:manager.value`).
// Names are case-insensitive; a path is resolved to the schema's spelling, or undefined when it names nothing.
import { isObject, type ScimObject } from "./scim-resource-check.js";
import { ENTERPRISE_ATTRIBUTES, ENTERPRISE_SCHEMA, findAttribute, META_ATTRIBUTE, USER_ATTRIBUTES, USER_SCHEMA, type AttributeDef } from "./scim-schema.js";

export interface ResolvedPath {
  /** The extension object the attribute lives in, or undefined for the core schema. */
  extension?: string;
  attribute: AttributeDef;
  sub?: AttributeDef;
}

const CORE_ATTRIBUTES = [...USER_ATTRIBUTES, META_ATTRIBUTE];

export function resolvePath(path: string, scope: readonly AttributeDef[] = CORE_ATTRIBUTES): ResolvedPath | undefined {
  let rest = path;
  let attributes = scope;
  let extension: string | undefined;
  const lower = path.toLowerCase();
  if (lower.startsWith(`${ENTERPRISE_SCHEMA.toLowerCase()}:`)) {
    rest = path.slice(ENTERPRISE_SCHEMA.length + 1);
    attributes = ENTERPRISE_ATTRIBUTES;
    extension = ENTERPRISE_SCHEMA;
  } else if (lower.startsWith(`${USER_SCHEMA.toLowerCase()}:`)) {
    rest = path.slice(USER_SCHEMA.length + 1);
  }
  const [name, subName, ...more] = rest.split(".");
  if (more.length > 0 || !name) return undefined;
  const attribute = findAttribute(attributes, name);
  if (!attribute) return undefined;
  if (subName === undefined) return { extension, attribute };
  const sub = findAttribute(attribute.subAttributes, subName);
  return sub ? { extension, attribute, sub } : undefined;
}

/** Every value the path has in `resource` (one per element of a multi-valued attribute), absent ones left out. */
export function valuesAt(resource: ScimObject, path: ResolvedPath): unknown[] {
  const container = path.extension ? resource[path.extension] : resource;
  if (!isObject(container)) return [];
  const value = container[path.attribute.name];
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  if (!path.sub) return items;
  const subName = path.sub.name;
  return items.filter(isObject).map((item) => item[subName]).filter((v) => v !== undefined && v !== null);
}

/** The definition whose values a comparison reads: the sub-attribute, or `value` of a multi-valued complex one. */
export function comparedAttribute(path: ResolvedPath): { def: AttributeDef; path: ResolvedPath } | undefined {
  if (path.sub) return { def: path.sub, path };
  if (path.attribute.type !== "complex") return { def: path.attribute, path };
  const value = findAttribute(path.attribute.subAttributes, "value");
  return value && path.attribute.multiValued ? { def: value, path: { ...path, sub: value } } : undefined;
}
