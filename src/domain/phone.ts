// Phone numbers normalised to E.164 exactly as ZITADEL does it (internal/domain/phone.go): parsed with Google's
// libphonenumber, national numbers read as Swiss (ZITADEL's default region), written as +<country><number>.
//
// Like ZITADEL we only parse and never ask whether the number is valid for its country: what parses is
// accepted (ZITADEL's own tests use +1234567890), what does not parse (no digits, an unknown country code,
// too short or too long) is refused. We use google-libphonenumber, the JavaScript build of the same library
// whose Go port ZITADEL calls, so both read the same input the same way (letters as keypad digits, "00" as
// the international prefix, an extension dropped).
import libphonenumber from "google-libphonenumber";
import { invalidField } from "./errors.js";

const RULE = "phone.e164";
export const DEFAULT_PHONE_REGION = "CH";

const util = libphonenumber.PhoneNumberUtil.getInstance();

export function normalizePhone(raw: string, field = "phone"): string {
  if (raw.trim() === "") throw invalidField("PHONE-Empty1", field, RULE, "Errors.User.Phone.Empty: the phone number is empty");
  let parsed: libphonenumber.PhoneNumber;
  try {
    parsed = util.parse(raw, DEFAULT_PHONE_REGION);
  } catch (error) {
    // The library names the reason: not a number, an invalid country calling code, too short, too long.
    const reason = error instanceof Error ? error.message : "unreadable";
    throw invalidField("PHONE-Parse1", field, RULE, `Errors.User.Phone.Invalid: not a phone number (${reason})`);
  }
  return util.format(parsed, libphonenumber.PhoneNumberFormat.E164);
}
