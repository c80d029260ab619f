// Listens on one port for every protocol: cleartext (HTTP/1.1 and h2c sniffed apart) or TLS (ALPN h2 and
// http/1.1), and shuts down gracefully: no new connections, in-flight requests finish, then sockets close.
import http from "node:http";
import http2 from "node:http2";
import net, { type Socket } from "node:net";
import type { Logger } from "pino";
import { ConnectionTracker } from "./connection-tracker.js";
import { Deadline } from "./deadline.js";
import type { NodeHandler } from "./http-types.js";
import { sniffProtocol } from "./protocol-sniffer.js";
import { sendJson } from "./send-json.js";
import { DEFAULT_SERVER_LIMITS, http1Settings, http2Settings, type ServerLimits } from "./server-limits.js";

export type { NodeHandler, NodeRequest, NodeResponse } from "./http-types.js";

export type ServerLogger = Pick<Logger, "debug" | "warn" | "error">;

export interface ServerOptions {
  port: number;
  /** Interface to listen on; all interfaces when absent. */
  host?: string;
  /** PEM certificate chain and key: the port then speaks TLS only, choosing h2 or http/1.1 by ALPN. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  handler: NodeHandler;
  logger?: ServerLogger;
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  port: number;
  url: string;
  /**
   * Stops accepting connections at once, refuses new requests on open ones, lets in-flight requests run for
   * up to `graceMs`, then destroys what is left. Resolves when every connection is closed. Called again
   * while closing, it returns the same promise and may bring the deadline forward (never back).
   */
  close(graceMs: number): Promise<void>;
}

/** What the cleartext and TLS set-ups share with the shutdown. */
interface Edge {
  listener: net.Server;
  closeIdleHttp1(): void;
  release(): void;
}

