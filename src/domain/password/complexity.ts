// Password complexity as ZITADEL's policy defines it. Its character classes are ASCII only: a lower-case
// letter is a-z, an upper-case letter A-Z, a number 0-9, and a symbol is anything else (so "ä", a space
// or an emoji count as symbols, not letters). We keep those definitions so a password accepted by ZITADEL
// is accepted here. Length counts code points (ZITADEL counts UTF-8 bytes): "äöü" is three characters to
// the user, and counting bytes would let a short non-Latin password pass a length rule.
import { invalidArgument, type FieldViolation } from "../errors.js";

export interface PasswordComplexityPolicy {
  minLength: number;
  hasUppercase: boolean;
  hasLowercase: boolean;
  hasNumber: boolean;
  hasSymbol: boolean;
}

/** ZITADEL's default policy. */
export const defaultPasswordPolicy: Readonly<PasswordComplexityPolicy> = Object.freeze({
  minLength: 8,
  hasUppercase: true,
  hasLowercase: true,
  hasNumber: true,
  hasSymbol: true,
});

const LOWERCASE = /[a-z]/;
const UPPERCASE = /[A-Z]/;
const NUMBER = /[0-9]/;
const SYMBOL = /[^A-Za-z0-9]/;

/** Throws one InvalidArgument listing every rule the password breaks. */
export function checkPasswordComplexity(password: string, policy: PasswordComplexityPolicy, field = "password.password"): void {
  const violations: FieldViolation[] = [];
  const broken = (rule: string, description: string) => violations.push({ field, rule, description });

  if (Array.from(password).length < policy.minLength) {
    broken("password.min_length", `the password needs at least ${policy.minLength} characters`);
  }
  if (policy.hasUppercase && !UPPERCASE.test(password)) broken("password.has_uppercase", "the password needs an upper-case letter (A-Z)");
  if (policy.hasLowercase && !LOWERCASE.test(password)) broken("password.has_lowercase", "the password needs a lower-case letter (a-z)");
  if (policy.hasNumber && !NUMBER.test(password)) broken("password.has_number", "the password needs a digit (0-9)");
  if (policy.hasSymbol && !SYMBOL.test(password)) broken("password.has_symbol", "the password needs a symbol (anything but A-Z, a-z, 0-9)");

  if (violations.length > 0) {
    const summary = violations.map((violation) => violation.description).join("; ");
    throw invalidArgument("PASSWORD-Cmplx1", `Errors.User.PasswordComplexityPolicy: ${summary}`, violations);
  }
}
