// Prometheus metrics of message delivery, registered in the registry the caller passes (or a registry of
// their own), never in prom-client's global one: the app can mount any registry at /metrics, and tests can
// start several workers in one process without name clashes.
import { Counter, Gauge, Registry } from "prom-client";

export type DeliveryOutcome = "sent" | "failed" | "dead" | "cancelled";

export interface NotificationMetrics {
  /** Where the metrics live; serve `await registry.metrics()` with `registry.contentType`. */
  readonly registry: Registry;
  /** One per attempt's outcome: sent, failed (retried later), dead (given up), cancelled (no longer worth sending). */
  countDelivery(channel: string, flow: string, outcome: DeliveryOutcome): void;
  /** Lets the outbox gauge count rows at scrape time (the worker sets it). */
  setOutboxCounter(count: (() => Promise<{ pending: number; dead: number }>) | undefined): void;
}

export function createNotificationMetrics(options: { registry?: Registry } = {}): NotificationMetrics {
  const registry = options.registry ?? new Registry();
  let countOutbox: (() => Promise<{ pending: number; dead: number }>) | undefined;

  const deliveries = new Counter({
    name: "notification_deliveries_total",
    help: "Delivery attempts of verification codes and reset links by outcome (sent, failed and retried, dead, cancelled).",
    labelNames: ["channel", "flow", "outcome"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "notification_outbox_messages",
    help: "Messages in the outbox waiting for delivery (pending) and given up on (dead).",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      if (!countOutbox) return;
      // A scrape while the database is away keeps the last values rather than failing the whole scrape.
      const counts = await countOutbox().catch(() => undefined);
      if (!counts) return;
      this.set({ status: "pending" }, counts.pending);
      this.set({ status: "dead" }, counts.dead);
    },
  });

  return {
    registry,
    countDelivery: (channel, flow, outcome) => deliveries.inc({ channel, flow, outcome }),
    setOutboxCounter: (count) => {
      countOutbox = count;
    },
  };
}
