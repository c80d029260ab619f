// Preferred languages as BCP 47 tags in canonical form ("EN-us" → "en-US", "iw" → "he"), checked with the
// ICU built into Node (Intl.getCanonicalLocales).
//
// ZITADEL reads the tag with Go's language.Make, which turns an empty tag into "und" (undetermined) and
// keeps "und" as given: a user created or updated without a language stores "und" in its event, and reading
// renders any stored tag through language.Make again, so an empty one is answered "und" too. We do the same:
// commands store "und", and reads answer "und" for an empty value, as events stored before kept "".
// Where we differ: Make silently turns an unreadable tag into "und", we refuse it with InvalidArgument so
// the caller learns of the typo. Like Go's parser we accept "_" as a separator ("de_CH" → "de-CH").
import { invalidField } from "./errors.js";

export const UNDETERMINED_LANGUAGE = "und";

export function normalizeLanguageTag(raw: string, field = "profile.preferred_language"): string {
  const tag = raw.trim().replaceAll("_", "-");
  if (tag === "") return UNDETERMINED_LANGUAGE;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical !== undefined) return canonical;
  } catch {
    // RangeError: not a well-formed tag; refused below.
  }
  throw invalidField("LANG-Inval1", field, "language.bcp47", "Errors.Language.Invalid: not a BCP 47 language tag");
}

/** A stored tag as ZITADEL answers it: empty (users stored before "und" was written) reads as "und". */
export function languageOrUndetermined(stored: string | null | undefined): string {
  return stored === null || stored === undefined || stored === "" ? UNDETERMINED_LANGUAGE : stored;
}
