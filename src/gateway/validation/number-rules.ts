// protoc-gen-validate's rules for the numeric types (int32 … sfixed64, float, double): const, in, not_in and the
// bounds gt/gte/lt/lte. As in PGV, an upper bound below the lower one means "outside the range".
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { setRulesOf } from "./set-rules.js";
import { UnsupportedRuleError, ruleCheck, type ValueCheck } from "./value-check.js";

type Num = number | bigint;

const supported = new Set(["const", "in", "not_in", "gt", "gte", "lt", "lte"]);

/**
 * `kind` is the rules' name in FieldRules (e.g. `uint32`). Integral values are compared as bigint, whatever
 * representation the generated code chose (number, bigint or string for 64-bit `jstype`s).
 */
export function compileNumberRules(kind: string, schema: DescMessage, rules: Message, where: string): ValueCheck[] {
  const integral = kind !== "float" && kind !== "double";
  const toNum = (value: unknown): Num => (integral ? BigInt(value as Num | string) : Number(value));
  const set = new Map<string, unknown>();
  for (const { name, value } of setRulesOf(schema, rules, where)) {
    if (!supported.has(name)) throw new UnsupportedRuleError(where, `${kind}.${name}`);
    set.set(name, value);
  }

  const checks: ValueCheck[] = [];
  if (set.has("const")) {
    const expected = toNum(set.get("const"));
    checks.push(ruleCheck<Num>(`${kind}.const`, `must be ${expected}`, (v) => toNum(v) === expected));
  }
  if (set.has("in")) {
    const allowed = new Set((set.get("in") as unknown[]).map(toNum));
    checks.push(ruleCheck<Num>(`${kind}.in`, `must be one of ${[...allowed].join(", ")}`, (v) => allowed.has(toNum(v))));
  }
  if (set.has("not_in")) {
    const refused = new Set((set.get("not_in") as unknown[]).map(toNum));
    checks.push(ruleCheck<Num>(`${kind}.not_in`, `must not be one of ${[...refused].join(", ")}`, (v) => !refused.has(toNum(v))));
  }
  const range = rangeCheck(kind, set, toNum);
  if (range) checks.push(range);
  return checks;
}

interface Bound {
  rule: string;
  limit: Num;
  inclusive: boolean;
}

function bound(kind: string, set: Map<string, unknown>, exclusive: string, inclusive: string, toNum: (v: unknown) => Num) {
  if (set.has(exclusive)) return { rule: `${kind}.${exclusive}`, limit: toNum(set.get(exclusive)), inclusive: false };
  if (set.has(inclusive)) return { rule: `${kind}.${inclusive}`, limit: toNum(set.get(inclusive)), inclusive: true };
  return undefined;
}

const isBelow = (v: Num, upper: Bound) => (upper.inclusive ? v <= upper.limit : v < upper.limit);
const isAbove = (v: Num, lower: Bound) => (lower.inclusive ? v >= lower.limit : v > lower.limit);
const upperText = (b: Bound) => `${b.inclusive ? "at most" : "less than"} ${b.limit}`;
const lowerText = (b: Bound) => `${b.inclusive ? "at least" : "greater than"} ${b.limit}`;

function rangeCheck(kind: string, set: Map<string, unknown>, toNum: (v: unknown) => Num): ValueCheck | undefined {
  const upper = bound(kind, set, "lt", "lte", toNum);
  const lower = bound(kind, set, "gt", "gte", toNum);
  if (upper && lower && upper.limit <= lower.limit) {
    return ruleCheck<Num>(`${kind}.range`, `must be ${upperText(upper)} or ${lowerText(lower)}`, (v) => {
      const n = toNum(v);
      return isBelow(n, upper) || isAbove(n, lower);
    });
  }
  if (!upper && !lower) return undefined;
  return (value, path, out) => {
    const n = toNum(value);
    if (upper && !isBelow(n, upper)) out.push({ field: path, rule: upper.rule, description: `must be ${upperText(upper)}` });
    if (lower && !isAbove(n, lower)) out.push({ field: path, rule: lower.rule, description: `must be ${lowerText(lower)}` });
  };
}
