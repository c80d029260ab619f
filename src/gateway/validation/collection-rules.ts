// protoc-gen-validate's RepeatedRules and MapRules: counts, uniqueness, and the rules of each element, key and
// value. Elements are validated one by one with their index (`metadata[0].key`) or key (`labels["a"]`) in the path.
import { ScalarType, type DescField, type Message } from "@bufbuild/protobuf";
import { FieldRulesSchema, MapRulesSchema, RepeatedRulesSchema, type FieldRules } from "../../gen/validate/validate_pb.js";
import { setRulesOf } from "./set-rules.js";
import { UnsupportedRuleError, allOf, ruleCheck, type ValueCheck } from "./value-check.js";
import { compileValueRules, type NestedChecks, type ValueKind } from "./value-rules.js";

type ListField = DescField & { fieldKind: "list" };
type MapField = DescField & { fieldKind: "map" };

/** The rules named `expected` (repeated or map) of a list or map field; any other rule type is an error. */
function collectionRules(rules: FieldRules | undefined, expected: "repeated" | "map", where: string) {
  if (!rules) return undefined;
  const set = setRulesOf(FieldRulesSchema, rules, where);
  for (const { name } of set) {
    if (name !== expected) throw new UnsupportedRuleError(where, `${name}.*`, `does not apply to a ${expected} field`);
  }
  return set[0]?.value;
}

const count = (rule: unknown) => Number(rule as bigint);
// Map keys and list elements compared by value; bytes by content.
const identity = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value);

export function compileListRules(field: ListField, rules: FieldRules | undefined, where: string, nested: NestedChecks) {
  const element: ValueKind =
    field.listKind === "message"
      ? { kind: "message", message: field.message }
      : field.listKind === "enum"
        ? { kind: "enum", enum: field.enum }
        : { kind: "scalar", scalar: field.scalar };
  const listChecks: ValueCheck[] = [];
  let items: FieldRules | undefined;
  const repeated = collectionRules(rules, "repeated", where);
  if (repeated) {
    for (const { name, value } of setRulesOf(RepeatedRulesSchema, repeated as Message, where)) {
      if (name === "min_items") {
        listChecks.push(ruleCheck<unknown[]>("repeated.min_items", `must contain at least ${count(value)} items`, (v) => v.length >= count(value)));
      } else if (name === "max_items") {
        listChecks.push(ruleCheck<unknown[]>("repeated.max_items", `must contain at most ${count(value)} items`, (v) => v.length <= count(value)));
      } else if (name === "unique" && value === true) {
        if (element.kind === "message") throw new UnsupportedRuleError(where, "repeated.unique", "applies only to scalar and enum items");
        listChecks.push(ruleCheck<unknown[]>("repeated.unique", "must not contain duplicates", (v) => new Set(v.map(identity)).size === v.length));
      } else if (name === "items") {
        items = value as FieldRules;
      } else if (name !== "unique") {
        throw new UnsupportedRuleError(where, `repeated.${name}`);
      }
    }
  }
  // Items cannot be absent, so `items.message.required` always holds.
  const each = compileValueRules(element, items, `${where}[]`, nested).check;
  if (each) {
    listChecks.push((value, path, out) => {
      (value as unknown[]).forEach((item, index) => each(item, `${path}[${index}]`, out));
    });
  }
  return allOf(listChecks);
}

/** Map keys are object property names in protobuf-es; rules need them back as typed values. */
function keyValue(scalar: ScalarType): (key: string) => unknown {
  switch (scalar) {
    case ScalarType.STRING:
      return (key) => key;
    case ScalarType.BOOL:
      return (key) => key === "true";
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return (key) => BigInt(key);
    default:
      return (key) => Number(key);
  }
}

export function compileMapRules(field: MapField, rules: FieldRules | undefined, where: string, nested: NestedChecks) {
  const valueKind: ValueKind =
    field.mapKind === "message"
      ? { kind: "message", message: field.message }
      : field.mapKind === "enum"
        ? { kind: "enum", enum: field.enum }
        : { kind: "scalar", scalar: field.scalar };
  const mapChecks: ValueCheck[] = [];
  let keys: FieldRules | undefined;
  let values: FieldRules | undefined;
  const map = collectionRules(rules, "map", where);
  const size = (value: unknown) => Object.keys(value as object).length;
  if (map) {
    for (const { name, value } of setRulesOf(MapRulesSchema, map as Message, where)) {
      if (name === "min_pairs") {
        mapChecks.push(ruleCheck("map.min_pairs", `must contain at least ${count(value)} entries`, (v) => size(v) >= count(value)));
      } else if (name === "max_pairs") {
        mapChecks.push(ruleCheck("map.max_pairs", `must contain at most ${count(value)} entries`, (v) => size(v) <= count(value)));
      } else if (name === "no_sparse" && value === true) {
        if (valueKind.kind !== "message") throw new UnsupportedRuleError(where, "map.no_sparse", "applies only to message values");
        mapChecks.push(ruleCheck<Record<string, unknown>>("map.no_sparse", "must not contain empty values", (v) =>
          Object.values(v).every((entry) => entry !== undefined && entry !== null),
        ));
      } else if (name === "keys") {
        keys = value as FieldRules;
      } else if (name === "values") {
        values = value as FieldRules;
      } else if (name !== "no_sparse") {
        throw new UnsupportedRuleError(where, `map.${name}`);
      }
    }
  }
  const keyCheck = compileValueRules({ kind: "scalar", scalar: field.mapKey }, keys, `${where}[key]`, nested).check;
  const valueCheck = compileValueRules(valueKind, values, `${where}[value]`, nested).check;
  if (keyCheck || valueCheck) {
    const typedKey = keyValue(field.mapKey);
    mapChecks.push((value, path, out) => {
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        const entryPath = `${path}[${JSON.stringify(key)}]`;
        keyCheck?.(typedKey(key), entryPath, out);
        if (entry !== undefined) valueCheck?.(entry, entryPath, out);
      }
    });
  }
  return allOf(mapChecks);
}
