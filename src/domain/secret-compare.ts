// Comparing secret material (hashes, codes, tokens) in constant time: `===` stops at the first differing
// character, so its timing tells an attacker how much of a guess was right. Both sides are digested first
// so that inputs of different lengths compare in the same time too (timingSafeEqual needs equal lengths).
import { createHash, timingSafeEqual } from "node:crypto";

export function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}
