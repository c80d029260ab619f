// GET /healthz for load balancers and orchestrators: SERVING only when the check says the service can answer
// (database reachable, migrations done). A check that throws or hangs counts as NOT_SERVING.
import type { NodeRequest, NodeResponse } from "./http-types.js";
import { sendJson } from "./send-json.js";

export type HealthCheck = () => Promise<boolean>;

export const HEALTH_PATH = "/healthz";
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

/** Returns true when the request was the health check (it is then being answered). */
export type HealthHandler = (req: NodeRequest, res: NodeResponse) => boolean;

export function createHealth(check: HealthCheck, timeoutMs = DEFAULT_HEALTH_TIMEOUT_MS): HealthHandler {
  return (req, res) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || pathOf(req) !== HEALTH_PATH) return false;
    void isServing(check, timeoutMs).then((serving) =>
      sendJson(res, serving ? 200 : 503, { status: serving ? "SERVING" : "NOT_SERVING" }, { "cache-control": "no-store" }),
    );
    return true;
  };
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

function pathOf(req: NodeRequest): string {
  const url = req.url ?? "";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}
