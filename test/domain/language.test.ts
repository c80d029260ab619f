import { describe, expect, it } from "vitest";
import { normalizeLanguageTag } from "../../src/domain/language.js";
import { domainErrorOf } from "./expect-domain-error.js";

describe("normalizeLanguageTag", () => {
  it.each([
    ["de", "de"],
    ["EN-us", "en-US"],
    ["de_CH", "de-CH"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["sr-latn-rs", "sr-Latn-RS"],
    ["es-419", "es-419"],
    ["iw", "he"],
    ["de-CH-1996", "de-CH-1996"],
    ["en-u-ca-gregory", "en-u-ca-gregory"],
    [" fr ", "fr"],
  ])("canonicalises %j to %j", (raw, expected) => {
    expect(normalizeLanguageTag(raw)).toBe(expected);
  });

  it("keeps und, and reads an empty tag as und, like ZITADEL", () => {
    expect(normalizeLanguageTag("und")).toBe("und");
    expect(normalizeLanguageTag("UND")).toBe("und");
    expect(normalizeLanguageTag("")).toBe("und");
    expect(normalizeLanguageTag("  ")).toBe("und");
  });

  it.each([
    ["aaaaaaaaa", "nine letters"],
    ["en--US", "empty subtag"],
    ["en-", "trailing separator"],
    ["x-private", "private use only"],
    ["i-klingon", "grandfathered irregular"],
    ["de ch", "space inside"],
    ["日本語", "not ASCII"],
    ["en-US-" + "abcdefghi", "over-long variant"],
  ])("refuses %j (%s)", (raw) => {
    const error = domainErrorOf(() => normalizeLanguageTag(raw));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("LANG-Inval1");
    expect(error.violations).toEqual([expect.objectContaining({ field: "profile.preferred_language", rule: "language.bcp47" })]);
  });

  it("names the given field", () => {
    expect(domainErrorOf(() => normalizeLanguageTag("??", "profile.x")).violations[0]?.field).toBe("profile.x");
  });
});
