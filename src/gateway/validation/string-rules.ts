// protoc-gen-validate's StringRules. Lengths (`len`, `min_len`, `max_len`) count Unicode code points, as PGV
// counts runes: "😀" is one character although JavaScript stores it as two UTF-16 units. `*_bytes` count UTF-8.
import { StringRulesSchema, type StringRules } from "../../gen/validate/validate_pb.js";
import { emailProblem, hostnameProblem } from "./email-address.js";
import { compileRules } from "./set-rules.js";
import { UnsupportedRuleError, ruleCheck, type ValueCheck } from "./value-check.js";

const utf8 = new TextEncoder();

export function codePointLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const quoted = (text: string) => JSON.stringify(text);

function problemCheck(rule: string, description: string, problem: (text: string) => string | undefined): ValueCheck {
  return (value, path, out) => {
    const found = problem(value as string);
    if (found !== undefined) out.push({ field: path, rule, description: `${description} (${found})` });
  };
}

function factories(where: string): Record<string, (rule: unknown) => ValueCheck> {
  const count = (rule: unknown) => Number(rule as bigint);
  return {
    const: (rule) => ruleCheck<string>("string.const", `must be ${quoted(rule as string)}`, (v) => v === rule),
    len: (rule) =>
      ruleCheck<string>("string.len", `must be exactly ${count(rule)} characters long`, (v) => codePointLength(v) === count(rule)),
    min_len: (rule) =>
      ruleCheck<string>("string.min_len", `must be at least ${count(rule)} characters long`, (v) => codePointLength(v) >= count(rule)),
    max_len: (rule) =>
      ruleCheck<string>("string.max_len", `must be at most ${count(rule)} characters long`, (v) => codePointLength(v) <= count(rule)),
    len_bytes: (rule) =>
      ruleCheck<string>("string.len_bytes", `must be exactly ${count(rule)} bytes long`, (v) => utf8.encode(v).length === count(rule)),
    min_bytes: (rule) =>
      ruleCheck<string>("string.min_bytes", `must be at least ${count(rule)} bytes long`, (v) => utf8.encode(v).length >= count(rule)),
    max_bytes: (rule) =>
      ruleCheck<string>("string.max_bytes", `must be at most ${count(rule)} bytes long`, (v) => utf8.encode(v).length <= count(rule)),
    pattern: (rule) => {
      let pattern: RegExp;
      try {
        // PGV patterns are RE2; the `u` flag makes JavaScript match by code point as RE2 does.
        pattern = new RegExp(rule as string, "u");
      } catch (error) {
        throw new UnsupportedRuleError(where, "string.pattern", `has a pattern JavaScript cannot compile: ${String(error)}`);
      }
      return ruleCheck<string>("string.pattern", `must match the pattern ${quoted(rule as string)}`, (v) => pattern.test(v));
    },
    prefix: (rule) => ruleCheck<string>("string.prefix", `must start with ${quoted(rule as string)}`, (v) => v.startsWith(rule as string)),
    suffix: (rule) => ruleCheck<string>("string.suffix", `must end with ${quoted(rule as string)}`, (v) => v.endsWith(rule as string)),
    contains: (rule) => ruleCheck<string>("string.contains", `must contain ${quoted(rule as string)}`, (v) => v.includes(rule as string)),
    not_contains: (rule) =>
      ruleCheck<string>("string.not_contains", `must not contain ${quoted(rule as string)}`, (v) => !v.includes(rule as string)),
    in: (rule) => {
      const allowed = new Set(rule as string[]);
      return ruleCheck<string>("string.in", `must be one of ${[...allowed].map(quoted).join(", ")}`, (v) => allowed.has(v));
    },
    not_in: (rule) => {
      const refused = new Set(rule as string[]);
      return ruleCheck<string>("string.not_in", `must not be one of ${[...refused].map(quoted).join(", ")}`, (v) => !refused.has(v));
    },
    // The well-known formats are booleans; `false` means "no rule", as in PGV.
    email: (rule) => (rule ? problemCheck("string.email", "must be a valid email address", emailProblem) : noCheck),
    hostname: (rule) => (rule ? problemCheck("string.hostname", "must be a valid hostname", hostnameProblem) : noCheck),
    uuid: (rule) => (rule ? ruleCheck<string>("string.uuid", "must be a UUID", (v) => uuid.test(v)) : noCheck),
  };
}

const noCheck: ValueCheck = () => {};

export function compileStringRules(rules: StringRules, where: string): ValueCheck[] {
  return compileRules(StringRulesSchema, rules, "string", factories(where), where).filter((check) => check !== noCheck);
}
