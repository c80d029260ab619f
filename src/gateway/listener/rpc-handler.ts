// Serves the Connect router (gRPC, gRPC-web, Connect) on Node's http/http2 requests, as connectNodeAdapter
// does, with malformed request bodies answered as the client errors they are (malformed-request.ts).
import { Code, ConnectError, createConnectRouter, createContextValues, type ConnectRouter, type ConnectRouterOptions, type ContextValues } from "@connectrpc/connect";
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";
import type http from "node:http";
import type http2 from "node:http2";
import type { Logger } from "pino";
import { clientAddressKey } from "../rate-limit.js";
import { capDeadline } from "../request-deadline.js";
import { reclassifyMalformedRequest } from "./malformed-request.js";
import { resetWhenStalled } from "./stream-stall.js";

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

export interface RpcHandlerOptions extends ConnectRouterOptions {
  routes: (router: ConnectRouter) => void;
  /** Requests for no RPC path (REST, 404). */
  fallback: (req: Req, res: Res) => void;
  logger: Pick<Logger, "error" | "warn">;
  /** Context values of a network RPC (the request's observation: id, logger, metrics). */
  contextValues?: (req: Req) => ContextValues | undefined;
  /** Sees each answer before it is written (the observer learns the status of answers no interceptor saw). */
  inspectResponse?: (req: Req, response: UniversalServerResponse) => UniversalServerResponse;
  /** The deadline of calls whose client sets none, and the cap on longer ones (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /**
   * Request paths of server streams meant to stay open (the change feed): no server deadline, only the client's
   * own, if it sets one.
   */
  longLivedStreams?: ReadonlySet<string>;
  /** A server stream whose client takes no data for this long is reset (STREAM_WRITE_TIMEOUT_MS). */
  streamWriteTimeoutMs?: number;
}

export function createRpcHandler(options: RpcHandlerOptions): (req: Req, res: Res) => void {
  const router = createConnectRouter({ acceptCompression: [compressionGzip, compressionBrotli], ...options });
  options.routes(router);
  const paths = new Map<string, UniversalHandler>(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = paths.get((req.url ?? "").split("?", 1)[0]!);
    if (!handler) return options.fallback(req, res);
    const contextValues = options.contextValues?.(req) ?? createContextValues();
    contextValues.set(clientAddressKey, req.socket?.remoteAddress);
    const request = universalRequestFromNodeRequest(req as http.IncomingMessage, res as http.ServerResponse, undefined, contextValues);
    const streaming = handler.method.methodKind === "server_streaming";
    if (options.requestTimeoutMs !== undefined && !options.longLivedStreams?.has(handler.requestPath)) capDeadline(request.header, options.requestTimeoutMs);
    handler(request)
      .then(reclassifyMalformedRequest)
      .then((response) => (options.inspectResponse ? options.inspectResponse(req, response) : response))
      .then((response) => (streaming && options.streamWriteTimeoutMs !== undefined ? resetWhenStalled(response, res, options.streamWriteTimeoutMs, options.logger) : response))
      .then((response) => universalResponseToNodeResponse(response, res as http.ServerResponse))
      .catch((reason: unknown) => {
        if (ConnectError.from(reason).code === Code.Aborted) return;
        options.logger.error({ err: reason, rpc: handler.method.name }, "RPC handler failed");
      });
  };
}
