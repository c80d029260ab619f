// The channel of a fresh install: each message, code included, goes to the log, so a developer can follow
// a verification without a mail server. The only place a code is ever logged.
import type { Logger } from "pino";
import type { EmailChannel, EmailMessage, SmsChannel, SmsMessage } from "./channel.js";

export function logEmailChannel(logger: Logger): EmailChannel {
  return {
    name: "log",
    async sendEmail(message: EmailMessage) {
      logger.info(
        { notification: { id: message.id, channel: "email", flow: message.flow, userId: message.userId, to: message.to, subject: message.subject, text: message.text } },
        "email (log channel, not sent)",
      );
    },
    close() {},
  };
}

export function logSmsChannel(logger: Logger): SmsChannel {
  return {
    name: "log",
    async sendSms(message: SmsMessage) {
      logger.info(
        { notification: { id: message.id, channel: "sms", flow: message.flow, userId: message.userId, to: message.to, text: message.text } },
        "sms (log channel, not sent)",
      );
    },
    close() {},
  };
}
