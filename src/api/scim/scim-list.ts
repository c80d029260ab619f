// Query parameters of a list or .search (RFC 7644 §3.4.2, §3.4.3): filter, sortBy/sortOrder, startIndex/count
// and attributes/excludedAttributes, checked together; and the projection of a resource to the attributes a
// caller asked for, which GET, POST, PUT and PATCH answers honour too (§3.9).
import { comparedAttribute, resolvePath, valuesAt, type ResolvedPath } from "./scim-attribute-path.js";
import { invalidValue } from "./scim-error.js";
import { compileFilter, type Predicate } from "./scim-filter.js";
import { isObject, type ScimObject } from "./scim-resource-check.js";
import { LIST_RESPONSE } from "./scim-schema.js";

export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

export interface Projection {
  attributes?: ResolvedPath[];
  excluded?: ResolvedPath[];
}

export interface ListParams {
  filter?: Predicate;
  sort?: { path: ResolvedPath; descending: boolean; caseExact: boolean };
  startIndex: number;
  count: number;
  projection: Projection;
}

/** From query parameters (strings) or a SearchRequest body (typed values); names are case-insensitive. */
export function listParams(raw: Record<string, unknown>): ListParams {
  const get = (name: string) => Object.entries(raw).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const text = (name: string) => {
    const value = get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    throw invalidValue(`${name} must be a string`);
  };
  const integer = (name: string, fallback: number) => {
    const value = get(name);
    if (value === undefined || value === null || value === "") return fallback;
    const number = typeof value === "number" ? value : /^-?\d{1,10}$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(number)) throw invalidValue(`${name} must be an integer`);
    return number;
  };
  const filterText = text("filter");
  const sortBy = text("sortBy");
  const sortOrder = text("sortOrder");
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(sortOrder)) throw invalidValue('sortOrder must be "ascending" or "descending"');
  let sort: ListParams["sort"];
  if (sortBy !== undefined) {
    const resolved = resolvePath(sortBy);
    const compared = resolved && comparedAttribute(resolved);
    if (!compared) throw invalidValue(`sortBy: unknown or complex attribute "${sortBy}"`);
    sort = { path: compared.path, descending: /^descending$/i.test(sortOrder ?? ""), caseExact: compared.def.caseExact };
  }
  return {
    filter: filterText === undefined || filterText.trim() === "" ? undefined : compileFilter(filterText),
    sort,
    // §3.4.2.4: a startIndex below 1 is 1, a negative count 0, and no more than the advertised maximum.
    startIndex: Math.max(1, integer("startIndex", 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, integer("count", DEFAULT_COUNT))),
    projection: projection(get("attributes"), get("excludedAttributes")),
  };
}

export function projection(attributes: unknown, excluded: unknown): Projection {
  const paths = (name: string, value: unknown): ResolvedPath[] | undefined => {
    if (value === undefined || value === null || value === "") return undefined;
    const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : undefined;
    if (!list || list.some((item) => typeof item !== "string")) throw invalidValue(`${name} must be a comma-separated list of attribute names`);
    return (list as string[]).map((item) => {
      const resolved = resolvePath(item.trim());
      if (!resolved) throw invalidValue(`${name}: unknown attribute "${item.trim()}"`);
      return resolved;
    });
  };
  return { attributes: paths("attributes", attributes), excluded: paths("excludedAttributes", excluded) };
}

export function listResponse(resources: readonly ScimObject[], params: ListParams): ScimObject {
  let matched = params.filter ? resources.filter(params.filter) : [...resources];
  if (params.sort) matched = sorted(matched, params.sort);
  const page = matched.slice(params.startIndex - 1, params.startIndex - 1 + params.count);
  return {
    schemas: [LIST_RESPONSE],
    totalResults: matched.length,
    itemsPerPage: page.length,
    startIndex: params.startIndex,
    Resources: page.map((resource) => project(resource, params.projection)),
  };
}

/** Resources without a value sort last in either order. */
function sorted(resources: ScimObject[], sort: NonNullable<ListParams["sort"]>): ScimObject[] {
  const key = (resource: ScimObject) => {
    const value = valuesAt(resource, sort.path)[0];
    if (value === undefined) return undefined;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return sort.caseExact ? text : text.toLowerCase();
  };
  const keyed = resources.map((resource) => ({ resource, key: key(resource) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return sort.descending ? -order : order;
  });
  return keyed.map((entry) => entry.resource);
}

/** id and schemas are always returned (RFC 7643 §7, "returned": "always"); the rest as asked. */
export function project(resource: ScimObject, projection: Projection): ScimObject {
  if (projection.attributes) {
    const out: ScimObject = { schemas: resource.schemas, id: resource.id };
    for (const path of projection.attributes) copyPath(resource, out, path);
    return out;
  }
  if (projection.excluded) {
    const out = structuredClone(resource);
    for (const path of projection.excluded) removePath(out, path);
    return out;
  }
  return resource;
}

function copyPath(from: ScimObject, to: ScimObject, path: ResolvedPath): void {
  const source = path.extension ? from[path.extension] : from;
  if (!isObject(source)) return;
  const value = source[path.attribute.name];
  if (value === undefined) return;
  const target = path.extension ? ((to[path.extension] ??= {}) as ScimObject) : to;
  if (!path.sub) {
    target[path.attribute.name] = value;
    return;
  }
  const subName = path.sub.name;
  if (Array.isArray(value)) {
    const existing = (target[path.attribute.name] as ScimObject[] | undefined) ?? value.map(() => ({}));
    value.forEach((item: unknown, i) => {
      if (isObject(item) && item[subName] !== undefined) (existing[i] as ScimObject)[subName] = item[subName];
    });
    target[path.attribute.name] = existing;
  } else if (isObject(value) && value[subName] !== undefined) {
    target[path.attribute.name] = { ...((target[path.attribute.name] as ScimObject | undefined) ?? {}), [subName]: value[subName] };
  }
}

function removePath(resource: ScimObject, path: ResolvedPath): void {
  if (path.attribute.returned === "always") return;
  const container = path.extension ? resource[path.extension] : resource;
  if (!isObject(container)) return;
  if (!path.sub) {
    delete container[path.attribute.name];
    return;
  }
  const value = container[path.attribute.name];
  for (const item of Array.isArray(value) ? value : [value]) if (isObject(item)) delete item[path.sub.name];
}
