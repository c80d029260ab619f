// Phone numbers normalised to E.164 the way ZITADEL does it: parsed with libphonenumber, national numbers
// read as Swiss (ZITADEL's default region), written as +<country><number>.
//
// ZITADEL only parses (any digit string of plausible length passes); we also require the number to be
// valid for its country, so SMS codes are not sent to nonsense. We use libphonenumber-js's default "min"
// metadata: it checks the number's leading digits and length per country, accepts every example number
// of the full metadata, and, unlike the "max" metadata, also accepts numbers ZITADEL's own tests treat as
// valid (e.g. +43 71 123 45 67) whose exact number-type ranges the full metadata does not list.
import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js";
import { invalidField } from "./errors.js";

const RULE = "phone.e164";
export const DEFAULT_PHONE_REGION: CountryCode = "CH";

/**
 * `checkValidity` false reads the number as ZITADEL does (it must parse, its country's rules are not asked):
 * the other update-user APIs document numbers such as +3053032211 that no country's plan lists.
 */
export function normalizePhone(raw: string, field = "phone", { checkValidity = true } = {}): string {
  if (raw.trim() === "") throw invalidField("PHONE-Empty1", field, RULE, "Errors.User.Phone.Empty: the phone number is empty");
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(raw, { defaultCountry: DEFAULT_PHONE_REGION });
  } catch (error) {
    // The library names the reason (NOT_A_NUMBER, INVALID_COUNTRY, TOO_SHORT, TOO_LONG).
    const reason = error instanceof Error ? error.message : "unreadable";
    throw invalidField("PHONE-Parse1", field, RULE, `Errors.User.Phone.Invalid: not a phone number (${reason})`);
  }
  if (checkValidity && !parsed.isValid()) {
    throw invalidField("PHONE-Inval1", field, RULE, "Errors.User.Phone.Invalid: not a valid number for its country");
  }
  // An extension has no place in E.164 and is dropped, as ZITADEL's E.164 formatting does.
  return parsed.number;
}
