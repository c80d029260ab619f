// Lists the rules a protoc-gen-validate rules message actually carries. validate.proto is proto2, so presence
// (not the value) says whether a rule was written: `min_len: 0` is a rule, an absent min_len is none.
import { isFieldSet, type DescMessage, type Message } from "@bufbuild/protobuf";
import { UnsupportedRuleError } from "./value-check.js";

export interface SetRule {
  /** The rule's proto field name, e.g. `min_len`. */
  name: string;
  value: unknown;
}

/**
 * The rules set in `rules`. Fields our copy of validate.proto does not know (a newer protoc-gen-validate, e.g.
 * `ignore_empty`) arrive as unknown fields; they are refused rather than ignored.
 */
export function setRulesOf(schema: DescMessage, rules: Message, where: string): SetRule[] {
  const unknown = rules.$unknown ?? [];
  if (unknown.length > 0) {
    const numbers = unknown.map((field) => field.no).join(", ");
    throw new UnsupportedRuleError(where, `${schema.typeName} field(s) ${numbers}`, "is unknown to validate.proto");
  }
  const fields = rules as unknown as Record<string, unknown>;
  const set: SetRule[] = [];
  for (const field of schema.fields) {
    if (!isFieldSet(rules, field)) continue;
    const value = field.oneof ? (fields[field.oneof.localName] as { value: unknown }).value : fields[field.localName];
    set.push({ name: field.name, value });
  }
  return set;
}

/** Compiles each set rule with the factory of its name; a rule without a factory is an unsupported rule. */
export function compileRules<Check>(
  schema: DescMessage,
  rules: Message,
  prefix: string,
  factories: Readonly<Record<string, (value: unknown) => Check>>,
  where: string,
): Check[] {
  return setRulesOf(schema, rules, where).map(({ name, value }) => {
    const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
    if (!factory) throw new UnsupportedRuleError(where, `${prefix}.${name}`);
    return factory(value);
  });
}
