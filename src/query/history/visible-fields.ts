// What the history and the change feed may show of an event's payload: an explicit allow-list per event type.
// A field not listed is never shown; an event type not listed shows no fields at all, so a type added later
// reveals nothing until someone decides here what of it may be seen. Secrets (hashes of passwords, codes and
// tokens) are listed as "secret": the reader learns that they changed, never their value.
//
// Event types are the stored facts' names (src/command/user/user-events.ts); a test checks that every type the
// commands write has an entry here, even if that entry is "no fields".

export type FieldRule = "show" | "secret";

/** Stored payload field → how it is shown; the shown name is the stored name, except for renamed secrets. */
interface FieldSpec {
  rule: FieldRule;
  /** The name the reader sees (a hash is shown as what it protects: "codeHash" → "code"). */
  as?: string;
}

const show: FieldSpec = { rule: "show" };
const secret = (as: string): FieldSpec => ({ rule: "secret", as });
const profile = { givenName: show, familyName: show, nickName: show, displayName: show, preferredLanguage: show, gender: show };
// Codes (email, phone, password reset): when they expire and how they travel, never the code or its hash.
const codeAdded = { codeHash: secret("code"), expiresAt: show, returnCode: show, urlTemplate: show, notificationType: show };

export const VISIBLE_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>> = {
  "user.human.added": { username: show, ...profile, email: show, phone: show },
  "user.machine.added": { username: show, name: show, description: show, accessTokenType: show },
  "user.machine.changed": { name: show, description: show },
  "user.username.changed": { username: show, oldUsername: show },
  "user.moved": { fromOrganizationId: show, toOrganizationId: show },
  "user.human.profile.changed": profile,
  "user.human.email.changed": { email: show },
  "user.human.email.code.added": codeAdded,
  "user.human.email.verified": {},
  "user.human.email.verification.failed": {},
  "user.human.phone.changed": { phone: show },
  "user.human.phone.removed": {},
  "user.human.phone.code.added": codeAdded,
  "user.human.phone.verified": {},
  "user.human.phone.verification.failed": {},
  "user.human.password.changed": { encodedHash: secret("password"), changeRequired: show },
  "user.human.password.check.failed": {},
  "user.human.password.check.succeeded": {},
  "user.human.password.code.added": codeAdded,
  "user.human.password.code.check.failed": {},
  "user.locked": {},
  "user.unlocked": {},
  "user.deactivated": {},
  "user.reactivated": {},
  "user.removed": { username: show },
  "user.personal.access.token.added": { tokenId: show, tokenHash: secret("token"), expirationDate: show },
  "user.personal.access.token.removed": { tokenId: show },
  // Metadata values are readable with ListUserMetadata by the same readers (long ones are withheld, as any
  // long value: see MAX_SHOWN_VALUE_CHARS).
  "user.metadata.set": { key: show, value: show },
  "user.metadata.removed": { key: show },
};

/**
 * Longest string value shown (a metadata value is stored as base64 text). Longer ones are replaced by
 * TOO_LARGE in the database already (user-change-rows.ts), so a page or the feed's buffer never holds them.
 */
export const MAX_SHOWN_VALUE_CHARS = 1024;

/** What the database puts in place of a longer string. */
export const TOO_LARGE = { tooLarge: true } as const;

export type VisibleField =
  | { name: string; value: string | number | boolean | null }
  | { name: string; withheld: "secret" | "too_large" };

/** The fields of `payload` that an event of `type` may show, in the allow-list's order. */
export function visibleFields(type: string, payload: unknown): VisibleField[] {
  const specs = VISIBLE_FIELDS[type];
  if (!specs || typeof payload !== "object" || payload === null) return [];
  const fields: VisibleField[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    if (!Object.hasOwn(payload, key)) continue;
    const value = (payload as Record<string, unknown>)[key];
    const name = spec.as ?? key;
    if (spec.rule === "secret") {
      fields.push({ name, withheld: "secret" });
    } else if (isTooLarge(value)) {
      fields.push({ name, withheld: "too_large" });
    } else {
      fields.push({ name, value: scalar(value) });
    }
  }
  return fields;
}

function isTooLarge(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { tooLarge?: unknown }).tooLarge === true;
}

/** Payload values are scalars; anything else (never written today) is shown as its JSON text. */
function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}
