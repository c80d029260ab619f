// Observes every request at the edge of the one port: gives it a request id (echoed as `x-request-id` on all
// four protocols), counts and times it in Prometheus by service, method, protocol and status code, writes one
// access log line, and — when tracing is on — wraps it in a server span.
//
// The status code comes from the outermost interceptor when the call reached the RPC layer (exact on every
// protocol); otherwise (a malformed body, an unknown path, a REST body that is not JSON) from what the protocol
// answered: gRPC's grpc-status, gRPC-web's trailer frame, or the HTTP status.
//
// A SCIM request is counted as "rest" too, under service "scim" and its operation (`Users.PATCH`), which the SCIM
// router names (namedRoute).
//
// A REST request is counted once, as "rest": its in-process call through the router transport carries an
// internal reference header (set by the gateway, never taken from the client) that leads the interceptor back to
// the REST request's observation instead of starting a second one.
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type ContextValues, type Interceptor } from "@connectrpc/connect";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { NodeHandler, NodeRequest, NodeResponse } from "../gateway/listener/http-types.js";
import { acceptRequestId, REQUEST_ID_HEADER } from "./request-id.js";
import { observationKey, RequestObservation } from "./request-observation.js";
import { createRpcMetrics } from "./rpc-metrics.js";
import { CONNECT, GRPC, GRPC_WEB, MethodTable, PROTOCOLS, protocolOf, REST } from "./rpc-labels.js";
import { statusFromGrpcWebTrailer, codeFromHttpStatus, CODE_NAMES } from "./status-codes.js";
import type { Tracing } from "./tracing.js";

/** Set only by the REST gateway on its in-process call; clients cannot send it through the gateway. */
export const REST_REF_HEADER = "x-internal-rest-ref";

/** Paths that are no RPC: served, given a request id, not counted. */
const NOT_RPC = new Set(["/healthz", "/readyz", "/metrics"]);
const RPC_PATH = /^\/[A-Za-z_][\w.]*\/[A-Za-z_]\w*$/;
const observed = Symbol("request observation");
type ObservedRequest = NodeRequest & { [observed]?: RequestObservation };

export interface RequestObserverOptions {
  services: readonly DescService[];
  registry: Registry;
  logger: Logger;
  tracing?: Tracing;
}

export interface RequestObserver {
  /** Wraps the node handler: id, metrics, access log, span. */
  wrap(handler: NodeHandler): NodeHandler;
  /** Outermost interceptor: records the exact status code, hands the observation to the other interceptors. */
  interceptor: Interceptor;
  /** For the RPC handler: context values of a network RPC. */
  contextValues(req: NodeRequest): ContextValues | undefined;
  /** For the RPC routes (the call's context values): learns the status of answers given before the interceptors ran. */
  inspectResponse(values: ContextValues | undefined, response: UniversalServerResponse): UniversalServerResponse;
  /** For the REST gateway: the method a REST request was routed to; returns headers for its in-process call. */
  restRoute(req: NodeRequest, method: DescMethod): [string, string][];
  /** For routes that are no RPC (SCIM): the operation a request is, from a fixed set of names. */
  namedRoute(req: NodeRequest, service: string, operation: string): void;
}

