// The one request handler behind the port: CORS → /healthz → /metrics → /ui → gRPC, gRPC-web and Connect routes → REST
// gateway → 404. No exception escapes: a fault becomes a generic 500 and a log line.
import type { Logger } from "pino";
import { createCors, type CorsOrigins } from "./cors.js";
import type { Registry } from "prom-client";
import { createHealth, type HealthCheck } from "./health.js";
import { createMetricsEndpoint } from "./metrics-endpoint.js";
import type { NodeHandler, NodeRequest, NodeResponse } from "./http-types.js";
import { sendJson } from "./send-json.js";

export interface NodeHandlerOptions {
  /**
   * Builds the RPC handler (connectNodeAdapter or equivalent) around `fallback`, which it must call for any
   * path that is no RPC: that is how REST and the 404 come after the RPC routes without a second path table.
   */
  connect: (fallback: NodeHandler) => NodeHandler;
  /** The REST gateway: resolves true when it took the request. */
  rest?: (req: NodeRequest, res: NodeResponse) => Promise<boolean>;
  corsOrigins: CorsOrigins;
  /** Whether the service can answer: migrations ran and the database responds. */
  health: HealthCheck;
  healthTimeoutMs?: number;
  /** Served at GET /metrics when given. */
  metrics?: Registry;
  logger?: Pick<Logger, "error">;
  /** Sets security headers on an answer before it is routed (security-headers.ts). */
  securityHeaders?: (req: NodeRequest, res: NodeResponse) => void;
  /** The browser app at /ui (src/gateway/ui): returns true when it took the request. */
  ui?: (req: NodeRequest, res: NodeResponse) => boolean;
}

const NOT_FOUND = { code: 5, message: "Not Found" };
const INTERNAL = { code: 13, message: "Internal" };

export function createNodeHandler(options: NodeHandlerOptions): NodeHandler {
  const cors = createCors(options.corsOrigins);
  const health = createHealth(options.health, options.healthTimeoutMs);
  const metrics = options.metrics ? createMetricsEndpoint(options.metrics) : () => false;
  const fail = (res: NodeResponse, error: unknown) => {
    options.logger?.error({ err: error }, "request failed outside the RPC layer");
    sendJson(res, 500, INTERNAL);
  };
  const rest = options.rest;
  // gRPC clients read an HTTP 404 as Unimplemented, so one answer fits every protocol.
  const fallback: NodeHandler = (req, res) => {
    if (!rest) return sendJson(res, 404, NOT_FOUND);
    rest(req, res).then(
      (handled) => handled || sendJson(res, 404, NOT_FOUND),
      (error: unknown) => fail(res, error),
    );
  };
  const rpc = options.connect((req, res) => {
    try {
      fallback(req, res);
    } catch (error) {
      fail(res, error);
    }
  });

  return (req, res) => {
    try {
      options.securityHeaders?.(req, res);
      if (cors(req, res) || health(req, res) || metrics(req, res) || options.ui?.(req, res)) return;
      rpc(req, res);
    } catch (error) {
      fail(res, error);
    }
  };
}
