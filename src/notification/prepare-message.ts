// From a claimed outbox row to the message a channel sends: the user's names and language from the users
// projection, the code unsealed, the link and texts rendered. A message whose code is no longer the
// user's pending one (used, replaced by a newer code, expired) or whose user is gone is not sent: the
// code could not be used anyway. What can never be sent (a code sealed under another key, an unknown
// flow) is a PermanentFailure and goes to the dead letters at once instead of being retried.
import type { CodeKind, PendingCodes } from "../domain/user-row.js";
import { codeMatches } from "../domain/secret-code.js";
import { userExists, type UserStateValue } from "../domain/user-state.js";
import type { EmailMessage, SmsMessage } from "./channels/channel.js";
import { messageLink } from "./message-link.js";
import type { ClaimedMessage } from "./outbox-store.js";
import { messageLanguage, renderEmail, renderSms } from "./render-message.js";

export interface SecretOpener {
  open(sealed: string): string;
}

/** The columns of the users projection a message needs. */
export interface RecipientRow {
  state: number;
  username: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  preferredLanguage: string | null;
  resourceOwner: string;
  codes: unknown;
}

export interface PrepareDeps {
  loadRecipient(userId: string): Promise<RecipientRow | undefined>;
  opener: SecretOpener;
  publicUrl: string;
  now(): Date;
}

export type PreparedMessage =
  | { kind: "email"; message: EmailMessage; secrets: string[] }
  | { kind: "sms"; message: SmsMessage; secrets: string[] }
  | { kind: "cancel"; reason: string };

export class PermanentFailure extends Error {}

const codeKinds: Readonly<Record<string, CodeKind>> = {
  email_verification: "email",
  phone_verification: "phone",
  password_reset: "passwordReset",
};

export async function prepareMessage(claimed: ClaimedMessage, deps: PrepareDeps): Promise<PreparedMessage> {
  if (claimed.channel !== "email" && claimed.channel !== "sms") throw new PermanentFailure(`unknown channel "${claimed.channel}"`);
  const kind = codeKinds[claimed.flow];
  if (kind === undefined) throw new PermanentFailure(`unknown flow "${claimed.flow}"`);
  const user = await deps.loadRecipient(claimed.userId);
  if (!user || !userExists(user.state as UserStateValue)) return { kind: "cancel", reason: "the user no longer exists" };

  const sealed = claimed.payload.sealedCode;
  if (typeof sealed !== "string") throw new PermanentFailure("the message carries no sealed code");
  let code: string;
  try {
    code = deps.opener.open(sealed);
  } catch {
    throw new PermanentFailure("the sealed code cannot be opened: MASTER_KEY is not the key that sealed it");
  }
  const pending = ((user.codes ?? {}) as PendingCodes)[kind];
  if (!pending || !codeMatches(code, pending.hash)) return { kind: "cancel", reason: "the code was used or replaced by a newer one" };
  if (Date.parse(pending.expiresAt) <= deps.now().getTime()) return { kind: "cancel", reason: "the code expired before it could be delivered" };

  const orgId = claimed.payload.orgId ?? user.resourceOwner;
  const displayName = user.displayName || [user.givenName, user.familyName].filter(Boolean).join(" ") || user.username;
  // The instance's domain policy does not suffix login names (src/query/user-by-id.ts), so both are the username.
  const names = { UserID: claimed.userId, OrgID: orgId, LoginName: user.username, PreferredLoginName: user.username, DisplayName: displayName };
  let link: string | undefined;
  try {
    link = messageLink(claimed.flow, claimed.payload.urlTemplate, deps.publicUrl, { ...names, Code: code });
  } catch {
    throw new PermanentFailure("the url_template cannot be rendered");
  }
  const language = messageLanguage(user.preferredLanguage);
  const values = { ...names, Code: code, Link: link ?? "" };
  const parts = { id: claimed.id.toString(), flow: claimed.flow, userId: claimed.userId, orgId, language, code, ...(link ? { link } : {}) };
  // What must never reach a log line about this message.
  const secrets = [code, ...(link ? [link] : [])];

  if (claimed.channel === "email") {
    const email = renderEmail(claimed.flow, language, values);
    if (!email) throw new PermanentFailure(`flow "${claimed.flow}" sends no email`);
    return { kind: "email", message: { ...parts, to: claimed.recipient, ...email }, secrets };
  }
  const text = renderSms(claimed.flow, language, values);
  if (text === undefined) throw new PermanentFailure(`flow "${claimed.flow}" sends no SMS`);
  return { kind: "sms", message: { ...parts, to: claimed.recipient, text }, secrets };
}