export function createRequestObserver(options: RequestObserverOptions): RequestObserver {
  const { logger, tracing } = options;
  const table = new MethodTable(options.services);
  const metrics = createRpcMetrics(options.registry);
  const restCalls = new Map<string, RequestObservation>();
  let restSeq = 0;

  const finish = (obs: RequestObservation, req: NodeRequest, res: NodeResponse, path: string, start: number, counted: boolean) => {
    const seconds = (performance.now() - start) / 1000;
    const code = obs.code ?? codeOfAnswer(obs, res);
    if (obs.restRef !== undefined) restCalls.delete(obs.restRef);
    if (counted) metrics.record(obs.method, obs.protocol, code, seconds);
    // Health probes and scrapes come every few seconds: their lines are debug, the RPCs' info.
    const level = counted ? "info" : "debug";
    if (logger.isLevelEnabled(level)) {
      // Never headers, bodies or query strings: the Authorization header and passwords must not reach the log.
      logger[level](
        {
          reqId: obs.id,
          protocol: PROTOCOLS[obs.protocol],
          httpMethod: req.method,
          path: counted && obs.method !== table.unknown ? undefined : path,
          service: obs.method.service,
          method: obs.method.method,
          code: CODE_NAMES[code],
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
        },
        "request",
      );
    }
    if (obs.span) {
      tracing!.endServerSpan(
        obs.span,
        {
          "rpc.system": obs.protocol === CONNECT ? "connect_rpc" : "grpc",
          "rpc.service": obs.method.service,
          "rpc.method": obs.method.method,
          "rpc.grpc.status_code": code,
          "rpc.protocol": PROTOCOLS[obs.protocol],
          "http.response.status_code": res.statusCode,
          "request.id": obs.id,
        },
        isServerFault(code),
      );
    }
  };

  return {
    wrap(handler) {
      return (req, res) => {
        const start = performance.now();
        const id = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
        const path = (req.url ?? "").split("?", 1)[0]!;
        const known = table.ofPath(path);
        const protocol = protocolOf(req.headers["content-type"], known !== undefined || RPC_PATH.test(path));
        const obs = new RequestObservation(id, protocol, known ?? table.unknown, logger);
        (req as ObservedRequest)[observed] = obs;
        res.setHeader(REQUEST_ID_HEADER, id);
        const counted = req.method !== "OPTIONS" && !NOT_RPC.has(path);
        res.once("close", () => finish(obs, req, res, path, start, counted));
        if (tracing && counted) {
          const traced = tracing.startServerSpan(req, known ? `${known.service}/${known.method}` : `${req.method} ${protocol === REST ? "rest" : "rpc"}`);
          obs.span = traced.span;
          traced.run(() => handler(req, res));
        } else {
          handler(req, res);
        }
      };
    },

    interceptor: (next) => async (request) => {
      let obs = request.contextValues.get(observationKey);
      if (!obs) {
        const ref = request.header.get(REST_REF_HEADER);
        obs = ref === null ? undefined : restCalls.get(ref);
        if (!obs) return next(request);
        request.contextValues.set(observationKey, obs);
      }
      try {
        const response = await next(request);
        // A server stream's outcome is known only when its last message went out or it failed.
        if (response.stream) return { ...response, message: observingOutcome(response.message, obs) };
        obs.code = 0;
        return response;
      } catch (error) {
        obs.code = ConnectError.from(error).code;
        throw error;
      }
    },

    contextValues(req) {
      const obs = (req as ObservedRequest)[observed];
      return obs && createContextValues().set(observationKey, obs);
    },

    inspectResponse(values, response) {
      const obs = values?.get(observationKey);
      if (!obs || obs.code !== undefined) return response;
      const headerStatus = response.header?.get("grpc-status");
      if (headerStatus != null) {
        obs.code = Number(headerStatus); // trailers-only answer
      } else if (obs.protocol === GRPC) {
        obs.grpcTrailer = response.trailer;
      } else if (obs.protocol === GRPC_WEB && response.body) {
        return { ...response, body: watchTrailerFrame(response.body, obs) };
      }
      return response;
    },

    restRoute(req, method) {
      const obs = (req as ObservedRequest)[observed];
      if (!obs) return [];
      obs.method = table.ofMethod(method);
      obs.span?.updateName(`${obs.method.service}/${obs.method.method}`);
      const ref = String(++restSeq);
      restCalls.set(ref, obs);
      obs.restRef = ref;
      return [[REST_REF_HEADER, ref]];
    },

    namedRoute(req, service, operation) {
      const obs = (req as ObservedRequest)[observed];
      if (!obs) return;
      obs.method = table.named(service, operation);
      obs.span?.updateName(`${service}/${operation}`);
    },
  };
}

function codeOfAnswer(obs: RequestObservation, res: NodeResponse): number {
  if (!res.writableFinished) return Code.Canceled; // the client went away first
  const trailerStatus = obs.grpcTrailer?.get("grpc-status");
  if (trailerStatus != null) return Number(trailerStatus);
  // An RPC path that is not served is Unimplemented to RPC clients; for REST a 404 is NotFound.
  if (res.statusCode === 404 && obs.protocol !== REST) return Code.Unimplemented;
  return codeFromHttpStatus(res.statusCode);
}

/** Server faults, as OpenTelemetry's RPC conventions count them; refusals of the caller's request are not. */
function isServerFault(code: number): boolean {
  return code === Code.Unknown || code === Code.DeadlineExceeded || code === Code.Unimplemented || code === Code.Internal || code === Code.Unavailable || code === Code.DataLoss;
}

async function* watchTrailerFrame(body: AsyncIterable<Uint8Array>, obs: RequestObservation): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    const status = statusFromGrpcWebTrailer(chunk);
    if (status !== undefined) obs.code = status;
    yield chunk;
  }
}

/** Records how a server stream ended; one the client left (never finished, never failed) is Canceled at the end. */
async function* observingOutcome<T>(messages: AsyncIterable<T>, obs: RequestObservation): AsyncIterable<T> {
  try {
    yield* messages;
    obs.code = 0;
  } catch (error) {
    obs.code = ConnectError.from(error).code;
    throw error;
  }
}
