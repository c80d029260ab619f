// The facts of the user aggregate and how each one changes the projected row. The same reducer serves the
// write path (row after a command's events) and a rebuild of the projection from the stored events.
import type { EventTime } from "../../domain/event-time.js";
import { type CodeKind, emptyUserRow, UserState, UserType, type UserRow } from "../../domain/user-row.js";

export const UserEvent = {
  humanAdded: "user.human.added",
  machineAdded: "user.machine.added",
  machineChanged: "user.machine.changed",
  usernameChanged: "user.username.changed",
  profileChanged: "user.human.profile.changed",
  emailChanged: "user.human.email.changed",
  emailCodeAdded: "user.human.email.code.added",
  emailVerified: "user.human.email.verified",
  emailVerificationFailed: "user.human.email.verification.failed",
  phoneChanged: "user.human.phone.changed",
  phoneRemoved: "user.human.phone.removed",
  phoneCodeAdded: "user.human.phone.code.added",
  phoneVerified: "user.human.phone.verified",
  phoneVerificationFailed: "user.human.phone.verification.failed",
  passwordChanged: "user.human.password.changed",
  passwordCheckFailed: "user.human.password.check.failed",
  passwordCheckSucceeded: "user.human.password.check.succeeded",
  passwordCodeAdded: "user.human.password.code.added",
  passwordCodeFailed: "user.human.password.code.check.failed",
  locked: "user.locked",
  unlocked: "user.unlocked",
  deactivated: "user.deactivated",
  reactivated: "user.reactivated",
  removed: "user.removed",
  patAdded: "user.personal.access.token.added",
  patRemoved: "user.personal.access.token.removed",
  metadataSet: "user.metadata.set",
  metadataRemoved: "user.metadata.removed",
  /** Ours (ZITADEL has no such event): the user now belongs to another organisation (user-move.ts). */
  moved: "user.moved",
} as const;

/** Events that begin a user's life: a deleted id added again starts over, with a fresh creation date. */
export const beginsUser = (type: string): boolean => type === UserEvent.humanAdded || type === UserEvent.machineAdded;

export interface ProfileFields {
  givenName?: string;
  familyName?: string;
  nickName?: string;
  displayName?: string;
  preferredLanguage?: string;
  gender?: number;
}

export interface HumanAddedPayload extends ProfileFields {
  username: string;
  email: string;
  phone?: string;
}

export interface CodeAddedPayload {
  codeHash: string;
  expiresAt: string;
  returnCode: boolean;
  urlTemplate?: string;
}

type Payload = Record<string, unknown>;
type Reducer = (row: UserRow, payload: Payload, at: Date | EventTime) => void;

const codeKindOf: Record<string, CodeKind> = {
  [UserEvent.emailCodeAdded]: "email",
  [UserEvent.phoneCodeAdded]: "phone",
  [UserEvent.passwordCodeAdded]: "passwordReset",
};

const profileKeys = ["givenName", "familyName", "nickName", "displayName", "preferredLanguage", "gender"] as const;

function setProfile(row: UserRow, payload: Payload): void {
  for (const key of profileKeys) {
    if (key in payload) (row as unknown as Record<string, unknown>)[key] = payload[key] ?? null;
  }
}

function addCode(row: UserRow, kind: CodeKind, payload: Payload): void {
  const p = payload as unknown as CodeAddedPayload;
  row.codes = { ...row.codes, [kind]: { hash: p.codeHash, expiresAt: p.expiresAt, failedAttempts: 0 } };
}

function dropCode(row: UserRow, kind: CodeKind): void {
  const { [kind]: _dropped, ...rest } = row.codes;
  row.codes = rest;
}

function countFailure(row: UserRow, kind: CodeKind): void {
  const code = row.codes[kind];
  if (code) row.codes = { ...row.codes, [kind]: { ...code, failedAttempts: code.failedAttempts + 1 } };
}

