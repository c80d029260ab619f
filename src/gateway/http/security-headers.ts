// Security headers (helmet) on every answer a browser may read: REST, Connect, gRPC-web, health, metrics,
// 404 and CORS preflights. Plain gRPC over HTTP/2 is left alone: no browser reads it, and it is the hot path.
// The Content-Security-Policy is for JSON answers, which never need to load anything: default-src 'none',
// frame-ancestors 'none'. The headers are set with setHeader before routing, so a route that serves a page
// (the /ui) replaces content-security-policy (and cache-control) with its own by setting them again.
import helmet from "helmet";
import type { Middleware } from "./middleware.js";

export function securityHeaders(): Middleware {
  const plain = headersFor(false);
  const tls = headersFor(true);
  const none = () => {};
  return (req, res, next) => {
    const type = req.headers["content-type"];
    if (type !== undefined && type.startsWith("application/grpc") && !type.startsWith("application/grpc-web")) return next();
    // Strict-Transport-Security only on answers that came over TLS (browsers ignore it on plain HTTP anyway).
    const apply = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? tls : plain;
    apply(req as never, res as never, none);
    res.setHeader("cache-control", "no-store");
    next();
  };
}

function headersFor(overTls: boolean) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    strictTransportSecurity: overTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Cross-origin isolation headers would stop browser apps on other origins that CORS_ORIGINS allows.
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginEmbedderPolicy: false,
  });
}
