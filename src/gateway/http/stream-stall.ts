// A server stream whose client stops reading: connect-node writes the next message only once the last one was
// taken (it waits for the socket's drain; connect-express uses the same writer), so such a stream costs the
// server no growing memory, but it would hold its connection and its place forever. After `timeoutMs` without
// the client taking a message, the stream is reset (HTTP/2 RST_STREAM CANCEL, or the HTTP/1.1 connection
// closed): no status can reach a client that reads nothing, and RST frames are not held back by flow control.
// The client resumes from the position of the last message it did read (the change feed puts one in every
// message).
//
// The RPC routes see the universal request only, so the edge puts how to reset the call's HTTP stream into its
// context values (streamResetKey), for both adapters.
import http2 from "node:http2";
import { createContextKey } from "@connectrpc/connect";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import type { NodeRequest } from "../listener/http-types.js";

export type StreamReset = () => void;

export const streamResetKey = createContextKey<StreamReset | undefined>(undefined, { description: "reset the call's HTTP stream" });

/** Resets the HTTP/2 stream of `req`, or closes its HTTP/1.1 connection (the only way to end a response there). */
export function streamResetOf(req: NodeRequest): StreamReset {
  return () => (req instanceof http2.Http2ServerRequest ? req.stream.close(http2.constants.NGHTTP2_CANCEL) : req.socket.destroy());
}

export function resetWhenStalled(response: UniversalServerResponse, reset: StreamReset, timeoutMs: number, logger: Pick<Logger, "warn">): UniversalServerResponse {
  if (!response.body) return response;
  return { ...response, body: watch(response.body, reset, timeoutMs, logger) };
}

async function* watch(body: AsyncIterable<Uint8Array>, reset: StreamReset, timeoutMs: number, logger: Pick<Logger, "warn">): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    // The writer asks for the next chunk only after this one was written (or buffered below the high-water mark).
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, "stream reset: the client took no data in time");
      reset();
    }, timeoutMs);
    try {
      yield chunk;
    } finally {
      clearTimeout(timer);
    }
  }
}
