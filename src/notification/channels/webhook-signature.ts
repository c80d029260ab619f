// Webhook bodies are signed so a receiver can tell our calls from forged ones and refuse replays:
// `x-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the shared secret. The time is
// inside the signed text, so an old call replayed later fails the receiver's freshness check.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-signature";

export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** For receivers: whether `header` signs `body` under `secret` and is at most `toleranceSeconds` old (or ahead). */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  const fields = new Map((header ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const time = Number(fields.get("t"));
  const signature = fields.get("v1") ?? "";
  if (!Number.isInteger(time) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - time) > (options.toleranceSeconds ?? 300)) return false;
  return timingSafeEqual(Buffer.from(signature, "hex"), Buffer.from(hmacHex(secret, `${time}.${body}`), "hex"));
}

function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}
