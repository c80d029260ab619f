// One claimed message from start to recorded outcome: prepare, send, then mark it sent, retry it later
// with backoff, give up on it (dead) after the last allowed attempt, or cancel it when it is no longer
// worth sending. Log lines name the message, never its code, link or text.
import type { Logger } from "pino";
import { retryDelayMs, type BackoffPolicy } from "./backoff.js";
import type { Channels } from "./channels/create-channels.js";
import type { NotificationMetrics } from "./metrics.js";
import type { ClaimedMessage, OutboxStore } from "./outbox-store.js";
import { PermanentFailure, prepareMessage, type PrepareDeps, type PreparedMessage } from "./prepare-message.js";
import { describeFailure } from "./redact.js";

export interface DeliveryDeps {
  store: OutboxStore;
  channels: Channels;
  prepare: PrepareDeps;
  logger: Logger;
  metrics: NotificationMetrics | undefined;
  maxAttempts: number;
  backoff: BackoffPolicy;
  random: () => number;
  /** A send still running after this long counts as failed, so it cannot outlive the claim's lease. */
  sendDeadlineMs: number;
}

export async function deliverMessage(message: ClaimedMessage, deps: DeliveryDeps): Promise<void> {
  const about = { messageId: message.id.toString(), userId: message.userId, channel: message.channel, flow: message.flow, attempt: message.attempts };
  let prepared: PreparedMessage;
  try {
    prepared = await prepareMessage(message, deps.prepare);
  } catch (error) {
    return recordFailure(message, error, [], about, deps);
  }
  if (prepared.kind === "cancel") {
    if (await deps.store.markCancelled(message, prepared.reason)) {
      deps.metrics?.countDelivery(message.channel, message.flow, "cancelled");
      deps.logger.info({ ...about, reason: prepared.reason }, "notification cancelled");
    }
    return;
  }
  try {
    await withDeadline(send(prepared, deps.channels), deps.sendDeadlineMs);
  } catch (error) {
    return recordFailure(message, error, prepared.secrets, about, deps);
  }
  deps.metrics?.countDelivery(message.channel, message.flow, "sent");
  if (await deps.store.markSent(message)) deps.logger.debug(about, "notification sent");
  else deps.logger.warn(about, "notification sent after its claim ran out; another server may send it again");
}

function send(prepared: Exclude<PreparedMessage, { kind: "cancel" }>, channels: Channels): Promise<void> {
  return prepared.kind === "email" ? channels.email.sendEmail(prepared.message) : channels.sms.sendSms(prepared.message);
}

async function recordFailure(
  message: ClaimedMessage,
  error: unknown,
  secrets: string[],
  about: Record<string, unknown>,
  deps: DeliveryDeps,
): Promise<void> {
  const reason = describeFailure(error, secrets);
  if (error instanceof PermanentFailure || message.attempts >= deps.maxAttempts) {
    if (await deps.store.markDead(message, reason)) {
      deps.metrics?.countDelivery(message.channel, message.flow, "dead");
      deps.logger.error({ ...about, error: reason, permanent: error instanceof PermanentFailure }, "notification given up (dead letter)");
    }
    return;
  }
  const delayMs = retryDelayMs(message.attempts, deps.backoff, deps.random);
  if (await deps.store.scheduleRetry(message, delayMs, reason)) {
    deps.metrics?.countDelivery(message.channel, message.flow, "failed");
    deps.logger.warn({ ...about, error: reason, retryInMs: delayMs }, "notification delivery failed; will retry");
  }
}

async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
