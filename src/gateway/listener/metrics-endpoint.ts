// GET /metrics: the Prometheus text exposition of the service's registry (process, outbox, …).
import type { Registry } from "prom-client";
import type { NodeRequest, NodeResponse } from "./http-types.js";

export const METRICS_PATH = "/metrics";

/** Returns true when the request was for the metrics (it is then being answered). */
export function createMetricsEndpoint(registry: Registry): (req: NodeRequest, res: NodeResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?", 1)[0] !== METRICS_PATH) return false;
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(text);
      },
      () => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("metrics unavailable\n");
      },
    );
    return true;
  };
}
