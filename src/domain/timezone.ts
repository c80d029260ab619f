// IANA time zone names, checked against the time zone data of Node's ICU (the same data Node formats dates
// with, updated with every Node release): the canonical zones of Intl.supportedValuesOf("timeZone") and the
// links ICU also knows (UTC, Etc/UTC, GMT, US/Eastern, Europe/Kyiv, Asia/Calcutta, …). ECMA-402 matches names
// ASCII-case-insensitively; a name is stored in its canonical spelling when it is one of the canonical zones
// (or UTC), otherwise (a link) as given. Offsets ("+01:00"), abbreviations ICU does not know ("CEST") and
// anything with surrounding spaces are refused. No extra package: ICU is the maintained source Node ships.
import { invalidField } from "./errors.js";

const RULE = "timezone.iana";
const MAX_LENGTH = 64;

let canonical: Map<string, string> | undefined;

function canonicalNames(): Map<string, string> {
  canonical ??= new Map([...Intl.supportedValuesOf("timeZone"), "UTC"].map((name) => [name.toLowerCase(), name]));
  return canonical;
}

function isKnownToIcu(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The name in its stored spelling, or InvalidArgument on `field`. */
export function normalizeTimeZone(raw: string, field = "timezone"): string {
  const valid = raw.length <= MAX_LENGTH && /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(raw) && isKnownToIcu(raw);
  if (!valid) throw invalidField("TZ-Inval1", field, RULE, `Errors.TimeZone.Invalid: "${raw.slice(0, MAX_LENGTH)}" is not an IANA time zone name`);
  return canonicalNames().get(raw.toLowerCase()) ?? raw;
}
