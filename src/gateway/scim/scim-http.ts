// The HTTP side of SCIM answers and requests: application/scim+json bodies, RFC 7644 §3.12 error bodies,
// request bodies read under MAX_REQUEST_BYTES (larger: 413), the base URL resources are located under, and
// the query string. Written against Node's request and response, so it serves HTTP/1.1 (Express) and HTTP/2.
import { Code, ConnectError } from "@connectrpc/connect";
import { errorBody, fromDomainError, invalidSyntax, scimError, ScimError } from "../../api/scim/scim-error.js";
import { DomainError } from "../../domain/errors.js";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";
import { isBodyTooLarge, readBody } from "../rest/read-body.js";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export function sendScim(res: NodeResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(body === undefined ? {} : { "content-type": SCIM_CONTENT_TYPE }), "content-length": Buffer.byteLength(text) });
  if (res.req.method === "HEAD") res.end();
  else res.end(text);
}

/** Any failure as a SCIM error; what is no refusal of the request is logged and answered 500 without its cause. */
export function sendScimError(res: NodeResponse, thrown: unknown, onInternalError: (error: unknown) => void): void {
  const error = toScimError(thrown, onInternalError);
  const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": 'Bearer realm="scim"' } : {};
  // The rate limiter's refusal says when to come back, as the RPCs' and REST's 429 do.
  const retryAfter = thrown instanceof ConnectError ? thrown.metadata.get("retry-after") : null;
  if (retryAfter !== null) headers["retry-after"] = retryAfter;
  sendScim(res, error.status, errorBody(error), headers);
}

export function toScimError(thrown: unknown, onInternalError: (error: unknown) => void): ScimError {
  if (thrown instanceof ScimError) return thrown;
  if (thrown instanceof DomainError) return fromDomainError(thrown);
  if (thrown instanceof ConnectError && isBodyTooLarge(thrown)) return scimError(413, undefined, thrown.rawMessage);
  if (thrown instanceof ConnectError && thrown.code === Code.ResourceExhausted) return scimError(429, undefined, thrown.rawMessage);
  onInternalError(thrown);
  return scimError(500, undefined, "internal error");
}

/** The JSON body of a SCIM request (application/scim+json or application/json). */
export async function readScimBody(req: NodeRequest, maxBytes: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (type !== "" && type !== SCIM_CONTENT_TYPE && type !== "application/json") {
    throw scimError(415, undefined, `send ${SCIM_CONTENT_TYPE} (or application/json), not ${type}`);
  }
  const text = await readBody(req, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidSyntax("the body is not valid JSON");
  }
}

/** scheme://host of the request, as the client addressed it. */
export function originOf(req: NodeRequest): string {
  const host = req.headers.host ?? (req.headers[":authority"] as string | undefined) ?? "localhost";
  const tls = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  return `${tls ? "https" : "http"}://${host}`;
}

export function queryOf(req: NodeRequest): Record<string, string> {
  const url = req.url ?? "";
  const start = url.indexOf("?");
  return start < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(start + 1)));
}
