// Knows every connection, HTTP/2 session and in-flight request of one server, so that shutdown can be
// graceful: refuse new work at once, let the work in flight finish, then cut whatever is left.
import http from "node:http";
import type http2 from "node:http2";
import type { Socket } from "node:net";
import type { NodeRequest, NodeResponse } from "./http-types.js";

export class ConnectionTracker {
  private readonly sockets = new Set<Socket>();
  /** Cleartext sockets whose protocol is not known yet: nothing was asked on them, so nothing is lost. */
  private readonly undecided = new Set<Socket>();
  private readonly sessions = new Set<http2.Http2Session>();
  private readonly http1Responses = new Set<http.ServerResponse>();
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private refusing = false;

  /** True once shutdown began: new requests are answered 503 (HTTP/1.1) or refused by GOAWAY (HTTP/2). */
  get closing(): boolean {
    return this.refusing;
  }

  addSocket(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  addUndecided(socket: Socket): void {
    this.undecided.add(socket);
    socket.once("close", () => this.undecided.delete(socket));
  }

  decided(socket: Socket): void {
    this.undecided.delete(socket);
  }

  addSession(session: http2.Http2Session): void {
    this.sessions.add(session);
    session.once("close", () => this.sessions.delete(session));
    // A session that began while shutting down (its TLS handshake was under way) gets GOAWAY right away.
    if (this.refusing) session.close();
  }

  /** Counts the request until its response closes (sent, or the client went away). */
  requestStarted(req: NodeRequest, res: NodeResponse): void {
    this.inFlight++;
    const http1 = res instanceof http.ServerResponse ? res : undefined;
    if (http1) {
      this.http1Responses.add(http1);
      // While shutting down, an HTTP/1.1 client must not reuse the connection for another request.
      if (this.refusing) http1.setHeader("connection", "close");
    }
    // A pipelined HTTP/1.1 response queued behind one that closes the connection never gets a socket, and
    // never emits "close"; the socket's own close ends it too.
    const socket = http1 ? req.socket : undefined;
    const finished = () => {
      res.off("close", finished);
      socket?.off("close", finished);
      if (http1) this.http1Responses.delete(http1);
      this.inFlight--;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    };
    res.once("close", finished);
    socket?.once("close", finished);
  }

  /** Stops new work on open connections; requests already in flight go on. */
  refuseNewWork(): void {
    this.refusing = true;
    for (const socket of this.undecided) socket.destroy();
    for (const session of this.sessions) session.close(); // GOAWAY: open streams finish, new ones are refused
    for (const res of this.http1Responses) if (!res.headersSent) res.setHeader("connection", "close");
  }

  /** Resolves when no request is in flight. */
  requestsFinished(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  destroyAll(): void {
    for (const session of this.sessions) session.destroy();
    for (const socket of this.sockets) socket.destroy();
  }
}
