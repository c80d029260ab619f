// Plain HTTP endpoints beside the RPCs, for load balancers and orchestrators: GET /healthz, liveness (200 while
// the process answers at all: restart it when this fails), and GET /readyz, readiness (SERVING only when the
// check says this server should get calls: database reachable, migrations done, not shutting down; a check
// that throws or hangs counts as NOT_SERVING, 503: send calls elsewhere), GET /metrics (Prometheus text of the service's registry) and GET /openapi.json (the REST
// gateway's document, generated at build time by scripts/generate-openapi.ts; it describes the API, never
// data, so it is open to all). GET routes answer HEAD too, with the headers only.
import { Router } from "express";
import type { Registry } from "prom-client";
import { openApiDocument } from "../../gen/openapi/openapi-document.js";
import type { NodeRequest, NodeResponse } from "../listener/http-types.js";
import { sendJson } from "../listener/send-json.js";

export type HealthCheck = () => Promise<boolean>;

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const METRICS_PATH = "/metrics";
export const OPENAPI_PATH = "/openapi.json";
export const DEFAULT_READY_TIMEOUT_MS = 2_000;

export interface ProbeRoutesOptions {
  /** Readiness, answered at GET /readyz. */
  ready: HealthCheck;
  readyTimeoutMs?: number;
  /** Served at GET /metrics when given. */
  metrics?: Registry;
  /** Serve GET /openapi.json (default true). */
  openApi?: boolean;
}

export function probeRoutes(options: ProbeRoutesOptions): Router {
  const router = Router();
  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const answer = (res: NodeResponse, serving: boolean) =>
    sendJson(res, serving ? 200 : 503, { status: serving ? "SERVING" : "NOT_SERVING" }, { "cache-control": "no-store" });
  router.get(HEALTH_PATH, (req: NodeRequest, res: NodeResponse) => answer(res, true));
  router.get(READY_PATH, (req: NodeRequest, res: NodeResponse) => {
    void isServing(options.ready, timeoutMs).then((serving) => answer(res, serving));
  });
  const registry = options.metrics;
  if (registry) {
    router.get(METRICS_PATH, (req: NodeRequest, res: NodeResponse) => {
      registry.metrics().then(
        (text) => send(res, 200, registry.contentType, Buffer.from(text)),
        () => send(res, 500, "text/plain", Buffer.from("metrics unavailable\n")),
      );
    });
  }
  if (options.openApi !== false) {
    const document = Buffer.from(openApiDocument);
    router.get(OPENAPI_PATH, (req: NodeRequest, res: NodeResponse) => {
      send(res, 200, "application/json", document, "public, max-age=300");
    });
  }
  return router;
}

function send(res: NodeResponse, status: number, contentType: string, body: Buffer, cacheControl?: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": body.length, ...(cacheControl ? { "cache-control": cacheControl } : {}) });
  if (res.req.method === "HEAD") res.end();
  else res.end(body);
}

async function isServing(check: HealthCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
  try {
    return (await Promise.race([check(), timeout])) === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
