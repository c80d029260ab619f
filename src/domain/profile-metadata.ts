// Where the other update-user APIs keep what ZITADEL's user has no field for: user metadata under fixed keys,
// one scheme for all of them, so ZITADEL's ListUserMetadata shows the values and every API reads what another
// wrote (a time zone set through Clone Systems is Exante's time zone too). Values are UTF-8 text; settings
// (Exante) are one key per setting holding the setting's value as JSON text.
//
//   profile.phone, profile.url, profile.title, profile.address, profile.city, profile.state,
//   profile.country, profile.zipcode, profile.comment   Clone Systems' user attributes
//   profile.timezone                                     IANA time zone name (Clone Systems, Exante)
//   profile.default_organization                         organisation id (Exante)
//   settings.<name>                                      one Exante setting, JSON
import { invalidField } from "./errors.js";

export const PROFILE_ATTRIBUTES = [
  "phone",
  "url",
  "title",
  "address",
  "city",
  "state",
  "country",
  "zipcode",
  "comment",
  "timezone",
  "default_organization",
] as const;

export type ProfileAttribute = (typeof PROFILE_ATTRIBUTES)[number];

export const PROFILE_PREFIX = "profile.";
export const SETTINGS_PREFIX = "settings.";

/** ZITADEL's limits on metadata: key 1–200 characters, value up to 500 000 bytes. */
const MAX_KEY_LENGTH = 200;
export const MAX_VALUE_BYTES = 500_000;

export const attributeKey = (attribute: ProfileAttribute): string => PROFILE_PREFIX + attribute;

/** A JSON value as a setting holds it. */
export type SettingValue = null | boolean | number | string | SettingValue[] | { [key: string]: SettingValue };

export function settingKey(name: string, field = `settings.${name}`): string {
  if (name === "" || SETTINGS_PREFIX.length + name.length > MAX_KEY_LENGTH) {
    throw invalidField("META-SetKey1", field, "settings.key", `a setting name has 1 to ${MAX_KEY_LENGTH - SETTINGS_PREFIX.length} characters`);
  }
  return SETTINGS_PREFIX + name;
}

/** A stored setting's value; text that is not JSON (written through ZITADEL's API) is read as a string. */
export function settingValue(stored: Uint8Array): SettingValue {
  const text = Buffer.from(stored).toString("utf8");
  try {
    return JSON.parse(text) as SettingValue;
  } catch {
    return text;
  }
}
