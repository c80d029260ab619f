// Deadlines. connect-node turns the client's `grpc-timeout` (gRPC, gRPC-web) or `connect-timeout-ms` (Connect)
// into the handler context's abort signal, but it still waits for the handler before answering. So:
// - `capDeadline` gives calls without a deadline the server's (REQUEST_TIMEOUT_MS) and shortens longer ones,
//   by rewriting the header before connect-node reads it (the REST gateway caps its own in-process calls);
// - `deadlineInterceptor` answers DeadlineExceeded (or Canceled) the moment the signal fires;
// - commands check the same signal right before they push (src/command/user/expected-sequence.ts), so a call
//   whose deadline passed while it waited for the user's lock or for a password hash writes nothing.
// A deadline that passes while the push is on its way to the database cannot stop it: the caller gets
// DeadlineExceeded and the change may still have landed, as with any gRPC deadline; reading the user again
// (or If-Match on a retry) tells which.
import { ConnectError, type Interceptor } from "@connectrpc/connect";

const GRPC_TIMEOUT = /^(\d{1,8})([HMSmun])$/;
const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };

/** Sets the server's deadline on a call's headers when the client sent none or a longer one. */
export function capDeadline(header: Headers, maxMs: number): void {
  const grpc = header.get("grpc-timeout");
  const connect = header.get("connect-timeout-ms");
  if (grpc === null && connect === null) {
    // The protocol is decided later; each reads only its own header.
    header.set("grpc-timeout", `${maxMs}m`);
    header.set("connect-timeout-ms", String(maxMs));
    return;
  }
  // Malformed values are left for connect-node to refuse with InvalidArgument.
  const parsed = grpc === null ? null : GRPC_TIMEOUT.exec(grpc);
  if (parsed && Number(parsed[1]) * UNIT_MS[parsed[2]!]! > maxMs) header.set("grpc-timeout", `${maxMs}m`);
  if (connect !== null && /^\d{1,10}$/.test(connect) && Number(connect) > maxMs) header.set("connect-timeout-ms", String(maxMs));
}

/** Answers as soon as the call's signal fires (deadline or client gone) instead of when the handler returns. */
export const deadlineInterceptor: Interceptor = (next) => (request) => {
  const { signal } = request;
  if (signal.aborted) return Promise.reject(ConnectError.from(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(ConnectError.from(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    next(request).then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
};
