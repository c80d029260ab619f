import { hashSync as bcryptHashSync } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors.js";
import { createPasswordHasher, type PasswordHasherOptions } from "../../../src/domain/password/hasher.js";
import { asyncDomainErrorOf } from "../expect-domain-error.js";
import { argon2Hash, bcryptHash, PYTHON_MADE_HASHES, PYTHON_PASSWORD, pbkdf2Hash, scryptHash } from "./hash-fixtures.js";

const SMALL_ARGON2 = { memoryCost: 8192, timeCost: 1, parallelism: 1, outputLen: 32 };
const hasherWith = (options: Partial<PasswordHasherOptions> = {}) =>
  createPasswordHasher({ algorithm: "bcrypt", bcryptCost: 4, maxConcurrent: 4, maxQueue: 16, ...options });

const PASSWORD = "Grüezi-Wörld 42 🔑";
const WRONG = "Grüezi-Wörld 43 🔑";

describe("createPasswordHasher with bcrypt", () => {
  const hasher = hasherWith();

  it("hashes with the configured cost and verifies without asking for a rehash", async () => {
    const encoded = await hasher.hash(PASSWORD);
    expect(encoded).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(await hasher.verify(PASSWORD, encoded)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(WRONG, encoded)).toEqual({ ok: false, needsRehash: false });
  });

  it("salts every hash", async () => {
    expect(await hasher.hash(PASSWORD)).not.toBe(await hasher.hash(PASSWORD));
  });

  it("asks for a rehash when the stored cost differs from the configured one", async () => {
    const older = bcryptHash(PASSWORD, "2a", 5);
    expect(await hasher.verify(PASSWORD, older)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify(WRONG, older)).toEqual({ ok: false, needsRehash: false });
  });

  it("refuses passwords bcrypt would cut at 72 bytes, and takes exactly 72", async () => {
    const seventyTwo = "ä".repeat(36);
    expect(await hasher.verify(seventyTwo, await hasher.hash(seventyTwo))).toEqual({ ok: true, needsRehash: false });
    const error = await asyncDomainErrorOf(() => hasher.hash(`${seventyTwo}x`, "new_password.password"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.id).toBe("PASSWORD-Long01");
    expect(error.violations).toEqual([expect.objectContaining({ field: "new_password.password", rule: "password.max_bytes" })]);
  });

  it("treats an unreadable stored hash as an internal fault, not as a wrong password", async () => {
    const failure = hasher.verify(PASSWORD, "$md5$not-ours");
    await expect(failure).rejects.toThrow(/stored password hash is unreadable/);
    await expect(failure).rejects.not.toBeInstanceOf(DomainError);
  });

  it("rejects a bcrypt cost outside 4–31", () => {
    expect(() => hasherWith({ bcryptCost: 3 })).toThrow(/bcryptCost/);
    expect(() => hasherWith({ bcryptCost: 32 })).toThrow(/bcryptCost/);
  });
});

describe("verify understands every importable format and upgrades it", () => {
  const hasher = hasherWith();

  it.each([
    ["bcrypt $2a$ of another cost", () => bcryptHash(PASSWORD, "2a", 5)],
    ["bcrypt $2y$ of another cost", () => bcryptHash(PASSWORD, "2y", 5)],
    ["argon2i", () => argon2Hash(PASSWORD, "argon2i")],
    ["argon2id", () => argon2Hash(PASSWORD, "argon2id")],
    ["argon2id with 2 lanes and 2 passes", () => argon2Hash(PASSWORD, "argon2id", { memoryCost: 8192, timeCost: 2, parallelism: 2 })],
    ["scrypt", () => scryptHash(PASSWORD)],
    ["scrypt $7$, p=2, 64-byte key", () => scryptHash(PASSWORD, { prefix: "7", p: 2, keyLength: 64 })],
    ["pbkdf2 (SHA-1)", () => pbkdf2Hash(PASSWORD, "pbkdf2")],
    ["pbkdf2-sha224", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha224")],
    ["pbkdf2-sha256", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha256")],
    ["pbkdf2-sha384", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha384")],
    ["pbkdf2-sha512", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha512")],
    ["pbkdf2-sha256 in standard base64", () => pbkdf2Hash(PASSWORD, "pbkdf2-sha256", 1000, (b) => b.toString("base64"))],
  ])("%s: right password ok (rehash), wrong password refused", async (_name, make) => {
    const encoded = make();
    expect(await hasher.verify(PASSWORD, encoded)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify(WRONG, encoded)).toEqual({ ok: false, needsRehash: false });
    expect(await hasher.verify("", encoded)).toEqual({ ok: false, needsRehash: false });
  });

  it.each(Object.entries(PYTHON_MADE_HASHES))("the Python-made %s hash", async (_name, encoded) => {
    expect(await hasher.verify(PYTHON_PASSWORD, encoded)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify(`${PYTHON_PASSWORD}x`, encoded)).toEqual({ ok: false, needsRehash: false });
  });
});

describe("createPasswordHasher with argon2id", () => {
  const hasher = hasherWith({ algorithm: "argon2id", argon2id: SMALL_ARGON2 });

  it("hashes in PHC form with the configured parameters and verifies without rehash", async () => {
    const encoded = await hasher.hash(PASSWORD);
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(PASSWORD, encoded)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(WRONG, encoded)).toEqual({ ok: false, needsRehash: false });
  });

  it("asks for a rehash of bcrypt hashes and of argon2 hashes with other parameters", async () => {
    expect(await hasher.verify(PASSWORD, bcryptHash(PASSWORD))).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify(PASSWORD, argon2Hash(PASSWORD, "argon2i"))).toEqual({ ok: true, needsRehash: true });
    const otherTime = argon2Hash(PASSWORD, "argon2id", { memoryCost: 8192, timeCost: 2, parallelism: 1 });
    expect(await hasher.verify(PASSWORD, otherTime)).toEqual({ ok: true, needsRehash: true });
  });

  it("has no 72-byte limit", async () => {
    const long = "Lång-Pässwörd-".repeat(10);
    expect(await hasher.verify(long, await hasher.hash(long))).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(long.slice(0, -1), await hasher.hash(long))).toEqual({ ok: false, needsRehash: false });
  });

  it("uses ZITADEL's recommended argon2id parameters by default", async () => {
    const encoded = await hasherWith({ algorithm: "argon2id" }).hash(PASSWORD);
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=65536,t=1,p=4\$/);
  });
});

describe("hashing stays off the event loop", () => {
  /** Runs `work` while a 5 ms interval ticks; reports how long it took and the longest gap between ticks. */
  async function measureEventLoop(work: () => Promise<unknown>) {
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks += 1;
    }, 5);
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
    await work();
    const elapsed = performance.now() - started;
    maxGap = Math.max(maxGap, performance.now() - last);
    clearInterval(timer);
    return { elapsed, maxGap, ticks };
  }

  it("keeps ticking while a cost-12 bcrypt hash runs", async () => {
    const hasher = hasherWith({ bcryptCost: 12 });
    const { elapsed, maxGap, ticks } = await measureEventLoop(() => hasher.hash(PASSWORD));
    expect(elapsed).toBeGreaterThan(40);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(maxGap).toBeLessThan(elapsed / 2);
  });

  it("(control) the measurement does see a blocked loop: a synchronous cost-12 hash stops the ticks", async () => {
    const { elapsed, maxGap } = await measureEventLoop(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      bcryptHashSync(PASSWORD, { cost: 12 });
    });
    expect(maxGap).toBeGreaterThan(elapsed / 2);
  });
});

describe("bounded queue", () => {
  it("refuses work beyond maxConcurrent + maxQueue at once with ResourceExhausted, for hash and verify alike", async () => {
    const hasher = hasherWith({ bcryptCost: 10, maxConcurrent: 1, maxQueue: 1 });
    const running = hasher.hash(PASSWORD);
    const waiting = hasher.hash(PASSWORD);
    let runningDone = false;
    void running.then(() => (runningDone = true));

    const refused = await asyncDomainErrorOf(() => hasher.hash(PASSWORD));
    expect(refused.kind).toBe("resource_exhausted");
    expect(refused.id).toBe("PASSWORD-Busy01");
    expect(runningDone).toBe(false);
    const refusedCheck = await asyncDomainErrorOf(() => hasher.verify(PASSWORD, bcryptHash(PASSWORD)));
    expect(refusedCheck.kind).toBe("resource_exhausted");

    const [first, second] = await Promise.all([running, waiting]);
    expect(await hasher.verify(PASSWORD, first)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(PASSWORD, second)).toEqual({ ok: true, needsRehash: false });
  });
});
