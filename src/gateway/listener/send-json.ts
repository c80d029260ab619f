// Small JSON answers the edge gives itself (health, 404, 500, 503), in the gRPC-gateway error shape
// `{code, message}` that ZITADEL's REST API uses.
import type { NodeResponse } from "./http-types.js";

/** Writes `body` as JSON; once headers are out, the only honest thing left is to end the response. */
export function sendJson(res: NodeResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  // A HEAD request gets the headers only.
  if (res.req.method === "HEAD") res.end();
  else res.end(text);
}
