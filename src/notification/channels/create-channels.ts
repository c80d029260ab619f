// The channels the configuration chose.
import type { Logger } from "pino";
import type { NotificationConfig } from "../../config.js";
import type { EmailChannel, SmsChannel } from "./channel.js";
import { logEmailChannel, logSmsChannel } from "./log-channel.js";
import { smtpEmailChannel } from "./smtp-channel.js";
import { webhookEmailChannel, webhookSmsChannel } from "./webhook-channel.js";

export interface Channels {
  email: EmailChannel;
  sms: SmsChannel;
}

export function createChannels(config: NotificationConfig, logger: Logger): Channels {
  const webhook = (url: string | undefined) => {
    // loadConfig refuses a webhook channel without these; checked again for callers building a config by hand.
    if (!url || !config.webhookSecret) throw new Error("a webhook channel needs its URL and NOTIFY_WEBHOOK_SECRET");
    return { url, secret: config.webhookSecret, timeoutMs: config.webhookTimeoutMs };
  };
  const email =
    config.emailChannel === "smtp"
      ? smtpEmailChannel(config.smtp)
      : config.emailChannel === "webhook"
        ? webhookEmailChannel(webhook(config.emailWebhookUrl))
        : logEmailChannel(logger);
  const sms = config.smsChannel === "webhook" ? webhookSmsChannel(webhook(config.smsWebhookUrl)) : logSmsChannel(logger);
  return { email, sms };
}
