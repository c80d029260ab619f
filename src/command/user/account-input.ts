// The input of the account command (account-change.ts) and its validation: every value checked at once, pure
// (no state), so the API layer can also run it with the request's other rules and answer every violation in
// one go. Violations name the command's own fields (below); each API renames them to its JSON names.
//
//   given_name, family_name     must not be empty
//   preferred_language          a BCP 47 tag; "" removes it
//   email                       an address (new ones are verified by a code sent to them)
//   phone                       parsed to E.164 as ZITADEL reads numbers; "" removes it
//   password                    the password policy; needs password_confirmation (equal) and current_password
//   <attribute>                 profile-metadata.ts: timezone an IANA name, url a web address; "" removes it
//   settings.<name>             1–191 characters; the value's JSON at most 500 000 bytes
import { normalizeEmail } from "../../domain/email.js";
import type { FieldViolation } from "../../domain/errors.js";
import { normalizeLanguageTag } from "../../domain/language.js";
import { checkPasswordComplexity } from "../../domain/password/complexity.js";
import { normalizePhone } from "../../domain/phone.js";
import { sameSecret } from "../../domain/secret-compare.js";
import { attributeKey, MAX_VALUE_BYTES, settingKey, type ProfileAttribute, type SettingValue } from "../../domain/profile-metadata.js";
import { normalizeTimeZone } from "../../domain/timezone.js";
import { checkWebAddress } from "../../domain/web-address.js";
import type { CommandDeps } from "../deps.js";
import { Violations } from "../violations.js";
import type { MetadataChange } from "../metadata-decision.js";

export interface AccountChangeInput {
  userId: string;
  /** Move the user to this organisation (user-move.ts), in the same push as the rest. */
  organizationId?: string;
  givenName?: string;
  familyName?: string;
  preferredLanguage?: string;
  email?: string;
  phone?: string;
  password?: string;
  passwordConfirmation?: string;
  currentPassword?: string;
  /** Profile attributes kept as metadata; "" removes one. */
  attributes?: Partial<Record<ProfileAttribute, string>>;
  /** Settings to change: a value replaces the stored one, null removes the setting. */
  settings?: Readonly<Record<string, SettingValue>>;
}

/** The input with every value in its stored form, and the metadata it sets and removes. */
export interface AccountChange extends Omit<AccountChangeInput, "settings"> {
  metadata: MetadataChange & { remove: string[] };
}

type Normalizers = Partial<Record<ProfileAttribute, (value: string, field: string) => string>>;
const attributeFormats: Normalizers = { timezone: normalizeTimeZone, url: checkWebAddress };

const utf8 = new TextEncoder();

export function normalizeAccountInput(deps: Pick<CommandDeps, "passwordPolicy">, input: AccountChangeInput): AccountChange {
  const v = new Violations();
  const out: AccountChange = { ...input, metadata: { set: new Map(), remove: [] } };
  const set = out.metadata.set as Map<string, Uint8Array>;
  delete (out as { settings?: unknown }).settings;
  for (const [value, field] of [
    [input.givenName, "given_name"],
    [input.familyName, "family_name"],
  ] as const) {
    if (value !== undefined && value.trim() === "") v.add({ field, rule: "string.min_len", description: "must not be empty" });
  }
  if (input.preferredLanguage) out.preferredLanguage = v.check(() => normalizeLanguageTag(input.preferredLanguage!, "preferred_language"));
  if (input.email !== undefined) out.email = v.check(() => normalizeEmail(input.email!, "email"));
  if (input.phone) out.phone = v.check(() => normalizePhone(input.phone!, "phone"));
  checkPassword(deps, input, v);
  for (const [attribute, raw] of Object.entries(input.attributes ?? {}) as [ProfileAttribute, string | undefined][]) {
    if (raw === undefined) continue;
    const key = attributeKey(attribute);
    if (raw === "") {
      out.metadata.remove.push(key);
      continue;
    }
    const format = attributeFormats[attribute];
    const value = format ? v.check(() => format(raw, attribute)) : raw;
    if (value !== undefined) set.set(key, utf8.encode(value));
  }
  for (const [name, value] of Object.entries(input.settings ?? {})) {
    const key = v.check(() => settingKey(name));
    if (key === undefined) continue;
    if (value === null) {
      out.metadata.remove.push(key);
      continue;
    }
    const bytes = utf8.encode(JSON.stringify(value));
    if (bytes.length > MAX_VALUE_BYTES) v.add({ field: `settings.${name}`, rule: "bytes.max_len", description: `must be at most ${MAX_VALUE_BYTES} bytes as JSON` });
    else set.set(key, bytes);
  }
  v.throwIfAny("COMMAND-AccInv1");
  return out;
}

/** A password change proves the current password and repeats the new one. */
function checkPassword(deps: Pick<CommandDeps, "passwordPolicy">, input: AccountChangeInput, v: Violations): void {
  if (input.password === undefined) {
    if (input.passwordConfirmation !== undefined) {
      v.add({ field: "password", rule: "password.required", description: "is required with password_confirmation" });
    }
    return;
  }
  v.check(() => checkPasswordComplexity(input.password!, deps.passwordPolicy, "password"));
  if (input.passwordConfirmation === undefined) {
    v.add({ field: "password_confirmation", rule: "password.confirmation", description: "is required to change the password" });
  } else if (!sameSecret(input.passwordConfirmation, input.password)) {
    v.add({ field: "password_confirmation", rule: "password.confirmation", description: "does not match password" });
  }
  if (input.currentPassword === undefined) {
    v.add({ field: "current_password", rule: "password.current_required", description: "is required to change the password" });
  }
}

/** The violations of `input`, for checks run before the command (empty when it is valid). */
export function accountInputViolations(deps: Pick<CommandDeps, "passwordPolicy">, input: AccountChangeInput): readonly FieldViolation[] {
  return new Violations().collect(() => normalizeAccountInput(deps, input));
}
