// What the service knows about one request while answering it: its id, protocol, method and (once known) status
// code, a logger carrying the id, and the trace span when tracing is on. It travels to interceptors as a Connect
// context value, so every log line about the request — the error interceptor's too — names the request.
import { createContextKey, type ContextValues } from "@connectrpc/connect";
import type { Span } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { MethodLabels, ProtocolIndex } from "./rpc-labels.js";

export class RequestObservation {
  /** The status code once an interceptor or the protocol's answer told it. */
  code: number | undefined;
  /** gRPC answers carry the status in trailers, complete only when the body is sent. */
  grpcTrailer: Headers | undefined;
  span: Span | undefined;
  /** The reference of its in-process call when it is a REST request (request-observer.ts). */
  restRef: string | undefined;
  private child: Logger | undefined;

  constructor(
    readonly id: string,
    readonly protocol: ProtocolIndex,
    public method: MethodLabels,
    private readonly base: Logger,
  ) {}

  /** A child logger with `reqId`, created only when something logs about the request. */
  get logger(): Logger {
    return (this.child ??= this.base.child({ reqId: this.id }));
  }
}

export const observationKey = createContextKey<RequestObservation | undefined>(undefined, { description: "request observation" });

/** The request's logger (with its id) inside an RPC, or `fallback` outside one (tests, the in-process REST hop). */
export function requestLogger(values: ContextValues, fallback: Logger): Logger {
  return values.get(observationKey)?.logger ?? fallback;
}
