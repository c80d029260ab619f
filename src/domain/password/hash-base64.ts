// The two base64 dialects of modular-crypt hash strings. Buffer.from(…, "base64") skips characters it does
// not know, so each dialect checks its alphabet first: a hash with a stray character is malformed, not a
// different salt.

const RAW_STANDARD = /^[A-Za-z0-9+/]*$/;
const PASSLIB_ADAPTED = /^[A-Za-z0-9./]*$/;

/**
 * Unpadded standard base64 with zero trailing bits (Go's RawStdEncoding.Strict()), as argon2's PHC strings
 * and passlib's scrypt strings use it.
 */
export function decodeStrictRawBase64(text: string): Buffer | undefined {
  if (!RAW_STANDARD.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, "base64");
  // Re-encoding reveals non-zero trailing bits, which a strict decoder refuses.
  return bytes.toString("base64").replace(/=+$/, "") === text ? bytes : undefined;
}

/**
 * passlib's "adapted" base64 (`.` instead of `+`, no padding), as pbkdf2 strings use it. Like passwap we
 * also take standard base64 when the text contains a `+`, and ignore `=` padding.
 */
export function decodePbkdf2Base64(text: string): Buffer | undefined {
  const unpadded = text.replace(/=+$/, "");
  const standard = unpadded.includes("+") ? unpadded : unpadded.replaceAll(".", "+");
  const alphabetOk = unpadded.includes("+") ? RAW_STANDARD.test(unpadded) : PASSLIB_ADAPTED.test(unpadded);
  if (!alphabetOk || unpadded.length % 4 === 1) return undefined;
  return Buffer.from(standard, "base64");
}
