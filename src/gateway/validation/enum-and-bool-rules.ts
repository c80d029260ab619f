// protoc-gen-validate's EnumRules and BoolRules.
import type { DescEnum } from "@bufbuild/protobuf";
import { BoolRulesSchema, EnumRulesSchema, type BoolRules, type EnumRules } from "../../gen/validate/validate_pb.js";
import { compileRules } from "./set-rules.js";
import { ruleCheck, type ValueCheck } from "./value-check.js";

export function compileEnumRules(enumDesc: DescEnum, rules: EnumRules, where: string): ValueCheck[] {
  const nameOf = (n: number) => enumDesc.values.find((v) => v.number === n)?.name ?? String(n);
  const names = (numbers: number[]) => numbers.map(nameOf).join(", ");
  return compileRules(
    EnumRulesSchema,
    rules,
    "enum",
    {
      const: (rule) => ruleCheck<number>("enum.const", `must be ${nameOf(rule as number)}`, (v) => v === rule),
      // Proto3 enums are open: a number outside the enum survives parsing and must be caught here.
      defined_only: (rule) => {
        const defined = new Set(enumDesc.values.map((v) => v.number));
        return rule ? ruleCheck<number>("enum.defined_only", `must be a value of ${enumDesc.typeName}`, (v) => defined.has(v)) : noCheck;
      },
      in: (rule) => {
        const allowed = new Set(rule as number[]);
        return ruleCheck<number>("enum.in", `must be one of ${names([...allowed])}`, (v) => allowed.has(v));
      },
      not_in: (rule) => {
        const refused = new Set(rule as number[]);
        return ruleCheck<number>("enum.not_in", `must not be one of ${names([...refused])}`, (v) => !refused.has(v));
      },
    },
    where,
  ).filter((check) => check !== noCheck);
}

export function compileBoolRules(rules: BoolRules, where: string): ValueCheck[] {
  return compileRules(
    BoolRulesSchema,
    rules,
    "bool",
    { const: (rule) => ruleCheck<boolean>("bool.const", `must be ${rule}`, (v) => v === rule) },
    where,
  );
}

const noCheck: ValueCheck = () => {};
