// Compiles the FieldRules of one value — a singular field, or one element, key or value of a list or map — for
// the value's type. Rules of another type than the value's (string rules on an int) are a descriptor error.
import { ScalarType, type DescEnum, type DescMessage, type Message } from "@bufbuild/protobuf";
import {
  DoubleRulesSchema,
  Fixed32RulesSchema,
  Fixed64RulesSchema,
  FloatRulesSchema,
  Int32RulesSchema,
  Int64RulesSchema,
  FieldRulesSchema,
  MessageRulesSchema,
  SFixed32RulesSchema,
  SFixed64RulesSchema,
  SInt32RulesSchema,
  SInt64RulesSchema,
  TimestampRulesSchema,
  UInt32RulesSchema,
  UInt64RulesSchema,
  type BoolRules,
  type BytesRules,
  type EnumRules,
  type FieldRules,
  type MessageRules,
  type StringRules,
} from "../../gen/validate/validate_pb.js";
import { compileBytesRules } from "./bytes-rules.js";
import { compileBoolRules, compileEnumRules } from "./enum-and-bool-rules.js";
import { compileNumberRules } from "./number-rules.js";
import { setRulesOf, type SetRule } from "./set-rules.js";
import { compileStringRules } from "./string-rules.js";
import { UnsupportedRuleError, allOf, type ValueCheck } from "./value-check.js";

export type ValueKind =
  | { kind: "scalar"; scalar: ScalarType }
  | { kind: "enum"; enum: DescEnum }
  | { kind: "message"; message: DescMessage };

/** The checks of a nested message type; undefined when that type (transitively) has no rules. */
export type NestedChecks = (message: DescMessage) => ValueCheck | undefined;

export interface ValueRules {
  check: ValueCheck | undefined;
  /** `message.required` (or `timestamp.required`): absence is a violation. */
  required: boolean;
  /** The rule an absent value violates; default `message.required`. */
  requiredRule?: string;
}

const numberSchemas = {
  float: FloatRulesSchema,
  double: DoubleRulesSchema,
  int32: Int32RulesSchema,
  int64: Int64RulesSchema,
  uint32: UInt32RulesSchema,
  uint64: UInt64RulesSchema,
  sint32: SInt32RulesSchema,
  sint64: SInt64RulesSchema,
  fixed32: Fixed32RulesSchema,
  fixed64: Fixed64RulesSchema,
  sfixed32: SFixed32RulesSchema,
  sfixed64: SFixed64RulesSchema,
} as const;

/** FieldRules' name for the rules of a scalar type: ScalarType.UINT32 → "uint32". */
const rulesNameOf = (scalar: ScalarType) => ScalarType[scalar].toLowerCase();

export function compileValueRules(value: ValueKind, rules: FieldRules | undefined, where: string, nested: NestedChecks): ValueRules {
  // Also refuses FieldRules fields our validate.proto does not know.
  const set = rules ? setRulesOf(FieldRulesSchema, rules, where) : [];
  if (value.kind === "message") return compileMessageValue(value.message, set, where, nested);
  const expected = value.kind === "enum" ? "enum" : rulesNameOf(value.scalar);
  const checks: ValueCheck[] = [];
  for (const { name, value: typed } of set) {
    if (name !== expected) throw new UnsupportedRuleError(where, `${name}.*`, `does not apply to a ${expected} value`);
    checks.push(...compileTypedRules(value, name, typed as Message, where));
  }
  return { check: allOf(checks), required: false };
}

function compileTypedRules(value: ValueKind, name: string, rules: Message, where: string): ValueCheck[] {
  if (value.kind === "enum") return compileEnumRules(value.enum, rules as EnumRules, where);
  if (name === "string") return compileStringRules(rules as StringRules, where);
  if (name === "bytes") return compileBytesRules(rules as BytesRules, where);
  if (name === "bool") return compileBoolRules(rules as BoolRules, where);
  if (Object.hasOwn(numberSchemas, name)) return compileNumberRules(name, numberSchemas[name as keyof typeof numberSchemas], rules, where);
  throw new UnsupportedRuleError(where, `${name}.*`);
}

function compileMessageValue(message: DescMessage, set: readonly SetRule[], where: string, nested: NestedChecks): ValueRules {
  let required = false;
  let skip = false;
  let requiredRule: string | undefined;
  for (const { name, value } of set) {
    // Of the timestamp rules only `required` is enforced (AddPersonalAccessTokenRequest.expiration_date);
    // comparisons with fixed times or "now" are refused at start-up like every other unsupported rule.
    if (name === "timestamp" && message.typeName === "google.protobuf.Timestamp") {
      for (const rule of setRulesOf(TimestampRulesSchema, value as Message, where)) {
        if (rule.name !== "required") throw new UnsupportedRuleError(where, `timestamp.${rule.name}`);
        required = rule.value === true;
        requiredRule = "timestamp.required";
      }
      continue;
    }
    // Rules for the other well-known message types (any, duration, wrapper scalars) are not enforced here.
    if (name !== "message") throw new UnsupportedRuleError(where, `${name}.*`);
    for (const rule of setRulesOf(MessageRulesSchema, value as MessageRules, where)) {
      if (rule.name === "required") required = rule.value === true;
      else if (rule.name === "skip") skip = rule.value === true;
      else throw new UnsupportedRuleError(where, `message.${rule.name}`);
    }
  }
  return { check: skip ? undefined : nested(message), required, requiredRule };
}
