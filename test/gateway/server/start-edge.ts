// Starts the real edge (startServer + createEdgeHandler: Express on HTTP/1.1, connect-node on HTTP/2) on a free port with the test
// UserService, a stand-in REST handler and a health check the test controls, and records how each request came.
import type { TLSSocket } from "node:tls";
import { createEdgeHandler } from "../../../src/gateway/http/edge-handler.js";
import type { NodeRequest, NodeResponse } from "../../../src/gateway/listener/http-types.js";
import { startServer, type RunningServer, type ServerLogger } from "../../../src/gateway/listener/server.js";
import type { ServerLimits } from "../../../src/gateway/listener/server-limits.js";
import type { CorsOrigins } from "../../../src/gateway/http/cors-policy.js";
import { testUserService, type HeldCalls } from "./test-user-service.js";

export interface SeenRequest {
  path: string;
  httpVersion: string;
  /** The protocol ALPN chose on a TLS connection; undefined on cleartext. */
  alpn: string | undefined;
  /** The client's port: equal for requests on one connection. */
  remotePort: number | undefined;
}

export type Health = "serving" | "not-serving" | "throws" | "hangs";

export interface EdgeUnderTest {
  url: string;
  port: number;
  held: HeldCalls;
  seen: SeenRequest[];
  logged: { message: string; err: unknown }[];
  health: Health;
  close(graceMs?: number): Promise<void>;
  server: RunningServer;
}

export interface EdgeOptions {
  tls?: { cert: Buffer; key: Buffer };
  corsOrigins?: CorsOrigins;
  limits?: Partial<ServerLimits>;
}

/** Stand-in for the REST gateway: takes /v2/echo, fails on /v2/rejects and /v2/throws, declines the rest. */
function restStandIn(req: NodeRequest, res: NodeResponse): Promise<boolean> {
  const path = req.url?.split("?")[0];
  if (path === "/v2/throws") throw new Error("REST handler threw synchronously");
  if (path === "/v2/rejects") return Promise.reject(new Error("REST handler rejected"));
  if (path !== "/v2/echo") return Promise.resolve(false);
  res.writeHead(200, { "content-type": "application/json", etag: '"1"', "x-request-id": "r-1" });
  res.end(JSON.stringify({ echoed: true }));
  return Promise.resolve(true);
}

export async function startEdge(options: EdgeOptions = {}): Promise<EdgeUnderTest> {
  const { routes, held } = testUserService();
  const seen: SeenRequest[] = [];
  const logged: EdgeUnderTest["logged"] = [];
  // pino's overloaded log functions, reduced to the one call shape the edge uses.
  const logger = {
    error: (object: { err?: unknown }, message: string) => logged.push({ message, err: object.err }),
    warn: () => {},
    debug: () => {},
  } as unknown as ServerLogger;
  const edge = { health: "serving" as Health };
  const handler = createEdgeHandler({
    rpc: { routes },
    ui: false,
    rest: restStandIn,
    corsOrigins: options.corsOrigins ?? "*",
    ready: () => {
      switch (edge.health) {
        case "serving":
          return Promise.resolve(true);
        case "not-serving":
          return Promise.resolve(false);
        case "throws":
          return Promise.reject(new Error("database unreachable"));
        case "hangs":
          return new Promise<boolean>(() => {});
      }
    },
    readyTimeoutMs: 300,
    logger,
  });
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    tls: options.tls,
    limits: options.limits,
    logger,
    handler: (req, res) => {
      seen.push({
        path: req.url ?? "",
        httpVersion: req.httpVersion,
        alpn: (req.socket as TLSSocket).alpnProtocol || undefined,
        remotePort: req.socket.remotePort,
      });
      handler(req, res);
    },
  });
  return Object.assign(edge, {
    url: server.url,
    port: server.port,
    held,
    seen,
    logged,
    server,
    close: (graceMs = 1_000) => server.close(graceMs),
  });
}
