// Checks a password against a parsed stored hash. Every path runs on the libuv thread pool (the async
// functions of @node-rs/bcrypt, @node-rs/argon2 and node:crypto), never on the event loop. Where we
// derive the digest and compare bytes ourselves, the comparison is constant-time.
import { pbkdf2, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { hashRaw, type Algorithm } from "@node-rs/argon2";
import { verify as bcryptVerify } from "@node-rs/bcrypt";
import type { ParsedHash } from "./hash-format.js";

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// @node-rs/argon2 declares these as a `const enum`, which isolated modules cannot read; the numbers are
// the library's documented values.
const ARGON2I = 1 as Algorithm;
const ARGON2ID = 2 as Algorithm;
const ARGON2_VERSION_0X13 = 1;

/** Slack over scrypt's own estimate (128·r·(N+2) + 128·r·p bytes) so OpenSSL's memory cap never refuses valid parameters. */
const SCRYPT_MEMORY_SLACK = 1024 * 1024;

export async function verifyParsedHash(parsed: ParsedHash, encoded: string, plain: string): Promise<boolean> {
  switch (parsed.algorithm) {
    case "bcrypt":
      return bcryptVerify(plain, encoded);
    case "argon2i":
    case "argon2id": {
      const derived = await hashRaw(plain, {
        algorithm: parsed.algorithm === "argon2i" ? ARGON2I : ARGON2ID,
        version: ARGON2_VERSION_0X13,
        memoryCost: parsed.memory,
        timeCost: parsed.time,
        parallelism: parsed.parallelism,
        outputLen: parsed.digest.length,
        salt: parsed.salt,
      });
      return sameBytes(derived, parsed.digest);
    }
    case "scrypt": {
      const N = 2 ** parsed.log2N;
      const r = parsed.blockSize;
      const p = parsed.parallelism;
      const maxmem = 128 * r * (N + 2) + 128 * r * p + SCRYPT_MEMORY_SLACK;
      const derived = await scryptAsync(plain, parsed.salt, parsed.digest.length, { N, r, p, maxmem });
      return sameBytes(derived, parsed.digest);
    }
    default: {
      const derived = await pbkdf2Async(plain, parsed.salt, parsed.rounds, parsed.digest.length, parsed.hash);
      return sameBytes(derived, parsed.digest);
    }
  }
}

function sameBytes(derived: Buffer, stored: Buffer): boolean {
  return derived.length === stored.length && timingSafeEqual(derived, stored);
}
