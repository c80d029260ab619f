// One cleartext port for HTTP/1.1 and HTTP/2 with prior knowledge (what gRPC clients speak): read the first
// bytes, put them back, and hand the socket to the server whose protocol they start.
import type { Socket } from "node:net";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** Calls `route(socket, isHttp2)` once enough bytes arrived to tell; destroys sockets that say nothing in time. */
export function sniffProtocol(socket: Socket, route: (socket: Socket, isHttp2: boolean) => void, timeoutMs = 10_000): void {
  let seen = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  const finish = (isHttp2: boolean) => {
    clearTimeout(timer);
    socket.off("data", onData);
    // Paused, the bytes put back wait for the new owner. HTTP/2 reads them itself (it drains what the stream
    // buffered into its session); the HTTP/1.1 parser only listens, so the stream must flow again.
    socket.pause();
    socket.unshift(seen);
    route(socket, isHttp2);
    if (!isHttp2) socket.resume();
  };
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE.length);
    if (!seen.subarray(0, n).equals(PREFACE.subarray(0, n))) return finish(false);
    if (seen.length >= PREFACE.length) finish(true);
  };
  socket.on("data", onData);
  socket.on("error", () => clearTimeout(timer));
  socket.on("close", () => clearTimeout(timer));
}
