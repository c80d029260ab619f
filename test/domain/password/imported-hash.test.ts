import { describe, expect, it } from "vitest";
import { parseImportedHash } from "../../../src/domain/password/imported-hash.js";
import { domainErrorOf } from "../expect-domain-error.js";
import { argon2Hash, bcryptHash, PYTHON_MADE_HASHES, pbkdf2Hash, scryptHash, standardBase64 } from "./hash-fixtures.js";

const PASSWORD = "Imp0rted-Secret!";
const SALT16 = standardBase64(Buffer.alloc(16, 7));
const DIGEST32 = standardBase64(Buffer.alloc(32, 9));

describe("parseImportedHash accepts passwap's formats", () => {
  it.each([
    ["bcrypt $2a$", () => bcryptHash(PASSWORD, "2a"), "bcrypt"],
    ["bcrypt $2b$", () => bcryptHash(PASSWORD, "2b"), "bcrypt"],
    ["bcrypt $2y$", () => bcryptHash(PASSWORD, "2y"), "bcrypt"],
    ["argon2i", () => argon2Hash(PASSWORD, "argon2i"), "argon2i"],
    ["argon2id", () => argon2Hash(PASSWORD, "argon2id"), "argon2id"],
    ["scrypt", () => scryptHash(PASSWORD), "scrypt"],
    ["scrypt with the $7$ alias", () => scryptHash(PASSWORD, { prefix: "7" }), "scrypt"],
    ["pbkdf2 (SHA-1)", () => pbkdf2Hash(PASSWORD, "pbkdf2"), "pbkdf2-sha1"],
    ["pbkdf2-sha224", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha224"), "pbkdf2-sha224"],
    ["pbkdf2-sha256", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha256"), "pbkdf2-sha256"],
    ["pbkdf2-sha384", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha384"), "pbkdf2-sha384"],
    ["pbkdf2-sha512", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha512"), "pbkdf2-sha512"],
    ["pbkdf2 in standard base64", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha256", 1000, (b) => b.toString("base64")), "pbkdf2-sha256"],
  ])("%s", (_name, make, algorithm) => {
    const hash = make();
    expect(parseImportedHash(hash)).toEqual({ algorithm, encoded: hash });
  });

  it.each(Object.entries(PYTHON_MADE_HASHES))("the Python-made %s hash", (name, hash) => {
    expect(parseImportedHash(hash)).toEqual({ algorithm: name.split(" ")[0], encoded: hash });
  });

  it("takes parameters at the edges of passwap's bounds", () => {
    const argon2 = (m: number, t: number, p: number) => `$argon2id$v=19$m=${m},t=${t},p=${p}$${SALT16}$${DIGEST32}`;
    expect(parseImportedHash(argon2(8192, 1, 1)).algorithm).toBe("argon2id");
    expect(parseImportedHash(argon2(524288, 10, 16)).algorithm).toBe("argon2id");
    expect(parseImportedHash(`$scrypt$ln=20,r=32,p=16$${SALT16}$${DIGEST32}`).algorithm).toBe("scrypt");
    expect(parseImportedHash(`$pbkdf2-sha256$10000000$${SALT16}$${DIGEST32}`).algorithm).toBe("pbkdf2-sha256");
    expect(parseImportedHash(`$2b$31$${"a".repeat(53)}`).algorithm).toBe("bcrypt");
  });
});

describe("parseImportedHash refuses everything else", () => {
  const bcrypt = bcryptHash(PASSWORD, "2b");
  it.each([
    ["", "empty"],
    ["Imp0rted-Secret!", "plain text"],
    ["5f4dcc3b5aa765d61d8327deb882cf99", "plain md5 hex"],
    ["$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", "md5-crypt"],
    ["$5$rounds=5000$saltsalt$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP", "sha256-crypt"],
    ["$P$B12345678abcdefghijklmnopqrstuv", "phpass"],
    ["{SSHA}abcdefgh", "LDAP"],
    [` ${bcrypt}`, "leading space"],
    [`${bcrypt}\n`, "trailing newline"],
    // bcrypt
    [`$2x$04$${"a".repeat(53)}`, "bcrypt $2x$"],
    [`$2$04$${"a".repeat(53)}`, "bcrypt without minor version"],
    [`$2b$03$${"a".repeat(53)}`, "bcrypt cost 3"],
    [`$2b$32$${"a".repeat(53)}`, "bcrypt cost 32"],
    [`$2b$4$${"a".repeat(54)}`, "bcrypt one-digit cost"],
    [`$2b$04$${"a".repeat(52)}`, "bcrypt 52 characters"],
    [`$2b$04$${"a".repeat(54)}`, "bcrypt 54 characters"],
    [`$2b$04$${"a".repeat(52)}+`, "bcrypt character outside its alphabet"],
    // argon2
    [`$argon2d$v=19$m=8192,t=1,p=1$${SALT16}$${DIGEST32}`, "argon2d"],
    [`$argon2id$v=16$m=8192,t=1,p=1$${SALT16}$${DIGEST32}`, "argon2 version 16"],
    [`$argon2id$m=8192,t=1,p=1$${SALT16}$${DIGEST32}`, "argon2 without version"],
    [`$argon2id$v=19$t=1,m=8192,p=1$${SALT16}$${DIGEST32}`, "argon2 parameters out of order"],
    [`$argon2id$v=19$m=4096,t=1,p=1$${SALT16}$${DIGEST32}`, "argon2 memory below 8 MiB"],
    [`$argon2id$v=19$m=524289,t=1,p=1$${SALT16}$${DIGEST32}`, "argon2 memory above 512 MiB"],
    [`$argon2id$v=19$m=8192,t=0,p=1$${SALT16}$${DIGEST32}`, "argon2 time 0"],
    [`$argon2id$v=19$m=8192,t=11,p=1$${SALT16}$${DIGEST32}`, "argon2 time 11"],
    [`$argon2id$v=19$m=8192,t=1,p=17$${SALT16}$${DIGEST32}`, "argon2 parallelism 17"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${standardBase64(Buffer.alloc(7))}$${DIGEST32}`, "argon2 salt of 7 bytes"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16}$${standardBase64(Buffer.alloc(3))}`, "argon2 hash of 3 bytes"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16}==$${DIGEST32}`, "argon2 padded salt"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16.slice(0, -1)}B$${DIGEST32}`, "argon2 salt with non-zero trailing bits"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16}$${DIGEST32.slice(0, -1)}*`, "argon2 hash with a foreign character"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16}`, "argon2 without hash"],
    [`$argon2id$v=19$m=8192,t=1,p=1$${SALT16}$${DIGEST32}$extra`, "argon2 with an extra part"],
    // scrypt
    [`$scrypt$ln=13,r=8,p=1$${SALT16}$${DIGEST32}`, "scrypt ln 13"],
    [`$scrypt$ln=21,r=8,p=1$${SALT16}$${DIGEST32}`, "scrypt ln 21"],
    [`$scrypt$ln=14,r=7,p=1$${SALT16}$${DIGEST32}`, "scrypt r 7"],
    [`$scrypt$ln=14,r=33,p=1$${SALT16}$${DIGEST32}`, "scrypt r 33"],
    [`$scrypt$ln=14,r=8,p=0$${SALT16}$${DIGEST32}`, "scrypt p 0"],
    [`$scrypt$ln=14,r=8,p=17$${SALT16}$${DIGEST32}`, "scrypt p 17"],
    [`$scrypt$ln=14,r=8$${SALT16}$${DIGEST32}`, "scrypt without p"],
    [`$scrypt$ln=14,r=8,p=1$${SALT16}`, "scrypt without hash"],
    [`$scrypt$ln=14,r=8,p=1$${SALT16.replace("B", ".")}$${DIGEST32}`, "scrypt salt in passlib's alphabet"],
    // pbkdf2
    [`$pbkdf2-sha256$999$${SALT16}$${DIGEST32}`, "pbkdf2 999 rounds"],
    [`$pbkdf2-sha256$10000001$${SALT16}$${DIGEST32}`, "pbkdf2 too many rounds"],
    [`$pbkdf2-sha256$1e4$${SALT16}$${DIGEST32}`, "pbkdf2 rounds not decimal"],
    [`$pbkdf2-md5$1000$${SALT16}$${DIGEST32}`, "pbkdf2 with md5"],
    [`$pbkdf2-sha3$1000$${SALT16}$${DIGEST32}`, "pbkdf2 with an unknown digest"],
    [`$pbkdf2-sha256$1000$${SALT16}`, "pbkdf2 without hash"],
    [`$pbkdf2-sha256$1000$${SALT16}$a.b+c`, "pbkdf2 mixing both alphabets"],
    [`$pbkdf2-sha256$1000$${SALT16}$abcde`, "pbkdf2 base64 of impossible length"],
  ])("%j (%s)", (hash) => {
    const error = domainErrorOf(() => parseImportedHash(hash, "password.hashed_password.hash"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("PASSWORD-HashF1");
    expect(error.violations).toEqual([
      expect.objectContaining({ field: "password.hashed_password.hash", rule: "password.hash_format" }),
    ]);
  });

  it("says what is wrong", () => {
    expect(domainErrorOf(() => parseImportedHash(`$2b$03$${"a".repeat(53)}`)).message).toMatch(/cost 3 is outside 4–31/);
    expect(domainErrorOf(() => parseImportedHash("5f4dcc3b5aa765d61d8327deb882cf99")).message).toMatch(/not a supported hash format/);
    expect(domainErrorOf(() => parseImportedHash("x")).violations[0]?.field).toBe("hashed_password.hash");
  });
});