const TCP_KEEPALIVE_MS = 60_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const tracker = new ConnectionTracker();
  const handler = guardHandler(options.handler, tracker, options.logger);
  const edge = options.tls ? tlsEdge(options.tls, handler, tracker, limits, options.logger) : cleartextEdge(handler, tracker, limits, options.logger);

  try {
    await new Promise<void>((resolve, reject) => {
      edge.listener.once("error", reject);
      edge.listener.listen(options.port, options.host, () => {
        edge.listener.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    edge.release(); // e.g. EADDRINUSE: nothing was accepted, only timers to stop
    throw error;
  }
  // After listening, errors are per accept (EMFILE and the like): worth a log line, not the process.
  edge.listener.on("error", (error) => options.logger?.warn({ err: error }, "listener error"));

  const { port } = edge.listener.address() as net.AddressInfo;
  let shutdown: { deadline: Deadline; done: Promise<void> } | undefined;
  return {
    port,
    url: `${options.tls ? "https" : "http"}://${urlHost(options.host)}:${port}`,
    close(graceMs) {
      if (shutdown) {
        // Closing again (a second signal) may only shorten the wait.
        shutdown.deadline.bringForward(graceMs);
        return shutdown.done;
      }
      const deadline = new Deadline(graceMs);
      shutdown = { deadline, done: closeGracefully(edge, tracker, deadline) };
      return shutdown.done;
    },
  };
}

async function closeGracefully(edge: Edge, tracker: ConnectionTracker, deadline: Deadline): Promise<void> {
  const listenerClosed = new Promise<void>((resolve) => edge.listener.close(() => resolve()));
  tracker.refuseNewWork();
  edge.closeIdleHttp1();
  await Promise.race([tracker.requestsFinished(), deadline.reached]);
  // Connections whose last answer went out before shutdown began are idle now; the rest close themselves
  // (HTTP/1.1 `connection: close`, HTTP/2 GOAWAY) once their data is flushed.
  edge.closeIdleHttp1();
  await Promise.race([listenerClosed, deadline.reached]);
  deadline.clear();
  tracker.destroyAll();
  await listenerClosed;
  edge.release();
}

/** Counts requests for the shutdown, refuses HTTP/1.1 requests that arrive during it, and contains throws. */
function guardHandler(handler: NodeHandler, tracker: ConnectionTracker, logger: ServerLogger | undefined): NodeHandler {
  return (req, res) => {
    tracker.requestStarted(req, res);
    if (tracker.closing && req.httpVersionMajor === 1) {
      sendJson(res, 503, { code: 14, message: "the server is shutting down" });
      return;
    }
    try {
      handler(req, res);
    } catch (error) {
      logger?.error({ err: error }, "request handler threw");
      sendJson(res, 500, { code: 13, message: "Internal" });
    }
  };
}

function cleartextEdge(handler: NodeHandler, tracker: ConnectionTracker, limits: ServerLimits, logger: ServerLogger | undefined): Edge {
  const httpServer = http.createServer(http1Settings(limits), handler);
  // Node enforces the header and request timeouts from a timer it starts when a server listens. This server
  // never listens itself (it is handed sockets), so it is told that it does.
  httpServer.emit("listening");
  const h2Server = http2.createServer({ settings: http2Settings(limits) }, handler);
  watchHttp2(h2Server, tracker, limits, logger);

  const listener = net.createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: TCP_KEEPALIVE_MS }, (socket) => {
    tracker.addSocket(socket);
    tracker.addUndecided(socket);
    socket.on("error", (error) => logger?.debug({ err: error }, "connection error"));
    sniffProtocol(
      socket,
      (sniffed, protocol) => {
        tracker.decided(sniffed);
        (protocol === "h2c" ? h2Server : httpServer).emit("connection", sniffed);
      },
      limits.sniffTimeoutMs,
    );
  });
  return {
    listener,
    closeIdleHttp1: () => httpServer.closeIdleConnections(),
    release: () => httpServer.close(),
  };
}

function tlsEdge(
  credentials: { cert: string | Buffer; key: string | Buffer },
  handler: NodeHandler,
  tracker: ConnectionTracker,
  limits: ServerLimits,
  logger: ServerLogger | undefined,
): Edge {
  const server = http2.createSecureServer(
    {
      ...credentials,
      allowHTTP1: true,
      ALPNProtocols: ["h2", "http/1.1"],
      settings: http2Settings(limits),
      handshakeTimeout: limits.tlsHandshakeTimeoutMs,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: TCP_KEEPALIVE_MS,
    },
    handler,
  );
  // With allowHTTP1 the secure server also runs Node's HTTP/1.1 connection code, which reads these properties.
  Object.assign(server, http1Settings(limits));
  watchHttp2(server, tracker, limits, logger);
  server.on("connection", (socket: Socket) => {
    tracker.addSocket(socket);
    socket.on("error", (error) => logger?.debug({ err: error }, "connection error"));
  });
  server.on("tlsClientError", (error) => logger?.debug({ err: error }, "TLS handshake failed"));
  return {
    listener: server,
    // Node has it on the secure server with allowHTTP1 (it closes idle HTTP/1.1 connections); @types/node lacks it.
    closeIdleHttp1: () => (server as unknown as Pick<http.Server, "closeIdleConnections">).closeIdleConnections(),
    release: () => {},
  };
}

/**
 * Tracks sessions for the shutdown and closes idle ones with GOAWAY. A peer's reset or protocol error on a
 * session or stream is the peer's business: logged at debug level, never thrown.
 */
function watchHttp2(server: http2.Http2Server | http2.Http2SecureServer, tracker: ConnectionTracker, limits: ServerLimits, logger: ServerLogger | undefined): void {
  server.on("session", (session: http2.Http2Session) => {
    tracker.addSession(session);
    session.on("error", (error) => logger?.debug({ err: error }, "HTTP/2 session error"));
    session.setTimeout(limits.http2IdleTimeoutMs, () => session.close());
  });
  server.on("stream", (stream: http2.ServerHttp2Stream) => {
    stream.on("error", (error) => logger?.debug({ err: error }, "HTTP/2 stream error"));
  });
}

function urlHost(host: string | undefined): string {
  if (!host || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
