// One-time codes for email/phone verification, password reset and initialisation, as ZITADEL makes them
// by default: six characters of A–Z and 0–9. Unlike ZITADEL's generator (a random byte modulo the
// alphabet size, which favours some characters) each character is drawn uniformly with crypto.randomInt.
//
// We store only a SHA-256 of a code, never the code itself. An unsalted fast hash is enough here because
// a code is random (36^6 ≈ 2.2·10^9 possibilities), lives at most 72 hours and a pending code is voided
// after a bounded number of wrong attempts: guessing online is capped by the attempts, and brute-forcing
// a leaked hash offline yields a code that has expired or been used by then.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";

export const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const CODE_LENGTH = 6;

const HOUR_MS = 60 * 60 * 1000;

/** How long each kind of code stays valid (ZITADEL's default secret generator settings). */
export const CODE_LIFETIME_MS = Object.freeze({
  emailVerification: 1 * HOUR_MS,
  phoneVerification: 1 * HOUR_MS,
  passwordReset: 1 * HOUR_MS,
  initialization: 72 * HOUR_MS,
  invite: 72 * HOUR_MS,
} as const);

export function generateCode(length = CODE_LENGTH, alphabet = CODE_ALPHABET): string {
  const symbols = Array.from(new Set(alphabet));
  if (!Number.isInteger(length) || length < 1) throw new Error(`code length must be a positive integer, got ${length}`);
  if (symbols.length < 2) throw new Error("a code alphabet needs at least two distinct characters");
  let code = "";
  for (let index = 0; index < length; index++) code += symbols[randomInt(symbols.length)];
  return code;
}

/** SHA-256 of the code as 64 lower-case hex characters. */
export function hashCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** Whether `code` is the one `hash` was made from; the comparison takes the same time wherever they differ. */
export function codeMatches(code: string, hash: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hash)) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = createHash("sha256").update(code, "utf8").digest();
  return timingSafeEqual(actual, expected);
}
