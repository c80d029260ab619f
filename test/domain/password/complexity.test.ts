import { describe, expect, it } from "vitest";
import { checkPasswordComplexity, defaultPasswordPolicy, type PasswordComplexityPolicy } from "../../../src/domain/password/complexity.js";
import { domainErrorOf } from "../expect-domain-error.js";

const rulesBrokenBy = (password: string, policy: PasswordComplexityPolicy = defaultPasswordPolicy) =>
  domainErrorOf(() => checkPasswordComplexity(password, policy)).violations.map((violation) => violation.rule);

describe("checkPasswordComplexity", () => {
  it("has ZITADEL's default policy", () => {
    expect(defaultPasswordPolicy).toEqual({ minLength: 8, hasUppercase: true, hasLowercase: true, hasNumber: true, hasSymbol: true });
  });

  it.each(["Password1!", "Aa1!Aa1!", "Zürich-2024", "Pass word 9"])("accepts %j under the default policy", (password) => {
    expect(() => checkPasswordComplexity(password, defaultPasswordPolicy)).not.toThrow();
  });

  it("throws one InvalidArgument with a violation per broken rule", () => {
    const error = domainErrorOf(() => checkPasswordComplexity("", defaultPasswordPolicy, "password.password.password"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("PASSWORD-Cmplx1");
    expect(error.violations.map((violation) => violation.rule)).toEqual([
      "password.min_length",
      "password.has_uppercase",
      "password.has_lowercase",
      "password.has_number",
      "password.has_symbol",
    ]);
    expect(error.violations.every((violation) => violation.field === "password.password.password")).toBe(true);
  });

  it.each([
    ["Short1!", ["password.min_length"]],
    ["password1!", ["password.has_uppercase"]],
    ["PASSWORD1!", ["password.has_lowercase"]],
    ["Password!!", ["password.has_number"]],
    ["Password12", ["password.has_symbol"]],
  ])("reports only what %j lacks", (password, rules) => {
    expect(rulesBrokenBy(password)).toEqual(rules);
  });

  it("uses ZITADEL's ASCII classes: non-ASCII letters are symbols, not letters", () => {
    // "ÄÖÜ" are not upper-case letters by ZITADEL's definition, "äöü" not lower-case ones.
    expect(rulesBrokenBy("ÄÖÜäöü123")).toEqual(["password.has_uppercase", "password.has_lowercase"]);
    // …and they satisfy the symbol rule.
    expect(() => checkPasswordComplexity("Abcdefg1ü", defaultPasswordPolicy)).not.toThrow();
    // Arabic-Indic digits are not numbers.
    expect(rulesBrokenBy("Abcdefg!٣")).toEqual(["password.has_number"]);
  });

  it("counts length in code points, not UTF-16 units or bytes", () => {
    const policy = { ...defaultPasswordPolicy, minLength: 8 };
    // Seven code points: four emoji (two UTF-16 units, four bytes each) and "Aa1".
    expect(rulesBrokenBy("Aa1😀😀😀😀", policy)).toEqual(["password.min_length"]);
    // Eight code points pass.
    expect(() => checkPasswordComplexity("Aa1😀😀😀😀😀", policy)).not.toThrow();
    // "äöü" is three characters even though it is six UTF-8 bytes.
    expect(rulesBrokenBy("Aa1!äöü", policy)).toEqual(["password.min_length"]);
  });

  it("checks only the rules the policy switches on", () => {
    const lenient = { minLength: 1, hasUppercase: false, hasLowercase: false, hasNumber: false, hasSymbol: false };
    expect(() => checkPasswordComplexity("x", lenient)).not.toThrow();
    expect(rulesBrokenBy("", lenient)).toEqual(["password.min_length"]);
  });

  it("accepts long passwords (the 200-character cap is the request validator's)", () => {
    expect(() => checkPasswordComplexity("Aa1!".repeat(50), defaultPasswordPolicy)).not.toThrow();
  });
});
