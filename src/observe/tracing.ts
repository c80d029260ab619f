// OpenTelemetry tracing, on only when configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER=otlp):
// a server span per request, continued from an incoming W3C `traceparent`, and a child span per database
// statement on the hot path. Spans go to an OTLP/HTTP collector as JSON. Off, nothing here is loaded: the SDK
// and exporter are imported on demand, so the default process pays neither their start-up nor their context
// tracking.
import type { Context, Span, Tracer } from "@opentelemetry/api";
import type { Database, QueryFunction } from "../db/client.js";
import type { NodeRequest } from "../gateway/listener/http-types.js";
import type { TracingConfig } from "../tracing-config.js";

export interface Tracing {
  /** Starts the request's server span, its parent taken from `traceparent`; `run` executes in its context. */
  startServerSpan(req: NodeRequest, name: string): { span: Span; run<T>(fn: () => T): T };
  /** Ends a server span with its RPC attributes; `failed` marks it as an error (a server fault, not a refusal). */
  endServerSpan(span: Span, attributes: Record<string, string | number>, failed: boolean): void;
  /** The same database with each `query` traced as a child of the current span. */
  traceDatabase(database: Database): Database;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(config: TracingConfig): Promise<Tracing> {
  const api = await import("@opentelemetry/api");
  const [{ AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/core"),
      import("@opentelemetry/sdk-trace-base"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
    ]);
  // Child spans find their parent through the active context, which needs a context manager; the first one set
  // in the process stays (several apps in one test process share it).
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  const tracer: Tracer = provider.getTracer("user-service");
  const propagator = new W3CTraceContextPropagator();

  return {
    startServerSpan(req, name) {
      const parent: Context = propagator.extract(api.ROOT_CONTEXT, req.headers, api.defaultTextMapGetter);
      const span = tracer.startSpan(name, { kind: api.SpanKind.SERVER }, parent);
      const active = api.trace.setSpan(parent, span);
      return { span, run: (fn) => api.context.with(active, fn) };
    },
    endServerSpan(span, attributes, failed) {
      span.setAttributes(attributes);
      if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    },
    traceDatabase(database) {
      const system = database.kind === "postgres" ? "postgresql" : "pglite";
      const traced = <T>(spanName: string, run: () => Promise<T>): Promise<T> =>
        tracer.startActiveSpan(spanName, { kind: api.SpanKind.CLIENT, attributes: { "db.system": system } }, async (span) => {
          try {
            return await run();
          } catch (error) {
            span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            throw error;
          } finally {
            span.end();
          }
        });
      const tracedQuery = (query: QueryFunction): QueryFunction => (text, params, name) => traced(`db ${name ?? "query"}`, () => query(text, params, name));
      return {
        ...database,
        query: tracedQuery(database.query),
        // One span for the transaction, a child span per statement in it.
        transaction: (work) => traced("db transaction", () => database.transaction((query) => work(tracedQuery(query)))),
      };
    },
    shutdown: () => provider.shutdown(),
  };
}
