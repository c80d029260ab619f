// Email and SMS as a signed JSON POST to a receiver of the operator's (an SMS gateway, a mail API adapter).
// Anything but a 2xx answer within the timeout is a failure and the message is retried; the receiver gets
// the same `idempotency-key` on every attempt and should drop repeats (delivery is at least once).
import type { EmailChannel, EmailMessage, SmsChannel, SmsMessage } from "./channel.js";
import { SIGNATURE_HEADER, signWebhookBody } from "./webhook-signature.js";

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs: number;
}

export function webhookEmailChannel(options: WebhookOptions): EmailChannel {
  return {
    name: "webhook",
    sendEmail: (message: EmailMessage) => post(options, message.id, { channel: "email", ...message }),
    close() {},
  };
}

export function webhookSmsChannel(options: WebhookOptions): SmsChannel {
  return {
    name: "webhook",
    sendSms: (message: SmsMessage) => post(options, message.id, { channel: "sms", ...message }),
    close() {},
  };
}

async function post(options: WebhookOptions, id: string, payload: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `notification-${id}`,
        [SIGNATURE_HEADER]: signWebhookBody(options.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    // fetch hides the reason (refused, reset, DNS) in `cause`; the URL is left out, it may carry a token.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${options.timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Error(`webhook call failed: ${reason}`);
  }
  // The answer's body is not read: it is not ours to log, and reading it could hang past the timeout.
  await response.body?.cancel().catch(() => {});
  if (response.status < 200 || response.status > 299) throw new Error(`webhook answered HTTP ${response.status}`);
}
