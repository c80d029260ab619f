// Makes real password hashes of every importable kind, each in the string format passwap reads, with
// libraries other than the verification code under test (node:crypto's sync functions, @node-rs PHC output).
import { pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { hashSync as argon2HashSync, type Algorithm } from "@node-rs/argon2";
import { hashSync as bcryptHashSync } from "@node-rs/bcrypt";

const rawBase64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "");
const passlibBase64 = (bytes: Buffer) => rawBase64(bytes).replaceAll("+", ".");

export function bcryptHash(password: string, version: "2a" | "2b" | "2y" = "2b", cost = 4): string {
  return bcryptHashSync(password, { cost, version });
}

export function argon2Hash(
  password: string,
  variant: "argon2i" | "argon2id" = "argon2id",
  params = { memoryCost: 8192, timeCost: 1, parallelism: 1 },
): string {
  return argon2HashSync(password, { ...params, algorithm: (variant === "argon2i" ? 1 : 2) as Algorithm });
}

export function scryptHash(password: string, { log2N = 14, r = 8, p = 1, keyLength = 32, prefix = "scrypt" } = {}): string {
  const salt = randomBytes(16);
  const digest = scryptSync(password, salt, keyLength, { N: 2 ** log2N, r, p, maxmem: 256 * 1024 * 1024 });
  return `$${prefix}$ln=${log2N},r=${r},p=${p}$${rawBase64(salt)}$${rawBase64(digest)}`;
}

export type Pbkdf2Variant = "pbkdf2" | "pbkdf2-sha224" | "pbkdf2-sha256" | "pbkdf2-sha384" | "pbkdf2-sha512";

export function pbkdf2Hash(password: string, variant: Pbkdf2Variant = "pbkdf2-sha256", rounds = 1000, encode = passlibBase64): string {
  const digestName = variant === "pbkdf2" ? "sha1" : variant.slice("pbkdf2-".length);
  const keyLength = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }[digestName]!;
  const salt = randomBytes(16);
  const digest = pbkdf2Sync(password, salt, rounds, keyLength, digestName);
  return `$${variant}$${rounds}$${encode(salt)}$${encode(digest)}`;
}

export const standardBase64 = rawBase64;

/**
 * Made once with Python's hashlib and base64 (an encoder independent of ours), password PYTHON_PASSWORD:
 * pbkdf2_hmac(digest, password, salt, 1500) and scrypt(password, salt, n=2**14, r=8, p=1, dklen=32).
 */
export const PYTHON_PASSWORD = "Corr3ct-H0rse!";
export const PYTHON_MADE_HASHES = {
  "pbkdf2-sha1": "$pbkdf2$1500$AQIDBAUGBwgJCgsMDQ4PEA$BwACMKijQ/yQYK1WxRe3SQ17jus",
  "pbkdf2-sha256": "$pbkdf2-sha256$1500$AQIDBAUGBwgJCgsMDQ4PEA$L8gH309BvflufbWnpX9vFjUjqmA4E7VK5Pc4AmgYjPw",
  "pbkdf2-sha256 with a dot": "$pbkdf2-sha256$1500$AAIDBAUGBwgJCgsMDQ4PEA$LfLHm.piHlQi4SCNA1BqAni3Ee218OA/1XYTf.hvwUc",
  "pbkdf2-sha512":
    "$pbkdf2-sha512$1500$AQIDBAUGBwgJCgsMDQ4PEA$fyijU4HrBbbwr46zg60b4wDEXQ9J1lWKmpZcmvYZi25vHYCOWZZfY7iOgrPjeKaDLLCj0doIFH0/I0pGNG3Y7Q",
  scrypt: "$scrypt$ln=14,r=8,p=1$ZGVmZ2hpamtsbW5vcHFycw$D2b6k4kRJ9PS+8aUuW/0S1tZg3hmCT5yr9jRUiGbC3M",
} as const;
