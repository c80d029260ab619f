// A server stream whose client stops reading: connect-node writes the next message only once the last one was
// taken (it waits for the socket's drain), so such a stream costs the server no growing memory, but it would
// hold its connection and its place forever. After `timeoutMs` without the client taking a message, the stream
// is reset (HTTP/2 RST_STREAM CANCEL, or the HTTP/1.1 connection closed): no status can reach a client that reads
// nothing, and RST frames are not held back by flow control. The client resumes from the position of the last
// message it did read (the change feed puts one in every message).
import http2 from "node:http2";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import type http from "node:http";
import type { Logger } from "pino";

type Res = http.ServerResponse | http2.Http2ServerResponse;

export function resetWhenStalled(response: UniversalServerResponse, res: Res, timeoutMs: number, logger: Pick<Logger, "warn">): UniversalServerResponse {
  if (!response.body) return response;
  return { ...response, body: watch(response.body, res, timeoutMs, logger) };
}

async function* watch(body: AsyncIterable<Uint8Array>, res: Res, timeoutMs: number, logger: Pick<Logger, "warn">): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    // The writer asks for the next chunk only after this one was written (or buffered below the high-water mark).
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, "stream reset: the client took no data in time");
      if ("stream" in res) res.stream.close(http2.constants.NGHTTP2_CANCEL);
      else res.destroy();
    }, timeoutMs);
    try {
      yield chunk;
    } finally {
      clearTimeout(timer);
    }
  }
}
