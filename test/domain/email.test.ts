import { describe, expect, it } from "vitest";
import { normalizeEmail } from "../../src/domain/email.js";
import { domainErrorOf } from "./expect-domain-error.js";

describe("normalizeEmail", () => {
  it.each([
    ["testemail@gmail.com", "testemail@gmail.com"],
    ["test.email@gmail.com", "test.email@gmail.com"],
    ["test/email@gmail.com", "test/email@gmail.com"],
    ["user+tag@example.org", "user+tag@example.org"],
    ["!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com"],
    ["user@localhost", "user@localhost"],
    ["abc@sünde.com", "abc@sünde.com"],
    ["用户@例子.广告", "用户@例子.广告"],
    ["Ünïcödé.Üser@Exämple.CH", "Ünïcödé.Üser@Exämple.CH"],
    ['"john doe"@example.com', '"john doe"@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['"a@b"@example.com', '"a@b"@example.com'],
    ["user@[192.0.2.1]", "user@[192.0.2.1]"],
    ["user@[2001:db8::1]", "user@[2001:db8::1]"],
  ])("accepts %s", (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it("trims surrounding whitespace, including Unicode spaces and line breaks", () => {
    expect(normalizeEmail("  user@example.com\t\n")).toBe("user@example.com");
    expect(normalizeEmail("\u00a0user@example.com\u2003")).toBe("user@example.com");
  });

  it("keeps the case as typed (ZITADEL does not lower-case)", () => {
    expect(normalizeEmail("John.Doe@Example.COM")).toBe("John.Doe@Example.COM");
  });

  it.each([
    ["Bob <bob@example.com>"],
    ["John Doe <john.doe@example.com>"],
    ['"Bob" <bob@example.com>'],
    ["<bob@example.com>"],
    ["bob@example.com (Bob)"],
  ])("refuses the display-name form %s", (raw) => {
    const error = domainErrorOf(() => normalizeEmail(raw, "email.email"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("EMAIL-Named1");
    expect(error.violations).toEqual([expect.objectContaining({ field: "email.email", rule: "email.format" })]);
  });

  it.each(["", "   ", "\t\n"])("refuses an empty address %j", (raw) => {
    const error = domainErrorOf(() => normalizeEmail(raw));
    expect(error.id).toBe("EMAIL-Empty1");
    expect(error.violations[0]).toMatchObject({ field: "email", rule: "email.format" });
  });

  it.each([
    ["testemail", "no @"],
    ["testemail@", "no domain"],
    ["@example.com", "no local part"],
    [".user@example.com", "leading dot"],
    ["user.@example.com", "trailing dot"],
    ["us..er@example.com", "double dot"],
    ["user@.example.com", "domain leading dot"],
    ["user@example.com.", "domain trailing dot"],
    ["user@exa..mple.com", "domain double dot"],
    ["us er@example.com", "space in local part"],
    ["user@ example.com", "space after @"],
    ["user @example.com", "space before @"],
    ["us@er@example.com", "second @"],
    ["user@exam,ple.com", "comma"],
    ["us(er@example.com", "parenthesis"],
    ["us[er]@example.com", "brackets"],
    ["us\\er@example.com", "backslash"],
    ['us"er@example.com', "lone quote"],
    ['""@example.com', "empty quoted string"],
    ['"unclosed@example.com', "unclosed quoted string"],
    ["user@[300.1.1.1]", "domain literal that is no IP"],
    ["user@[example.com]", "domain literal with a name"],
    ["user@[192.0.2.1", "unclosed domain literal"],
    ["us\u200ber@example.com", "zero-width space"],
    ["us\u00a0er@example.com", "no-break space inside"],
    ["user@exa\u202emple.com", "bidi override"],
    ["us\u0007er@example.com", "control character"],
    ["user@example.com\u0000", "NUL"],
    ["us\ud800er@example.com", "lone surrogate"],
  ])("refuses %j (%s)", (raw) => {
    const error = domainErrorOf(() => normalizeEmail(raw));
    expect(error.kind).toBe("invalid_argument");
    expect(["EMAIL-Inval1", "EMAIL-Named1"]).toContain(error.id);
    expect(error.violations[0]).toMatchObject({ field: "email", rule: "email.format" });
  });

  it("describes what is wrong in the message", () => {
    expect(domainErrorOf(() => normalizeEmail("us..er@example.com")).message).toMatch(/two dots/);
    expect(domainErrorOf(() => normalizeEmail("us\u200ber@example.com")).message).toMatch(/U\+200B/);
  });

  it("imposes no length limit of its own (1–200 is the request validator's job)", () => {
    const long = `${"a".repeat(150)}@${"b".repeat(150)}.example`;
    expect(normalizeEmail(long)).toBe(long);
  });
});
