// Makes a verification code for an email, phone or password reset: the event that stores its hash, the
// outbox message that delivers it (code sealed), and the plain code when the caller asked for it back.
import { generateCode, hashCode } from "../../domain/secret-code.js";
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import type { CodeAddedPayload } from "./user-events.js";

export type Verification = { mode: "send"; urlTemplate?: string } | { mode: "return" } | { mode: "verified" };

export interface CodeRequest {
  eventType: string;
  lifetimeMs: number;
  /** Where and how the message goes when the code is sent. */
  channel: "email" | "sms";
  flow: "email_verification" | "phone_verification" | "password_reset";
  recipient: string;
  userId: string;
  orgId: string;
  returnCode: boolean;
  urlTemplate?: string;
}

export interface MadeCode {
  event: PendingEvent;
  outbox?: SideWrite;
  /** Only when the caller asked for the code back. */
  plain?: string;
}

export function makeCode(deps: CommandDeps, request: CodeRequest): MadeCode {
  const plain = generateCode();
  const payload: CodeAddedPayload = {
    codeHash: hashCode(plain),
    expiresAt: new Date(deps.now().getTime() + request.lifetimeMs).toISOString(),
    returnCode: request.returnCode,
    ...(request.urlTemplate !== undefined ? { urlTemplate: request.urlTemplate } : {}),
  };
  const event = { type: request.eventType, payload: payload as unknown as Record<string, unknown> };
  if (request.returnCode) return { event, plain };
  const outbox: SideWrite = {
    table: "outbox",
    op: "insert",
    rows: [
      {
        channel: request.channel,
        flow: request.flow,
        userId: request.userId,
        recipient: request.recipient,
        payload: {
          sealedCode: deps.sealer.seal(plain),
          orgId: request.orgId,
          ...(request.urlTemplate !== undefined ? { urlTemplate: request.urlTemplate } : {}),
        },
      },
    ],
  };
  return { event, outbox };
}
