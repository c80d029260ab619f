import { describe, expect, it } from "vitest";
import { normalizePhone } from "../../src/domain/phone.js";
import { domainErrorOf } from "./expect-domain-error.js";

describe("normalizePhone", () => {
  it.each([
    // ZITADEL's own cases
    ["0711234567", "+41711234567"],
    ["0041711234567", "+41711234567"],
    ["071 123 45 67", "+41711234567"],
    ["+4171 123 45 67", "+41711234567"],
    ["004171 123 45 67", "+41711234567"],
    ["004371 123 45 67", "+43711234567"],
    // international numbers
    ["+1 202-555-0143", "+12025550143"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+81 3-1234-5678", "+81312345678"],
    ["+86 138 0013 8000", "+8613800138000"],
    ["+49 (30) 123456", "+4930123456"],
    ["+41 (0)79 123 45 67", "+41791234567"],
    ["tel:+41791234567", "+41791234567"],
    // non-ASCII digits are read as digits
    ["٠٧٩١٢٣٤٥٦٧", "+41791234567"],
    ["０７９ １２３ ４５ ６７", "+41791234567"],
    // parsed, never checked for validity, as ZITADEL (its CreateUser and UpdateUser tests use +1234567890)
    ["+1234567890", "+1234567890"],
    ["+41 12", "+4112"],
    ["+41 79 123 45 6", "+4179123456"],
    ["+41 79 123 45 678", "+417912345678"],
    ["+44 00 0000 0000", "+44000000000"],
    // letters are keypad digits
    ["+1 800 FLOWERS", "+18003569377"],
  ])("normalises %s to %s", (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it("drops an extension, which E.164 cannot carry", () => {
    expect(normalizePhone("+41 79 123 45 67 ext. 12")).toBe("+41791234567");
  });

  it.each(["", "   "])("refuses an empty number %j", (raw) => {
    const error = domainErrorOf(() => normalizePhone(raw, "phone.phone"));
    expect(error.id).toBe("PHONE-Empty1");
    expect(error.violations).toEqual([expect.objectContaining({ field: "phone.phone", rule: "phone.e164" })]);
  });

  it.each([
    ["PhoneNumber", "not a number"],
    ["+", "no digits"],
    ["7", "a single digit"],
    ["+999 123456", "unknown country code"],
    ["+0 123456", "country code 0"],
    ["+41 1", "too short"],
    ["00", "nothing after the international prefix"],
    ["+41 " + "9".repeat(20), "too long"],
    ["+41 " + "1 ".repeat(200), "over-long input"],
  ])("refuses %j (%s)", (raw) => {
    const error = domainErrorOf(() => normalizePhone(raw));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("PHONE-Parse1");
    expect(error.violations[0]).toMatchObject({ field: "phone", rule: "phone.e164" });
  });
});
