import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseMasterKey } from "../../src/domain/secret-box.js";

const key = randomBytes(32);

describe("createSecretBox", () => {
  const box = createSecretBox(key);

  it.each(["K7Q2ZD", "", "Grüezi 🔑", "x".repeat(10_000)])("opens what it sealed: %#", (plain) => {
    expect(box.open(box.seal(plain))).toBe(plain);
  });

  it("writes a versioned compact string with a fresh 12-byte nonce each time", () => {
    const first = box.seal("K7Q2ZD");
    const second = box.seal("K7Q2ZD");
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(first).not.toContain("K7Q2ZD");
  });

  it("refuses a value sealed under another key", () => {
    const sealed = createSecretBox(randomBytes(32)).seal("K7Q2ZD");
    expect(() => box.open(sealed)).toThrow(/failed authentication/);
  });

  it("refuses altered ciphertext, nonce or version", () => {
    const sealed = box.seal("K7Q2ZD");
    const [version, nonce, body] = sealed.split(".") as [string, string, string];
    const flip = (text: string) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[0]! ^= 1;
      return bytes.toString("base64url");
    };
    expect(() => box.open(`${version}.${nonce}.${flip(body)}`)).toThrow(/failed authentication/);
    expect(() => box.open(`${version}.${flip(nonce)}.${body}`)).toThrow(/failed authentication/);
    expect(() => box.open(`v2.${nonce}.${body}`)).toThrow(/version v1/);
    expect(() => box.open(`${version}.${nonce}`)).toThrow(/version v1/);
    expect(() => box.open(`${sealed}.extra`)).toThrow(/version v1/);
    expect(() => box.open(`${version}.${nonce}.${body.slice(0, 10)}`)).toThrow(/truncated/);
    expect(() => box.open(`${version}.AAAA.${body}`)).toThrow(/truncated/);
  });

  it("needs a 32-byte key", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createSecretBox(Buffer.alloc(0))).toThrow(/32 bytes/);
  });

  it("keeps its own copy of the key", () => {
    const mutable = Buffer.from(key);
    const own = createSecretBox(mutable);
    const sealed = own.seal("K7Q2ZD");
    mutable.fill(0);
    expect(own.open(sealed)).toBe("K7Q2ZD");
  });
});

describe("parseMasterKey", () => {
  it("reads 64 hex characters", () => {
    expect(parseMasterKey(key.toString("hex"))).toEqual(key);
    expect(parseMasterKey(key.toString("hex").toUpperCase())).toEqual(key);
  });

  it("reads base64 and base64url, padded or not, and trims surrounding whitespace", () => {
    expect(parseMasterKey(key.toString("base64"))).toEqual(key);
    expect(parseMasterKey(key.toString("base64").replace(/=$/, ""))).toEqual(key);
    expect(parseMasterKey(key.toString("base64url"))).toEqual(key);
    expect(parseMasterKey(`  ${key.toString("hex")}\n`)).toEqual(key);
  });

  it.each([
    ["", "empty"],
    ["00".repeat(31), "31 bytes of hex"],
    ["00".repeat(33), "33 bytes of hex"],
    ["zz".repeat(32), "not hex"],
    [randomBytes(31).toString("base64"), "31 bytes of base64"],
    [randomBytes(33).toString("base64"), "33 bytes of base64"],
    [`${"A".repeat(42)}!`, "foreign character"],
  ])("refuses %j (%s) with a clear error that does not echo the key", (text) => {
    let message = "";
    try {
      parseMasterKey(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/64 hex characters or as base64/);
    if (text.length > 0) expect(message).not.toContain(text);
  });
});
