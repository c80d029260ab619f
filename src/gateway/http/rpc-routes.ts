// The RPC routes as both adapters serve them: connect-express on HTTP/1.1 and connect-node on HTTP/2 each build
// their own router from `routes`, and neither has a hook on the way in or out of a call. So the universal
// handlers that `routes` registers are wrapped in place, once per adapter:
// - in: the server's deadline on calls without one, and the cap on longer ones (request-deadline.ts), except
//   for the server streams meant to stay open (the change feed), which keep only the client's own deadline;
// - out: a request body that is no valid message answered InvalidArgument, not Internal (malformed-request.ts),
//   the observer told the status of answers given before any interceptor ran, and a server stream whose client
//   takes no data reset after STREAM_WRITE_TIMEOUT_MS (stream-stall.ts).
import type { ConnectRouter, ContextValues } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import { capDeadline } from "../request-deadline.js";
import { reclassifyMalformedRequest } from "./malformed-request.js";
import { resetWhenStalled, streamResetKey } from "./stream-stall.js";

export interface RpcRoutesOptions {
  routes: (router: ConnectRouter) => void;
  /** The deadline of calls whose client sets none, and the cap on longer ones (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Request paths of server streams meant to stay open (the change feed): no server deadline. */
  longLivedStreams?: ReadonlySet<string>;
  /** A server stream whose client takes no data for this long is reset (STREAM_WRITE_TIMEOUT_MS). */
  streamWriteTimeoutMs?: number;
  /** Sees each answer before it is written (the request observer). */
  inspectResponse?: (values: ContextValues | undefined, response: UniversalServerResponse) => UniversalServerResponse;
  /** Told of streams reset for a stalled client. */
  logger?: Pick<Logger, "warn">;
}

export function servedRpcRoutes(options: RpcRoutesOptions): (router: ConnectRouter) => void {
  const { requestTimeoutMs, inspectResponse, streamWriteTimeoutMs, logger = console } = options;
  const wrap = (handler: UniversalHandler): UniversalHandler => {
    const deadlineCap = options.longLivedStreams?.has(handler.requestPath) ? undefined : requestTimeoutMs;
    const stallMs = handler.method.methodKind === "server_streaming" ? streamWriteTimeoutMs : undefined;
    return Object.assign(async (request: Parameters<UniversalHandler>[0]) => {
      if (deadlineCap !== undefined) capDeadline(request.header, deadlineCap);
      let response = await reclassifyMalformedRequest(await handler(request));
      if (inspectResponse) response = inspectResponse(request.contextValues, response);
      const reset = request.contextValues?.get(streamResetKey);
      return stallMs !== undefined && reset ? resetWhenStalled(response, reset, stallMs, logger) : response;
    }, handler);
  };
  return (router) => {
    options.routes(router);
    router.handlers.forEach((handler, index) => (router.handlers[index] = wrap(handler)));
  };
}
