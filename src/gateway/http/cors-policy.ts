// CORS for browser callers (gRPC-web, Connect, REST, SCIM) with the `cors` middleware: allowed origins from
// configuration (echoed, so one rule serves "*" and a list), preflights answered with 204, and the gRPC/Connect
// status headers exposed so browser clients can read errors. Two rules of ours around it: every answer varies
// by Origin (also one to a request without it, for caches), and a preflight from an origin not allowed is
// refused with 403 rather than passed on to routing.
import { cors as connectCors } from "@connectrpc/connect";
import cors from "cors";
import { sendJson } from "../listener/send-json.js";
import type { Middleware } from "./middleware.js";

/** `"*"` allows every origin; otherwise exact origins such as `https://app.example.com`. */
export type CorsOrigins = "*" | readonly string[];

/** Header names are case-insensitive; keeps the first spelling of each. */
const unique = (names: readonly string[]) => [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];

// Connect's lists cover gRPC-web and Connect; the REST gateway and SCIM add their verbs and headers.
export const CORS_ALLOWED_METHODS = unique([...connectCors.allowedMethods, "PUT", "PATCH", "DELETE"]);
export const CORS_ALLOWED_HEADERS = unique([...connectCors.allowedHeaders, "Authorization", "X-Request-Id", "If-Match"]);
export const CORS_EXPOSED_HEADERS = unique([...connectCors.exposedHeaders, "X-Request-Id", "ETag", "Location"]);

export function corsPolicy(origins: CorsOrigins, maxAgeSeconds = 7200): Middleware {
  const isAllowed = (origin: string) => origins === "*" || origins.includes(origin);
  const granted = cors({
    origin: true, // echo the request's origin; only allowed ones get here
    methods: CORS_ALLOWED_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: maxAgeSeconds,
    optionsSuccessStatus: 204,
  }) as unknown as Middleware;
  return (req, res, next) => {
    res.setHeader("vary", "Origin");
    const origin = req.headers.origin;
    if (typeof origin !== "string") return next();
    if (isAllowed(origin)) return granted(req, res, next);
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (preflight) return sendJson(res, 403, { code: 7, message: "origin not allowed" });
    next();
  };
}
