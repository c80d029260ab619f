// The one request handler behind the port. HTTP/1.1 goes to an Express app; HTTP/2 (gRPC, and whatever else a
// client sends over h2c or TLS h2) to connect-node's adapter, because Express cannot serve Node's http2
// requests. Both run the same routers, written against Node's own request and response:
//
//   security headers → CORS → /healthz, /readyz, /metrics, /openapi.json → /ui → RPC (gRPC, gRPC-web, Connect)
//   → REST gateway → further routers (SCIM) → 404 → a fault becomes a generic 500 and a log line
//
// RPCs come from the same routes on both: connect-express's middleware on HTTP/1.1, connect-node's adapter on
// HTTP/2 (its fallback leads on to the REST gateway, so there is one path table for each).
import { createContextValues, type ConnectRouterOptions, type ContextValues } from "@connectrpc/connect";
import { expressConnectMiddleware } from "@connectrpc/connect-express";
import { compressionBrotli, compressionGzip, connectNodeAdapter } from "@connectrpc/connect-node";
import express, { Router, type NextFunction } from "express";
import type { Registry } from "prom-client";
import { clientAddressKey } from "../rate-limit.js";
import type { RestHandler } from "../rest/index.js";
import type { NodeHandler, NodeRequest, NodeResponse } from "../listener/http-types.js";
import { sendJson } from "../listener/send-json.js";
import { uiStatic, type UiStaticOptions } from "../ui/ui-static.js";
import { corsPolicy, type CorsOrigins } from "./cors-policy.js";
import type { ErrorMiddleware, Middleware } from "./middleware.js";
import { probeRoutes, type HealthCheck } from "./probe-routes.js";
import { servedRpcRoutes, type RpcRoutesOptions } from "./rpc-routes.js";
import { securityHeaders } from "./security-headers.js";
import { streamResetKey, streamResetOf } from "./stream-stall.js";

export interface RpcOptions extends ConnectRouterOptions, RpcRoutesOptions {
  /** Context values of a network RPC (the request's observation: id, logger, metrics). */
  contextValues?: (req: NodeRequest) => ContextValues | undefined;
}

export interface EdgeHandlerOptions {
  rpc: RpcOptions;
  /** The REST gateway: resolves true when it took the request, false to pass it on. */
  rest?: RestHandler;
  /** Served after REST (SCIM). */
  routers?: readonly Router[];
  corsOrigins: CorsOrigins;
  /** Readiness (GET /readyz): migrations ran, the database responds, and the server is not shutting down. */
  ready: HealthCheck;
  readyTimeoutMs?: number;
  /** Served at GET /metrics when given. */
  metrics?: Registry;
  /** The browser app at /ui; false: none. */
  ui?: UiStaticOptions | false;
  logger?: { error(obj: object, msg: string): void };
}

const NOT_FOUND = { code: 5, message: "Not Found" };
const INTERNAL = { code: 13, message: "Internal" };

export function createEdgeHandler(options: EdgeHandlerOptions): NodeHandler {
  const before = Router();
  before.use(securityHeaders() as Middleware, corsPolicy(options.corsOrigins));
  before.use(probeRoutes({ ready: options.ready, readyTimeoutMs: options.readyTimeoutMs, metrics: options.metrics }));
  if (options.ui !== false) before.use(uiStatic(options.ui ?? {}));

  const after = Router();
  const rest = options.rest;
  if (rest) after.use(((req, res, next) => void rest(req, res).then((handled) => handled || next(), next)) as Middleware);
  for (const router of options.routers ?? []) after.use(router);

  // gRPC clients read an HTTP 404 as Unimplemented, so one answer fits every protocol.
  const notFound: Middleware = (req, res) => sendJson(res, 404, NOT_FOUND);
  const fail: ErrorMiddleware = (error, req, res, next) => {
    options.logger?.error({ err: error }, "request failed outside the RPC layer");
    sendJson(res, 500, INTERNAL);
    void next;
  };

  const { contextValues, ...rpc } = options.rpc;
  const adapterOptions = {
    ...rpc,
    acceptCompression: [compressionGzip, compressionBrotli],
    routes: servedRpcRoutes(options.rpc),
    contextValues: (req: express.Request | NodeRequest) =>
      (contextValues?.(req) ?? createContextValues()).set(clientAddressKey, req.socket?.remoteAddress).set(streamResetKey, streamResetOf(req)),
  };

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(before, expressConnectMiddleware(adapterOptions), after, notFound);
  app.use(fail);

  // The routers take Node's requests as they are (middleware.ts); only their declared types are Express's.
  const runBefore = before as unknown as Middleware;
  const runAfter = after as unknown as Middleware;
  const end = (req: NodeRequest, res: NodeResponse): NextFunction => (error?: unknown) => (error ? fail(error, req, res, () => {}) : notFound(req, res, () => {}));
  const http2 = connectNodeAdapter({ ...adapterOptions, fallback: (req, res) => runAfter(req as NodeRequest, res as NodeResponse, end(req as NodeRequest, res as NodeResponse)) });

  return (req, res) => {
    if (req.httpVersionMajor === 1) return void app(req as express.Request, res as express.Response);
    // Plain gRPC, the hot path, goes straight to the RPCs: what runs before them is for browsers (security
    // headers skip gRPC anyway, CORS needs an Origin, probes and /ui are no RPC paths).
    if (isPlainGrpc(req.headers["content-type"])) {
      res.setHeader("vary", "Origin");
      return http2(req, res);
    }
    runBefore(req, res, (error?: unknown) => (error ? end(req, res)(error) : http2(req, res)));
  };
}

const isPlainGrpc = (type: string | undefined) => type !== undefined && type.startsWith("application/grpc") && !type.startsWith("application/grpc-web");
