// SCIM filters (RFC 7644 §3.4.2.2): parsed by scim2-parse-filter, then compiled here against the User schema,
// because evaluating them needs what the parser does not know: which attributes exist (anything else is
// invalidFilter), their types (dateTime compares as time, boolean only with eq/ne) and case-exactness
// (userName matches case-insensitively, id and externalId exactly). All operators (eq ne co sw ew gt ge lt le
// pr), and/or/not, and value paths `emails[type eq "work"]`. The parser reads `emails[type eq "work"].value eq
// "x"` as `emails[type eq "work"] and emails.value eq "x"`; that pair is compiled as one condition on the same
// element (`emails[type eq "work" and value eq "x"]`), which is what a client writing it means.
import scimFilter from "scim2-parse-filter";
import type { Compare, Filter } from "scim2-parse-filter";
import { comparedAttribute, resolvePath, valuesAt, type ResolvedPath } from "./scim-attribute-path.js";
import { invalidFilter } from "./scim-error.js";
import { isObject, type ScimObject } from "./scim-resource-check.js";
import type { AttributeDef } from "./scim-schema.js";

export type Predicate = (resource: ScimObject) => boolean;

const MAX_FILTER_LENGTH = 4096;

export function compileFilter(text: string): Predicate {
  if (text.length > MAX_FILTER_LENGTH) throw invalidFilter(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  let ast: Filter;
  try {
    ast = scimFilter.parse(text);
  } catch (error) {
    throw invalidFilter(`the filter cannot be parsed: ${error instanceof Error ? error.message : "syntax error"}`);
  }
  return compile(ast, undefined);
}

/** `scope`: the complex attribute whose elements a value path's inner filter reads, undefined at the top. */
function compile(filter: Filter, scope: AttributeDef | undefined): Predicate {
  switch (filter.op) {
    case "and": {
      const merged = mergedValuePath(filter.filters);
      if (merged) return compile(merged, scope);
      const parts = filter.filters.map((f) => compile(f, scope));
      return (r) => parts.every((p) => p(r));
    }
    case "or": {
      const parts = filter.filters.map((f) => compile(f, scope));
      return (r) => parts.some((p) => p(r));
    }
    case "not": {
      const inner = compile(filter.filter, scope);
      return (r) => !inner(r);
    }
    case "[]": {
      if (scope) throw invalidFilter("value paths cannot be nested");
      const path = resolve(filter.attrPath, undefined);
      if (path.sub || path.attribute.type !== "complex") throw invalidFilter(`${filter.attrPath} has no sub-attributes to filter on`);
      const inner = compile(filter.valFilter, path.attribute);
      return (r) => valuesAt(r, path).some((element) => isObject(element) && inner(element));
    }
    case "pr": {
      const path = resolve(filter.attrPath, scope);
      return (r) => valuesAt(r, path).some((v) => v !== "" && !(Array.isArray(v) && v.length === 0));
    }
    default:
      return compileComparison(filter as Compare, scope);
  }
}

/** `A[f]` followed by a condition on `A.sub`: one condition on the same element of A. */
function mergedValuePath(filters: readonly Filter[]): Filter | undefined {
  const [first, second] = filters;
  if (filters.length !== 2 || first?.op !== "[]" || !second || !("attrPath" in second)) return undefined;
  const prefix = `${first.attrPath.toLowerCase()}.`;
  if (!second.attrPath.toLowerCase().startsWith(prefix)) return undefined;
  const inner = { ...second, attrPath: second.attrPath.slice(prefix.length) } as Filter;
  return { op: "[]", attrPath: first.attrPath, valFilter: { op: "and", filters: [first.valFilter, inner] } };
}

function resolve(attrPath: string, scope: AttributeDef | undefined): ResolvedPath {
  const path = scope ? resolvePath(attrPath, scope.subAttributes ?? []) : resolvePath(attrPath);
  if (!path) throw invalidFilter(`unknown attribute "${attrPath}"`);
  if (path.attribute.returned === "never") throw invalidFilter(`"${attrPath}" cannot be filtered on`);
  return path;
}

function compileComparison(filter: Compare, scope: AttributeDef | undefined): Predicate {
  const compared = comparedAttribute(resolve(filter.attrPath, scope));
  if (!compared) throw invalidFilter(`${filter.attrPath} is complex: compare one of its sub-attributes`);
  const { def, path } = compared;
  const test = comparison(def, filter);
  // ne holds when no value equals; every other operator when some value matches.
  if (filter.op === "ne") {
    const equal = comparison(def, { ...filter, op: "eq" });
    return (r) => !valuesAt(r, path).some(equal);
  }
  return (r) => valuesAt(r, path).some(test);
}

function comparison(def: AttributeDef, filter: Compare): (value: unknown) => boolean {
  const { op, compValue } = filter;
  if (compValue === null) {
    if (op !== "eq") throw invalidFilter(`${filter.attrPath}: null can only be compared with eq or ne`);
    return () => false;
  }
  if (def.type === "boolean") {
    if (op !== "eq" || typeof compValue !== "boolean") throw invalidFilter(`${filter.attrPath} is a boolean: use eq or ne with true or false`);
    return (v) => v === compValue;
  }
  if (typeof compValue !== "string") throw invalidFilter(`${filter.attrPath} is a ${def.type}: compare it with a string`);
  if (def.type === "dateTime") {
    const wanted = Date.parse(compValue);
    if (Number.isNaN(wanted)) throw invalidFilter(`${filter.attrPath}: "${compValue}" is not a dateTime`);
    return (v) => typeof v === "string" && order(op, Date.parse(v) - wanted, () => false);
  }
  const fold = (s: string) => (def.caseExact ? s : s.toLowerCase());
  const wanted = fold(compValue);
  return (v) => {
    if (typeof v !== "string") return false;
    const value = fold(v);
    return order(op, value < wanted ? -1 : value > wanted ? 1 : 0, () => {
      if (op === "co") return value.includes(wanted);
      if (op === "sw") return value.startsWith(wanted);
      return value.endsWith(wanted);
    });
  };
}

function order(op: Compare["op"], difference: number, text: () => boolean): boolean {
  switch (op) {
    case "eq":
      return difference === 0;
    case "gt":
      return difference > 0;
    case "ge":
      return difference >= 0;
    case "lt":
      return difference < 0;
    case "le":
      return difference <= 0;
    default:
      return text();
  }
}
