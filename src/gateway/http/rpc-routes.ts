// The RPC routes as both adapters serve them: connect-express on HTTP/1.1 and connect-node on HTTP/2 each build
// their own router from `routes`, and neither has a hook on the way in or out of a call. So the universal
// handlers that `routes` registers are wrapped in place, once per adapter:
// - in: the server's deadline on calls without one, and the cap on longer ones (request-deadline.ts);
// - out: a request body that is no valid message answered InvalidArgument, not Internal (malformed-request.ts),
//   and the observer told the status of answers given before any interceptor ran.
import type { ConnectRouter, ContextValues } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";
import { capDeadline } from "../request-deadline.js";
import { reclassifyMalformedRequest } from "./malformed-request.js";

export interface RpcRoutesOptions {
  routes: (router: ConnectRouter) => void;
  /** The deadline of calls whose client sets none, and the cap on longer ones (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Sees each answer before it is written (the request observer). */
  inspectResponse?: (values: ContextValues | undefined, response: UniversalServerResponse) => UniversalServerResponse;
}

export function servedRpcRoutes(options: RpcRoutesOptions): (router: ConnectRouter) => void {
  const { requestTimeoutMs, inspectResponse } = options;
  const wrap = (handler: UniversalHandler): UniversalHandler =>
    Object.assign(async (request: Parameters<UniversalHandler>[0]) => {
      if (requestTimeoutMs !== undefined) capDeadline(request.header, requestTimeoutMs);
      const response = await reclassifyMalformedRequest(await handler(request));
      return inspectResponse ? inspectResponse(request.contextValues, response) : response;
    }, handler);
  return (router) => {
    options.routes(router);
    router.handlers.forEach((handler, index) => (router.handlers[index] = wrap(handler)));
  };
}
