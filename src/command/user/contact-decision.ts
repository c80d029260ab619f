// Email and phone follow one rule (ZITADEL's): a new address is unverified and gets a code unless the
// caller marks it verified; `return` answers the code instead of sending it; an unchanged address that
// is marked verified only records the verification. Shared by create, UpdateHumanUser and SetEmail/SetPhone.
import { CODE_LIFETIME_MS } from "../../domain/secret-code.js";
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";
import { makeCode, type MadeCode, type Verification } from "./verification-code.js";

export interface ContactDecision {
  events: PendingEvent[];
  side: SideWrite[];
  code?: string;
}

interface ContactKind {
  changed: string;
  verified: string;
  codeAdded: string;
  channel: "email" | "sms";
  flow: "email_verification" | "phone_verification";
  lifetimeMs: number;
  current: (row: UserRow) => { value: string | null; verified: boolean };
  changedPayload: (value: string) => Record<string, unknown>;
}

const kinds: Record<"email" | "phone", ContactKind> = {
  email: {
    changed: UserEvent.emailChanged,
    verified: UserEvent.emailVerified,
    codeAdded: UserEvent.emailCodeAdded,
    channel: "email",
    flow: "email_verification",
    lifetimeMs: CODE_LIFETIME_MS.emailVerification,
    current: (row) => ({ value: row.email, verified: row.emailVerified }),
    changedPayload: (email) => ({ email }),
  },
  phone: {
    changed: UserEvent.phoneChanged,
    verified: UserEvent.phoneVerified,
    codeAdded: UserEvent.phoneCodeAdded,
    channel: "sms",
    flow: "phone_verification",
    lifetimeMs: CODE_LIFETIME_MS.phoneVerification,
    current: (row) => ({ value: row.phone, verified: row.phoneVerified }),
    changedPayload: (phone) => ({ phone }),
  },
};

/**
 * Decides the events for setting `value` on a user whose row is `row`. `alreadyRecorded` is true when the
 * value is part of the creation event, so only the verification part is left to decide.
 */
export function decideContact(
  deps: CommandDeps,
  kind: "email" | "phone",
  row: UserRow,
  value: string,
  verification: Verification,
  alreadyRecorded = false,
): ContactDecision {
  const spec = kinds[kind];
  const current = spec.current(row);
  const isNew = alreadyRecorded || value !== current.value;
  if (!isNew) {
    const events = verification.mode === "verified" && !current.verified ? [{ type: spec.verified, payload: {} }] : [];
    return { events, side: [] };
  }
  const events: PendingEvent[] = alreadyRecorded ? [] : [{ type: spec.changed, payload: spec.changedPayload(value) }];
  if (verification.mode === "verified") return { events: [...events, { type: spec.verified, payload: {} }], side: [] };
  const made = makeContactCode(deps, kind, row, value, verification);
  return { events: [...events, made.event], side: made.outbox ? [made.outbox] : [], code: made.plain };
}

/** A new code for `value` (the address being set, or the current one when a code is sent again). */
export function makeContactCode(
  deps: CommandDeps,
  kind: "email" | "phone",
  row: UserRow,
  value: string,
  verification: Exclude<Verification, { mode: "verified" }>,
): MadeCode {
  const spec = kinds[kind];
  return makeCode(deps, {
    eventType: spec.codeAdded,
    lifetimeMs: spec.lifetimeMs,
    channel: spec.channel,
    flow: spec.flow,
    recipient: value,
    userId: row.id,
    orgId: row.resourceOwner,
    returnCode: verification.mode === "return",
    urlTemplate: verification.mode === "send" ? verification.urlTemplate : undefined,
  });
}
