// protoc-gen-validate's BytesRules; lengths are byte counts.
import { BytesRulesSchema, type BytesRules } from "../../gen/validate/validate_pb.js";
import { compileRules } from "./set-rules.js";
import { ruleCheck, type ValueCheck } from "./value-check.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

function startsWith(value: Uint8Array, part: Uint8Array, at: number): boolean {
  if (at < 0 || at + part.length > value.length) return false;
  return part.every((byte, i) => value[at + i] === byte);
}

function includes(value: Uint8Array, part: Uint8Array): boolean {
  for (let at = 0; at + part.length <= value.length; at++) if (startsWith(value, part, at)) return true;
  return false;
}

const factories: Record<string, (rule: unknown) => ValueCheck> = {
  const: (rule) => ruleCheck<Uint8Array>("bytes.const", `must be 0x${hex(rule as Uint8Array)}`, (v) => hex(v) === hex(rule as Uint8Array)),
  len: (rule) => ruleCheck<Uint8Array>("bytes.len", `must be exactly ${rule} bytes long`, (v) => v.length === Number(rule)),
  min_len: (rule) => ruleCheck<Uint8Array>("bytes.min_len", `must be at least ${rule} bytes long`, (v) => v.length >= Number(rule)),
  max_len: (rule) => ruleCheck<Uint8Array>("bytes.max_len", `must be at most ${rule} bytes long`, (v) => v.length <= Number(rule)),
  prefix: (rule) =>
    ruleCheck<Uint8Array>("bytes.prefix", `must start with 0x${hex(rule as Uint8Array)}`, (v) => startsWith(v, rule as Uint8Array, 0)),
  suffix: (rule) => {
    const part = rule as Uint8Array;
    return ruleCheck<Uint8Array>("bytes.suffix", `must end with 0x${hex(part)}`, (v) => startsWith(v, part, v.length - part.length));
  },
  contains: (rule) =>
    ruleCheck<Uint8Array>("bytes.contains", `must contain 0x${hex(rule as Uint8Array)}`, (v) => includes(v, rule as Uint8Array)),
  in: (rule) => {
    const allowed = new Set((rule as Uint8Array[]).map(hex));
    return ruleCheck<Uint8Array>("bytes.in", "must be one of the allowed values", (v) => allowed.has(hex(v)));
  },
  not_in: (rule) => {
    const refused = new Set((rule as Uint8Array[]).map(hex));
    return ruleCheck<Uint8Array>("bytes.not_in", "must not be one of the refused values", (v) => !refused.has(hex(v)));
  },
};

export function compileBytesRules(rules: BytesRules, where: string): ValueCheck[] {
  return compileRules(BytesRulesSchema, rules, "bytes", factories, where);
}
