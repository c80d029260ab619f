import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";

// The body exceeded the limit. Code ResourceExhausted, as the Connect and gRPC protocols on the same port answer
// an oversized message, but sent with HTTP 413 rather than the 429 that code maps to: the client must shrink the
// request, not retry it later. Marked in a WeakSet because ConnectError's instanceof accepts any ConnectError,
// so a subclass could not be told apart.
const tooLarge = new WeakSet<ConnectError>();

function bodyTooLarge(limit: number): ConnectError {
  const error = new ConnectError(`request body exceeds ${limit} bytes`, Code.ResourceExhausted);
  tooLarge.add(error);
  return error;
}

export function isBodyTooLarge(error: ConnectError): boolean {
  return tooLarge.has(error);
}

/** Reads the whole request body as UTF-8, refusing more than `maxBytes`. */
export function readBody(req: IncomingMessage | Http2ServerRequest, maxBytes: number): Promise<string> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  if (req.readableEnded) {
    return Promise.resolve("");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      resolve(body.toString("utf8"));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new ConnectError("request body could not be read", Code.Canceled, undefined, undefined, error));
    };
    const onClose = (): void => {
      // "close" before "end": the client went away mid-body.
      cleanup();
      reject(new ConnectError("client closed the request", Code.Canceled));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
