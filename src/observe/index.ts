// The service's observability, built once per app: the Prometheus registry served at /metrics (process, RPCs,
// database connections; other parts add theirs), the request observer (ids, access log, RPC metrics, spans)
// and, when configured, OpenTelemetry tracing with the database traced as well.
import type { DescService } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { registerDatabaseMetrics } from "./database-metrics.js";
import { createRequestObserver, type RequestObserver } from "./request-observer.js";
import { startTracing } from "./tracing.js";

export { requestLogger } from "./request-observation.js";

export interface Observability {
  registry: Registry;
  observer: RequestObserver;
  /** The database to use: the same one, its statements traced when tracing is on. */
  database: Database;
  /** Flushes and stops tracing. */
  close(): Promise<void>;
}

export interface ObservabilityOptions {
  config: Pick<Config, "tracing">;
  logger: Logger;
  database: Database;
  services: readonly DescService[];
}

export async function startObservability(options: ObservabilityOptions): Promise<Observability> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerDatabaseMetrics(registry, options.database);
  const tracing = options.config.tracing ? await startTracing(options.config.tracing) : undefined;
  return {
    registry,
    observer: createRequestObserver({ services: options.services, registry, logger: options.logger, tracing }),
    database: tracing ? tracing.traceDatabase(options.database) : options.database,
    close: async () => tracing?.shutdown(),
  };
}
