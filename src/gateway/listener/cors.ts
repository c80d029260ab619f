// CORS for browser callers (gRPC-web, Connect, REST): allowed origins from configuration, preflights answered
// here, and the gRPC/Connect status headers exposed so browser clients can read errors.
import { cors as connectCors } from "@connectrpc/connect";
import type { NodeRequest, NodeResponse } from "./http-types.js";
import { sendJson } from "./send-json.js";

/** `"*"` allows every origin; otherwise exact origins such as `https://app.example.com`. */
export type CorsOrigins = "*" | readonly string[];

/** Header names are case-insensitive; keeps the first spelling of each. */
const unique = (names: readonly string[]) => [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];

// Connect's lists cover gRPC-web and Connect; the REST gateway adds its verbs and headers.
export const CORS_ALLOWED_METHODS = unique([...connectCors.allowedMethods, "PUT", "PATCH", "DELETE"]);
export const CORS_ALLOWED_HEADERS = unique([...connectCors.allowedHeaders, "Authorization", "X-Request-Id", "If-Match"]);
export const CORS_EXPOSED_HEADERS = unique([...connectCors.exposedHeaders, "X-Request-Id", "ETag"]);

const allowMethods = CORS_ALLOWED_METHODS.join(", ");
const allowHeaders = CORS_ALLOWED_HEADERS.join(", ");
const exposeHeaders = CORS_EXPOSED_HEADERS.join(", ");

/** Returns true when it answered the request itself (a preflight); otherwise it only added headers. */
export type CorsHandler = (req: NodeRequest, res: NodeResponse) => boolean;

export function createCors(origins: CorsOrigins, maxAgeSeconds = 7200): CorsHandler {
  const isAllowed = (origin: string) => origins === "*" || origins.includes(origin);
  return (req, res) => {
    // The origin is echoed, so every answer depends on it, also one to a request without it (caches).
    res.setHeader("vary", "Origin");
    const origin = req.headers.origin;
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (typeof origin !== "string") return false;
    if (!isAllowed(origin)) {
      if (!preflight) return false;
      sendJson(res, 403, { code: 7, message: "origin not allowed" });
      return true;
    }
    // Echoed rather than "*" so one list of rules serves both settings.
    res.setHeader("access-control-allow-origin", origin);
    if (!preflight) {
      res.setHeader("access-control-expose-headers", exposeHeaders);
      return false;
    }
    res.setHeader("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    res.writeHead(204, {
      "access-control-allow-methods": allowMethods,
      "access-control-allow-headers": allowHeaders,
      "access-control-max-age": String(maxAgeSeconds),
    });
    res.end();
    return true;
  };
}
