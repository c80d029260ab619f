// A command fixture (real database, real commands) plus what notification tests start against it: a worker
// with a configuration read by loadConfig from the given keys, a logger whose lines the test can read, and
// metrics in a registry of their own.
import { Writable } from "node:stream";
import pino from "pino";
import { loadConfig } from "../../src/config.js";
import { createNotificationMetrics, type NotificationMetrics } from "../../src/notification/metrics.js";
import { startNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from "../../src/notification/notification-worker.js";
import type { SecretOpener } from "../../src/notification/prepare-message.js";
import type { Database } from "../../src/db/client.js";
import type { CommandFixture } from "../command/command-fixture.js";

export interface StartedWorker extends NotificationWorker {
  /** The log lines written so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Every log line as written, to search for text that must not be there. */
  logText(): string;
  metrics: NotificationMetrics;
}

/** The fixture's sealer is a secret box (createSecretBox), which opens what it sealed. */
export function openerOf(f: CommandFixture): SecretOpener {
  const box = f.deps.sealer as unknown as Partial<SecretOpener>;
  if (typeof box.open !== "function") throw new Error("the fixture's sealer cannot open");
  return box as SecretOpener;
}

export function startWorker(
  f: CommandFixture,
  env: Record<string, string>,
  extra: Partial<NotificationWorkerOptions> & { database?: Database } = {},
): StartedWorker {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: "debug" }, stream);
  const config = loadConfig({ NOTIFY_POLL_MS: "20", PUBLIC_URL: "https://login.example.com", ...env });
  const metrics = createNotificationMetrics();
  const worker = startNotificationWorker({ database: extra.database ?? f.db, config, logger, opener: openerOf(f), metrics, ...extra });
  return {
    ...worker,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join("\n"),
    metrics,
  };
}

/** Polls `read` until `accept` holds (or fails after the timeout). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function metricValue(metrics: NotificationMetrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return match?.value ?? 0;
}
