// Status codes of answers the RPC layer did not give (request-observer.ts): from the HTTP status, as
// grpc-gateway's mapping read backwards (render-error.ts), or from a gRPC-web trailer frame.
import { Code } from "@connectrpc/connect";

/** gRPC's names of the status codes ("OK", "NotFound", …), indexed by code: the metrics' and logs' label values. */
export const CODE_NAMES: readonly string[] = Array.from({ length: 17 }, (_, code) => (code === 0 ? "OK" : Code[code as Code]));

const FROM_HTTP: Record<number, Code | 0> = {
  200: 0,
  201: 0,
  204: 0,
  400: Code.InvalidArgument,
  401: Code.Unauthenticated,
  403: Code.PermissionDenied,
  404: Code.NotFound,
  405: Code.Unimplemented,
  408: Code.DeadlineExceeded,
  409: Code.AlreadyExists,
  412: Code.FailedPrecondition,
  413: Code.ResourceExhausted,
  415: Code.InvalidArgument,
  429: Code.ResourceExhausted,
  499: Code.Canceled,
  500: Code.Internal,
  501: Code.Unimplemented,
  503: Code.Unavailable,
  504: Code.DeadlineExceeded,
};

export function codeFromHttpStatus(status: number): number {
  return FROM_HTTP[status] ?? Code.Unknown;
}

/** The grpc-status of a gRPC-web trailer frame (flag 0x80, length, header lines), or undefined for other chunks. */
export function statusFromGrpcWebTrailer(chunk: Uint8Array): number | undefined {
  if (chunk.length < 5 || (chunk[0]! & 0x80) === 0) return undefined;
  const match = /grpc-status: ?(\d+)/i.exec(Buffer.from(chunk.buffer, chunk.byteOffset + 5, chunk.length - 5).toString("latin1"));
  return match ? Number(match[1]) : undefined;
}