const reducers: Record<string, Reducer> = {
  [UserEvent.humanAdded]: (row, p) => {
    const payload = p as unknown as HumanAddedPayload;
    row.type = UserType.human;
    row.state = UserState.active;
    row.username = payload.username;
    setProfile(row, p);
    row.email = payload.email;
    row.phone = payload.phone ?? null;
  },
  [UserEvent.machineAdded]: (row, p) => {
    row.type = UserType.machine;
    row.state = UserState.active;
    row.username = String(p.username);
    row.machineName = String(p.name);
    row.machineDescription = String(p.description ?? "");
    row.accessTokenType = Number(p.accessTokenType ?? 0);
  },
  // Carries only what changed: name, description or both.
  [UserEvent.machineChanged]: (row, p) => {
    if ("name" in p) row.machineName = String(p.name);
    if ("description" in p) row.machineDescription = String(p.description);
  },
  [UserEvent.usernameChanged]: (row, p) => void (row.username = String(p.username)),
  [UserEvent.profileChanged]: (row, p) => setProfile(row, p),
  [UserEvent.emailChanged]: (row, p) => {
    row.email = String(p.email);
    row.emailVerified = false;
    dropCode(row, "email");
  },
  [UserEvent.emailVerified]: (row) => {
    row.emailVerified = true;
    dropCode(row, "email");
  },
  [UserEvent.emailVerificationFailed]: (row) => countFailure(row, "email"),
  [UserEvent.phoneChanged]: (row, p) => {
    row.phone = String(p.phone);
    row.phoneVerified = false;
    dropCode(row, "phone");
  },
  [UserEvent.phoneRemoved]: (row) => {
    row.phone = null;
    row.phoneVerified = false;
    dropCode(row, "phone");
  },
  [UserEvent.phoneVerified]: (row) => {
    row.phoneVerified = true;
    dropCode(row, "phone");
  },
  [UserEvent.phoneVerificationFailed]: (row) => countFailure(row, "phone"),
  [UserEvent.passwordChanged]: (row, p, at) => {
    row.passwordHash = String(p.encodedHash);
    row.passwordChangeRequired = Boolean(p.changeRequired);
    row.passwordChanged = at;
    row.failedPasswordAttempts = 0;
    dropCode(row, "passwordReset");
  },
  [UserEvent.passwordCheckFailed]: (row) => void (row.failedPasswordAttempts += 1),
  [UserEvent.passwordCheckSucceeded]: (row) => void (row.failedPasswordAttempts = 0),
  [UserEvent.passwordCodeFailed]: (row) => countFailure(row, "passwordReset"),
  [UserEvent.locked]: (row) => void (row.state = UserState.locked),
  [UserEvent.unlocked]: (row) => {
    row.state = UserState.active;
    row.failedPasswordAttempts = 0;
  },
  [UserEvent.deactivated]: (row) => void (row.state = UserState.inactive),
  [UserEvent.reactivated]: (row) => void (row.state = UserState.active),
  [UserEvent.moved]: (row, p) => void (row.resourceOwner = String(p.toOrganizationId)),
  [UserEvent.removed]: (row) => {
    row.state = UserState.deleted;
    row.codes = {};
  },
  // Tokens and metadata live in their own projections; the root row only records that something happened.
  [UserEvent.patAdded]: () => {},
  [UserEvent.patRemoved]: () => {},
  [UserEvent.metadataSet]: () => {},
  [UserEvent.metadataRemoved]: () => {},
};

for (const [type, kind] of Object.entries(codeKindOf)) reducers[type] = (row, p) => addCode(row, kind, p);

/** The row after `events`, without touching `row`. */
export function applyUserEvents(
  row: UserRow,
  events: readonly { type: string; payload: Payload }[],
  at: Date | EventTime,
): UserRow {
  const next: UserRow = { ...row, codes: { ...row.codes } };
  for (const event of events) {
    const reduce = reducers[event.type];
    if (!reduce) throw new Error(`no reducer for user event ${event.type}`);
    reduce(next, event.payload, at);
  }
  return next;
}

export { emptyUserRow };
