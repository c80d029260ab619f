// The outbox worker inside the server process: claims due messages, delivers them through the configured
// channels, and records each outcome. It polls every NOTIFY_POLL_MS and is woken at once when a command on
// this server queued a message; a full batch means more may be due, so it claims again without waiting.
// Any number of servers can run one on the same database (see outbox-store.ts for why none sends a message
// another is sending).
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { createChannels } from "./channels/create-channels.js";
import { deliverMessage, type DeliveryDeps } from "./deliver-message.js";
import type { NotificationMetrics } from "./metrics.js";
import { createOutboxStore } from "./outbox-store.js";
import type { RecipientRow, SecretOpener } from "./prepare-message.js";

export interface NotificationWorkerOptions {
  /** The app's database (src/db/client.ts); only its Prisma client is used. */
  database: { prisma: PrismaClient };
  config: Pick<Config, "notification" | "publicUrl">;
  logger: Logger;
  /** Opens codes sealed by the commands' sealer (the same master key). */
  opener: SecretOpener;
  metrics?: NotificationMetrics;
  /** Messages claimed and sent at once. Default 20. */
  batchSize?: number;
  /** How long a claim keeps other servers off a message; a send is cut off at half of it. Default 120000. */
  leaseMs?: number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface NotificationWorker {
  /** Waits for the messages being sent to be recorded, then stops polling. */
  stop(): Promise<void>;
  /** Look for due messages now (a command just queued one). */
  wake(): void;
}

export function startNotificationWorker(options: NotificationWorkerOptions): NotificationWorker {
  const { config, logger, metrics } = options;
  const settings = config.notification;
  const prisma = options.database.prisma;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 120_000;
  const channels = createChannels(settings, logger);
  const store = createOutboxStore(prisma);
  metrics?.setOutboxCounter(() => store.countWaitingAndDead());

  const deps: DeliveryDeps = {
    store,
    channels,
    prepare: {
      loadRecipient: (userId) => loadRecipient(prisma, userId),
      opener: options.opener,
      publicUrl: config.publicUrl,
      now: () => new Date(),
    },
    logger,
    metrics,
    maxAttempts: settings.maxAttempts,
    backoff: { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs },
    random: options.random ?? Math.random,
    sendDeadlineMs: Math.floor(leaseMs / 2),
  };

  let stopped = false;
  let woken = false;
  let wakeSleeper: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wakeSleeper = undefined;
        resolve();
      }
      wakeSleeper = done;
    });

  const loop = (async () => {
    while (!stopped) {
      woken = false;
      let more = false;
      let failed = false;
      try {
        const batch = await store.claim(batchSize, leaseMs);
        more = batch.length === batchSize;
        await Promise.all(
          batch.map((message) =>
            deliverMessage(message, deps).catch((error: unknown) => {
              // Recording failed (database away): the claim's lease runs out and the message is tried again.
              logger.error({ messageId: message.id.toString(), error: (error as Error).message }, "notification outcome not recorded");
            }),
          ),
        );
      } catch (error) {
        failed = true;
        logger.warn({ error: (error as Error).message }, "outbox poll failed; trying again later");
      }
      if (stopped) break;
      if (!failed && (more || woken)) continue;
      await sleep(settings.pollMs);
    }
  })();

  return {
    wake() {
      if (stopped) return;
      woken = true;
      wakeSleeper?.();
    },
    async stop() {
      stopped = true;
      wakeSleeper?.();
      await loop;
      channels.email.close();
      channels.sms.close();
      metrics?.setOutboxCounter(undefined);
    },
  };
}

async function loadRecipient(prisma: PrismaClient, userId: string): Promise<RecipientRow | undefined> {
  const row = await prisma.user.findUnique({
    where: { id: userId },
    select: { state: true, username: true, displayName: true, givenName: true, familyName: true, preferredLanguage: true, resourceOwner: true, codes: true },
  });
  return row ?? undefined;
}
