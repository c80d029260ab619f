// connect-es reports a request body that is not valid protobuf ("parse binary: …", including invalid UTF-8
// in a string field) as Internal, as grpc-go does. It is the caller's bad input, so we answer InvalidArgument
// (HTTP 400) on every protocol. The status is set inside the protocol handlers, so it is corrected on the
// response they produce: Connect's unary error body, gRPC's trailers, gRPC-web's trailer frame.
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";

// Request bodies that cannot be read as the method's message, or as an envelope (a compressed flag without an
// agreed encoding); the messages are connect-es's.
const PARSE_FAILURE = /^(parse binary:|received compressed envelope, but do not know how to decompress)/;
const INTERNAL = "13";
const INVALID_ARGUMENT = "3";

export async function reclassifyMalformedRequest(response: UniversalServerResponse): Promise<UniversalServerResponse> {
  const contentType = response.header?.get("content-type") ?? "";
  if (contentType.startsWith("application/json") && response.status === 500 && response.body) {
    return fixConnectUnary(response, await collect(response.body));
  }
  if (contentType.startsWith("application/grpc-web") && response.body && !(response.body instanceof Uint8Array)) {
    return { ...response, body: mapFrames(response.body, fixGrpcWebTrailerFrame) };
  }
  if (contentType.startsWith("application/grpc") && response.body && !(response.body instanceof Uint8Array) && response.trailer) {
    const trailer = response.trailer;
    return { ...response, body: afterLast(response.body, () => fixGrpcTrailer(trailer)) };
  }
  return response;
}

function fixConnectUnary(response: UniversalServerResponse, body: Uint8Array): UniversalServerResponse {
  let error: { code?: string; message?: string };
  try {
    error = JSON.parse(new TextDecoder().decode(body)) as typeof error;
  } catch {
    return response;
  }
  if (error.code !== "internal" || !PARSE_FAILURE.test(error.message ?? "")) return { ...response, body: once(body) };
  return { ...response, status: 400, body: once(new TextEncoder().encode(JSON.stringify({ ...error, code: "invalid_argument" }))) };
}

async function collect(body: AsyncIterable<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

function fixGrpcTrailer(trailer: Headers): void {
  const message = decodeURIComponent(trailer.get("grpc-message") ?? "");
  if (trailer.get("grpc-status") === INTERNAL && PARSE_FAILURE.test(message)) trailer.set("grpc-status", INVALID_ARGUMENT);
}

/** A gRPC-web trailer frame: flag 0x80, 4-byte length, then HTTP/1-style header lines. */
function fixGrpcWebTrailerFrame(chunk: Uint8Array): Uint8Array {
  if (chunk.length < 5 || (chunk[0]! & 0x80) === 0) return chunk;
  const text = new TextDecoder().decode(chunk.subarray(5));
  const message = decodeURIComponent(/grpc-message: ?([^\r\n]*)/i.exec(text)?.[1] ?? "");
  if (!/grpc-status: ?13\r?\n/i.test(text) || !PARSE_FAILURE.test(message)) return chunk;
  const fixed = new TextEncoder().encode(text.replace(/grpc-status: ?13/i, `grpc-status: ${INVALID_ARGUMENT}`));
  const frame = new Uint8Array(5 + fixed.length);
  frame[0] = chunk[0]!;
  new DataView(frame.buffer).setUint32(1, fixed.length);
  frame.set(fixed, 5);
  return frame;
}

async function* mapFrames(body: AsyncIterable<Uint8Array>, map: (chunk: Uint8Array) => Uint8Array): AsyncIterable<Uint8Array> {
  for await (const chunk of body) yield map(chunk);
}

async function* afterLast(body: AsyncIterable<Uint8Array>, done: () => void): AsyncIterable<Uint8Array> {
  for await (const chunk of body) yield chunk;
  done();
}
