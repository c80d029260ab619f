// Email over SMTP with nodemailer: implicit TLS (SMTP_SECURE), required STARTTLS (the default), or plain
// text when STARTTLS is switched off (a mail catcher on localhost). A connection per message: volumes are
// small, and a fresh connection has no stale state after the mail server restarts.
import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import type { NotificationConfig } from "../../config.js";
import type { EmailChannel, EmailMessage } from "./channel.js";

export function smtpEmailChannel(config: NotificationConfig["smtp"]): EmailChannel {
  const ca = config.caFile ? readCa(config.caFile) : undefined;
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && config.startTls,
    ignoreTLS: !config.secure && !config.startTls,
    ...(config.user && config.password ? { auth: { user: config.user, pass: config.password } } : {}),
    ...(ca ? { tls: { ca } } : {}),
    // Bounded well below the worker's claim lease, so a hanging server fails the attempt instead of the lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  // One Message-ID per outbox row: a repeat after an unrecorded success can be recognised by the recipient's mail system.
  const domain = /@([^>\s]+)>?$/.exec(config.from)?.[1] ?? "localhost";

  return {
    name: "smtp",
    async sendEmail(message: EmailMessage) {
      await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<notification-${message.id}@${domain}>`,
      });
    },
    close() {
      transport.close();
    },
  };
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`SMTP_CA_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
