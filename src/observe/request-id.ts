// The request id every answer carries as `x-request-id`: the caller's own when it is safe to echo and to log
// (bounded, printable, no separators a log or header parser could trip on), otherwise a fresh UUID.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** 1–128 characters from a set that covers UUIDs, ULIDs, trace ids and base64 tokens. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:+/=@-]{1,128}$/;

export function acceptRequestId(incoming: string | string[] | undefined): string {
  if (typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}
