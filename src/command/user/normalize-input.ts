// Validates and normalises every value of a create or update at once (email and phone formats, language
// tag, gender, password complexity or hash format, link templates), so the caller sees all problems together.
import { normalizeEmail } from "../../domain/email.js";
import { checkGender } from "../../domain/gender.js";
import { normalizeLanguageTag } from "../../domain/language.js";
import { checkPasswordComplexity } from "../../domain/password/complexity.js";
import { parseImportedHash } from "../../domain/password/imported-hash.js";
import { normalizePhone } from "../../domain/phone.js";
import { compileUrlTemplate } from "../../domain/url-template.js";
import type { CommandDeps } from "../deps.js";
import { Violations } from "../violations.js";
import type { EmailInput, PasswordInput, PhoneInput, ProfileChange } from "./inputs.js";

/** Variables a verification link template may use (ZITADEL's). */
export const LINK_TEMPLATE_VARIABLES = ["UserID", "Code", "OrgID", "LoginName", "DisplayName", "PreferredLoginName"] as const;

export interface ContactFields {
  profile?: ProfileChange;
  email?: EmailInput;
  phone?: PhoneInput;
  password?: PasswordInput;
}

/** Field paths differ between AddHumanUser (`password.password`) and UpdateHumanUser (`password.password.password`). */
export interface FieldPaths {
  password: string;
  hash: string;
}

export function normalizeInput<T extends ContactFields>(deps: CommandDeps, input: T, paths: FieldPaths): T {
  const v = new Violations();
  const out: T = { ...input };
  // An empty language is given too (it becomes "und", as ZITADEL's language.Make makes it); absent is absent.
  if (input.profile?.preferredLanguage !== undefined) {
    const tag = v.check(() => normalizeLanguageTag(input.profile!.preferredLanguage!, "profile.preferred_language"));
    if (tag !== undefined) out.profile = { ...input.profile, preferredLanguage: tag };
  }
  if (input.profile?.gender !== undefined) v.check(() => checkGender(input.profile!.gender!));
  if (input.email) {
    const address = v.check(() => normalizeEmail(input.email!.address, "email.email"));
    checkTemplate(v, input.email.verification, "email.send_code.url_template");
    if (address !== undefined) out.email = { ...input.email, address };
  }
  if (input.phone && input.phone.number !== "") {
    const number = v.check(() => normalizePhone(input.phone!.number, "phone.phone"));
    if (number !== undefined) out.phone = { ...input.phone, number };
  }
  if (input.password?.plain !== undefined) {
    v.check(() => checkPasswordComplexity(input.password!.plain!, deps.passwordPolicy, paths.password));
  }
  if (input.password?.encodedHash !== undefined) {
    v.check(() => parseImportedHash(input.password!.encodedHash!, paths.hash));
  }
  v.throwIfAny("COMMAND-Invld1");
  return out;
}

function checkTemplate(v: Violations, verification: EmailInput["verification"], field: string): void {
  if (verification.mode === "send" && verification.urlTemplate !== undefined) {
    v.check(() => compileUrlTemplate(verification.urlTemplate!, LINK_TEMPLATE_VARIABLES, field));
  }
}
