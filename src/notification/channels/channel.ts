// What a channel is handed: a message fully rendered, plus the parts a webhook receiver may want to
// render its own text from. A channel throws when the message did not get through.

export interface MessageParts {
  /** The outbox row's id: the same on every attempt, so receivers can drop repeats. */
  id: string;
  flow: string;
  userId: string;
  orgId: string;
  /** The language the text was written in (en, de, …). */
  language: string;
  code: string;
  link?: string;
}

export interface EmailMessage extends MessageParts {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsMessage extends MessageParts {
  to: string;
  text: string;
}

export interface EmailChannel {
  readonly name: "log" | "smtp" | "webhook";
  sendEmail(message: EmailMessage): Promise<void>;
  close(): void;
}

export interface SmsChannel {
  readonly name: "log" | "webhook";
  sendSms(message: SmsMessage): Promise<void>;
  close(): void;
}
