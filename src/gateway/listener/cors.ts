// CORS for browser callers (gRPC-web, Connect, REST): allowed origins from configuration, preflights answered
// here, and the gRPC/Connect status headers exposed so browser clients can read errors.
import type http from "node:http";
import type http2 from "node:http2";
import { cors as connectCors } from "@connectrpc/connect";

const allowMethods = [...new Set([...connectCors.allowedMethods, "PUT", "DELETE", "PATCH"])].join(", ");
const allowHeaders = [...new Set([...connectCors.allowedHeaders, "Authorization", "X-Request-Id", "If-Match"])].join(", ");
const exposeHeaders = [...new Set([...connectCors.exposedHeaders, "X-Request-Id", "ETag"])].join(", ");

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

/** Sets CORS headers; returns true when the request was a preflight and has been answered. */
export function createCors(origins: string[] | "*") {
  return (req: Req, res: Res): boolean => {
    const origin = req.headers.origin;
    if (typeof origin !== "string") return false;
    const allowed = origins === "*" || origins.includes(origin);
    res.setHeader("vary", "Origin");
    if (!allowed) return false;
    res.setHeader("access-control-allow-origin", origins === "*" ? "*" : origin);
    res.setHeader("access-control-expose-headers", exposeHeaders);
    if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"]) return false;
    res.setHeader("access-control-allow-methods", allowMethods);
    res.setHeader("access-control-allow-headers", allowHeaders);
    res.setHeader("access-control-max-age", "7200");
    res.writeHead(204);
    res.end();
    return true;
  };
}
