// Gauges of the database connections, read at scrape time (nothing is counted on the hot path): PostgreSQL's
// pool size, open, idle and waiting; for PGlite, its one connection (open or closed) — it does not expose its
// internal queue, so idle and waiting are left out rather than reported as a made-up zero.
import { Gauge, type Registry } from "prom-client";
import type { Database } from "../db/client.js";

export function registerDatabaseMetrics(registry: Registry, database: Pick<Database, "kind" | "connections">): void {
  const labels = { database: database.kind };
  new Gauge({
    name: "db_pool_connections_max",
    help: "Connections the database pool may open (PGlite: its one in-process connection).",
    labelNames: ["database"] as const,
    registers: [registry],
    collect() {
      this.set(labels, database.connections().max);
    },
  });
  new Gauge({
    name: "db_pool_connections",
    help: "Open database connections: total (busy and idle) and idle; PGlite reports total only.",
    labelNames: ["database", "state"] as const,
    registers: [registry],
    collect() {
      const stats = database.connections();
      this.set({ ...labels, state: "total" }, stats.total);
      if (stats.idle !== undefined) this.set({ ...labels, state: "idle" }, stats.idle);
    },
  });
  if (database.kind === "postgres") {
    new Gauge({
      name: "db_pool_waiting_queries",
      help: "Queries waiting for a free PostgreSQL connection.",
      labelNames: ["database"] as const,
      registers: [registry],
      collect() {
        this.set(labels, database.connections().waiting ?? 0);
      },
    });
  }
}
