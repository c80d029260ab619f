// One cleartext port for HTTP/1.1 and HTTP/2 with prior knowledge (what gRPC clients speak): read the first
// bytes, put them back, and hand the socket to the server whose protocol they start.
import type { Socket } from "node:net";

export const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

export type Protocol = "http/1.1" | "h2c";

/**
 * Calls `route(socket, protocol)` once enough bytes arrived to tell: the whole HTTP/2 preface, or the first
 * byte that differs from it. A client may send the preface in pieces, so a matching prefix waits for more.
 * Sockets that say too little in `timeoutMs`, or end before saying enough, are destroyed; they hold nothing
 * anyone could answer. At most the preface's 24 bytes are held here.
 */
export function sniffProtocol(socket: Socket, route: (socket: Socket, protocol: Protocol) => void, timeoutMs: number): void {
  let seen: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  const stop = () => {
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("end", onEnd);
    socket.off("close", stop);
  };
  const finish = (protocol: Protocol) => {
    stop();
    // Paused, the bytes put back wait for the new owner. HTTP/2 reads them itself (it drains what the stream
    // buffered into its session); the HTTP/1.1 parser only listens, so the stream must flow again.
    socket.pause();
    socket.unshift(seen);
    route(socket, protocol);
    if (protocol === "http/1.1") socket.resume();
  };
  const onData = (chunk: Buffer) => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, HTTP2_PREFACE.length);
    if (!seen.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared))) return finish("http/1.1");
    if (seen.length >= HTTP2_PREFACE.length) finish("h2c");
  };
  const onEnd = () => {
    stop();
    socket.destroy();
  };
  socket.on("data", onData);
  socket.on("end", onEnd);
  socket.on("close", stop);
}
