// Listens on one port for every protocol: cleartext (HTTP/1.1 and h2c sniffed apart) or TLS (ALPN h2 and
// http/1.1), and shuts down gracefully: no new connections, in-flight requests finish, then sockets close.
import http from "node:http";
import http2 from "node:http2";
import net, { type Socket } from "node:net";
import type { Logger } from "pino";
import { sniffProtocol } from "./protocol-sniffer.js";

export type NodeHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface ServerOptions {
  port: number;
  host?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  handler: NodeHandler;
  logger?: Pick<Logger, "warn" | "debug">;
}

export interface RunningServer {
  port: number;
  url: string;
  close(graceMs: number): Promise<void>;
}

const HTTP2_SETTINGS: http2.Settings = { maxConcurrentStreams: 1000 };

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.Http2Session>();
  let inFlight = 0;
  let closing = false;
  const idle: (() => void)[] = [];

  const handler: NodeHandler = (req, res) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    });
    // During shutdown, HTTP/1.1 answers tell keep-alive clients not to reuse the connection.
    if (closing && "setHeader" in res && !("stream" in res)) (res as http.ServerResponse).setHeader("connection", "close");
    options.handler(req, res);
  };

  const track = (session: http2.Http2Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    session.on("error", () => {});
  };

  let listener: net.Server;
  let httpServer: http.Server | undefined;
  let h2Server: http2.Http2Server | http2.Http2SecureServer;
  if (options.tls) {
    h2Server = http2.createSecureServer({ ...options.tls, allowHTTP1: true, ALPNProtocols: ["h2", "http/1.1"], settings: HTTP2_SETTINGS }, handler);
    listener = h2Server as unknown as net.Server;
  } else {
    httpServer = http.createServer({ keepAliveTimeout: 5_000, headersTimeout: 30_000 }, handler);
    h2Server = http2.createServer({ settings: HTTP2_SETTINGS }, handler);
    const plainHttp = httpServer;
    const plainH2 = h2Server;
    listener = net.createServer((socket) => {
      socket.on("error", () => {});
      sniffProtocol(socket, (s, isHttp2) => (isHttp2 ? plainH2 : plainHttp).emit("connection", s));
    });
  }
  h2Server.on("session", track);
  listener.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  (listener as net.Server).on("tlsClientError", (error: Error) => options.logger?.debug({ err: error }, "TLS handshake failed"));

  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = listener.address() as net.AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";

  return {
    port: address.port,
    url: `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    async close(graceMs: number) {
      closing = true;
      const stopped = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const session of sessions) session.close(); // GOAWAY: open streams finish, new ones are refused
      httpServer?.closeIdleConnections();
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      httpServer?.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}
