// Turns a message type's protoc-gen-validate rules into one validator, once per type. Compiling walks the
// descriptor (fields, options, nested types); validating a request only runs the compiled checks.
//
// PGV semantics: a field without presence (proto3 scalar) is always checked; a proto3 `optional` field and a
// oneof member only when set; a nested message only when present (unless `message.required` makes absence the
// violation); a oneof with `(validate.required)` needs one member set; `(validate.disabled)` turns a type off.
import { hasOption, getOption, isFieldSet, type DescField, type DescMessage, type DescOneof, type Message } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import type { FieldViolation } from "../../domain/errors.js";
import { disabled, required as oneofRequired, rules as fieldRules } from "../../gen/validate/validate_pb.js";
import { compileListRules, compileMapRules } from "./collection-rules.js";
import { UnsupportedRuleError, type ValueCheck } from "./value-check.js";
import { compileValueRules, type ValueRules } from "./value-rules.js";

type Fields = Record<string, unknown>;
type MessageCheck = (message: Fields, prefix: string, out: FieldViolation[]) => void;

interface Compiled {
  /** Undefined once compiled when the type (transitively) has nothing to check. */
  check: MessageCheck | undefined;
  done: boolean;
}

export type Validator = (message: Message) => FieldViolation[];

// A newer protoc-gen-validate's MessageOptions extension `ignored`, absent from our validate.proto.
const VALIDATE_IGNORED_OPTION = 1072;

const UNBOXED = new Set(
  ["Struct", "Value", "ListValue", "DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value", "BoolValue", "StringValue", "BytesValue"].map(
    (name) => `google.protobuf.${name}`,
  ),
);

const committed = new WeakMap<DescMessage, Compiled>();
const validators = new WeakMap<DescMessage, Validator>();

const join = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}.${name}`);

/**
 * The validator of `desc`, compiled on first use and cached. Throws UnsupportedRuleError when the type or any
 * type it reaches carries a rule this runtime does not enforce.
 */
export function validatorFor(desc: DescMessage): Validator {
  const cached = validators.get(desc);
  if (cached) return cached;
  // Compiled types are kept only when the whole graph compiled, so a failure leaves no half-built entries.
  const session = new Map<DescMessage, Compiled>();
  const compiled = compileMessage(desc, session);
  for (const [type, entry] of session) committed.set(type, entry);
  const validator: Validator = (message) => {
    if (message.$typeName !== desc.typeName) throw new Error(`validator of ${desc.typeName} given a ${message.$typeName}`);
    const out: FieldViolation[] = [];
    compiled.check?.(message as unknown as Fields, "", out);
    return out;
  };
  validators.set(desc, validator);
  return validator;
}

function compileMessage(desc: DescMessage, session: Map<DescMessage, Compiled>): Compiled {
  const known = committed.get(desc) ?? session.get(desc);
  if (known) return known;
  // Registered before its fields are compiled: recursive types (SearchQuery → OrQuery → SearchQuery) find
  // themselves here and call through the entry, which is complete by the time anything is validated.
  const entry: Compiled = { check: undefined, done: false };
  session.set(desc, entry);
  const nested = (type: DescMessage): ValueCheck | undefined => {
    // protobuf-es holds Struct, Value, ListValue and the wrappers as plain JSON and primitives, not as
    // messages; their descriptors carry no rules, so there is nothing to descend into.
    if (UNBOXED.has(type.typeName)) return undefined;
    const target = compileMessage(type, session);
    if (target.done && !target.check) return undefined;
    return (value, path, out) => target.check?.(value as Fields, path, out);
  };

  const checks: MessageCheck[] = [];
  if (desc.proto.options?.$unknown?.some((option) => option.no === VALIDATE_IGNORED_OPTION)) {
    throw new UnsupportedRuleError(desc.typeName, "validate.ignored");
  }
  if (!(hasOption(desc, disabled) && getOption(desc, disabled))) {
    for (const field of desc.fields) {
      const check = compileField(field, nested);
      if (check) checks.push(check);
    }
    for (const oneof of desc.oneofs) {
      if (hasOption(oneof, oneofRequired) && getOption(oneof, oneofRequired)) checks.push(requiredOneofCheck(oneof));
    }
  }
  entry.check =
    checks.length === 0
      ? undefined
      : (message, prefix, out) => {
          for (const check of checks) check(message, prefix, out);
        };
  entry.done = true;
  return entry;
}

function requiredOneofCheck(oneof: DescOneof): MessageCheck {
  const members = oneof.fields.map((field) => field.name).join(", ");
  return (message, prefix, out) => {
    if ((message[oneof.localName] as { case: unknown }).case === undefined) {
      out.push({ field: join(prefix, oneof.name), rule: "oneof.required", description: `one of ${members} is required` });
    }
  };
}

const ABSENT = Symbol("absent");

/** Reads a field the way PGV decides whether to check it: ABSENT means "not set, skip its rules". */
function readerOf(field: DescField): (message: Fields) => unknown {
  const { oneof, localName } = field;
  if (oneof) {
    return (message) => {
      const selected = message[oneof.localName] as { case: string | undefined; value: unknown };
      return selected.case === localName ? selected.value : ABSENT;
    };
  }
  if (field.fieldKind === "message") return (message) => message[localName] ?? ABSENT;
  if ((field.fieldKind === "scalar" || field.fieldKind === "enum") && field.presence !== FeatureSet_FieldPresence.IMPLICIT) {
    return (message) => (isFieldSet(message as unknown as Message, field) ? message[localName] : ABSENT);
  }
  return (message) => message[localName];
}

function compileField(field: DescField, nested: (type: DescMessage) => ValueCheck | undefined): MessageCheck | undefined {
  const where = `${field.parent.typeName}.${field.name}`;
  const rules = hasOption(field, fieldRules) ? getOption(field, fieldRules) : undefined;
  let compiled: ValueRules;
  switch (field.fieldKind) {
    case "list":
      compiled = { check: compileListRules(field, rules, where, nested), required: false };
      break;
    case "map":
      compiled = { check: compileMapRules(field, rules, where, nested), required: false };
      break;
    case "message":
      compiled = compileValueRules({ kind: "message", message: field.message }, rules, where, nested);
      break;
    case "enum":
      compiled = compileValueRules({ kind: "enum", enum: field.enum }, rules, where, nested);
      break;
    case "scalar":
      compiled = compileValueRules({ kind: "scalar", scalar: field.scalar }, rules, where, nested);
      break;
  }
  const { check } = compiled;
  // In a oneof, only the member that is set is checked at all; `required` cannot apply to the others.
  const required = compiled.required && !field.oneof;
  if (!check && !required) return undefined;
  const read = readerOf(field);
  return (message, prefix, out) => {
    const value = read(message);
    const path = join(prefix, field.name);
    if (value === ABSENT) {
      if (required) out.push({ field: path, rule: compiled.requiredRule ?? "message.required", description: "is required" });
      return;
    }
    check?.(value, path, out);
  };
}
