// The one request handler behind the port: CORS → /healthz → gRPC, gRPC-web and Connect routes → REST
// gateway → 404. No exception escapes: a fault becomes a generic 500 and a log line.
import type http from "node:http";
import type http2 from "node:http2";
import type { Logger } from "pino";
import { createCors } from "./cors.js";

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

export interface NodeHandlerOptions {
  /** Builds connectNodeAdapter(...) with the given fallback for requests that are no RPC. */
  connect: (fallback: (req: Req, res: Res) => void) => (req: Req, res: Res) => void;
  rest: (req: Req, res: Res) => Promise<boolean>;
  corsOrigins: string[] | "*";
  /** Whether the service can answer: migrations ran and the database responds. */
  health: () => Promise<boolean>;
  logger: Pick<Logger, "error">;
}

const HEALTH_TIMEOUT_MS = 2_000;

export function createNodeHandler(options: NodeHandlerOptions) {
  const cors = createCors(options.corsOrigins);
  const json = (res: Res, status: number, body: unknown) => {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const fail = (res: Res, error: unknown) => {
    options.logger.error({ err: error }, "request failed outside the RPC layer");
    json(res, 500, { code: 13, message: "Errors.Internal" });
  };
  const fallback = (req: Req, res: Res) =>
    options.rest(req, res).then(
      (handled) => handled || json(res, 404, { code: 5, message: "Not Found" }),
      (error: unknown) => fail(res, error),
    );

  const rpc = options.connect((req, res) => void fallback(req, res));

  return (req: Req, res: Res): void => {
    try {
      if (cors(req, res)) return;
      if (req.url === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
        const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS).unref());
        void Promise.race([options.health().catch(() => false), timeout]).then((up) =>
          json(res, up ? 200 : 503, { status: up ? "SERVING" : "NOT_SERVING" }),
        );
        return;
      }
      rpc(req, res);
    } catch (error) {
      fail(res, error);
    }
  };
}
