import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_LENGTH, CODE_LIFETIME_MS, codeMatches, generateCode, hashCode } from "../../src/domain/secret-code.js";

const HOUR = 60 * 60 * 1000;

describe("generateCode", () => {
  it("makes six characters of A–Z and 0–9 by default", () => {
    expect(CODE_LENGTH).toBe(6);
    expect(CODE_ALPHABET).toBe("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^[A-Z0-9]{6}$/);
  });

  it("honours length and alphabet, including non-ASCII symbols", () => {
    expect(generateCode(12, "01")).toMatch(/^[01]{12}$/);
    expect(Array.from(generateCode(5, "αβγ"))).toHaveLength(5);
    expect(generateCode(5, "αβγ")).toMatch(/^[αβγ]{5}$/u);
  });

  it("uses every symbol of the alphabet, the last one included, about equally often", () => {
    const counts = new Map<string, number>();
    const draws = 36_000;
    for (const char of generateCode(draws)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    // Each symbol expects 1000 draws (σ ≈ 31); a modulo-biased or off-by-one generator falls far outside.
    for (const count of counts.values()) expect(count).toBeGreaterThan(820);
    for (const count of counts.values()) expect(count).toBeLessThan(1180);
  });

  it("does not repeat itself", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateCode()));
    expect(codes.size).toBeGreaterThan(995);
  });

  it.each([
    [0, CODE_ALPHABET],
    [-1, CODE_ALPHABET],
    [2.5, CODE_ALPHABET],
    [6, "A"],
    [6, "AAAA"],
    [6, ""],
  ])("refuses length %j with alphabet %j", (length, alphabet) => {
    expect(() => generateCode(length, alphabet)).toThrow();
  });
});

describe("hashCode and codeMatches", () => {
  it("hashes with SHA-256 as lower-case hex", () => {
    expect(hashCode("ABC123")).toBe(createHash("sha256").update("ABC123").digest("hex"));
    expect(hashCode("ABC123")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches only the exact code", () => {
    const hash = hashCode("K7Q2ZD");
    expect(codeMatches("K7Q2ZD", hash)).toBe(true);
    expect(codeMatches("K7Q2ZE", hash)).toBe(false);
    expect(codeMatches("k7q2zd", hash)).toBe(false);
    expect(codeMatches("K7Q2ZD ", hash)).toBe(false);
    expect(codeMatches("", hash)).toBe(false);
  });

  it("reads an upper-case hex hash too, and never matches a malformed one", () => {
    const hash = hashCode("K7Q2ZD");
    expect(codeMatches("K7Q2ZD", hash.toUpperCase())).toBe(true);
    expect(codeMatches("K7Q2ZD", hash.slice(0, 63))).toBe(false);
    expect(codeMatches("K7Q2ZD", `${hash}00`)).toBe(false);
    expect(codeMatches("K7Q2ZD", "")).toBe(false);
    expect(codeMatches("K7Q2ZD", "K7Q2ZD")).toBe(false);
  });
});

describe("CODE_LIFETIME_MS", () => {
  it("has ZITADEL's lifetimes", () => {
    expect(CODE_LIFETIME_MS).toEqual({
      emailVerification: HOUR,
      phoneVerification: HOUR,
      passwordReset: HOUR,
      initialization: 72 * HOUR,
      invite: 72 * HOUR,
    });
    expect(Object.isFrozen(CODE_LIFETIME_MS)).toBe(true);
  });
});
