// The user aggregate's state as the users projection stores it (fields as the Prisma model names them).
// Commands load it as their write model (one row read, no replay of past events); queries read the same rows.
import { UserState } from "./user-state.js";
import type { EventTime } from "./event-time.js";

export const UserType = { human: 1, machine: 2 } as const;

export { UserState, type UserStateValue } from "./user-state.js";

export type CodeKind = "email" | "phone" | "passwordReset";

export interface PendingCode {
  hash: string;
  /** ISO time after which the code is void. */
  expiresAt: string;
  failedAttempts: number;
}

export type PendingCodes = Partial<Record<CodeKind, PendingCode>>;

export interface UserRow {
  id: string;
  resourceOwner: string;
  type: number;
  state: number;
  username: string;
  givenName: string | null;
  familyName: string | null;
  nickName: string | null;
  displayName: string | null;
  preferredLanguage: string | null;
  gender: number | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  passwordHash: string | null;
  passwordChangeRequired: boolean;
  passwordChanged: Date | EventTime | null;
  failedPasswordAttempts: number;
  codes: PendingCodes;
  machineName: string | null;
  machineDescription: string | null;
  accessTokenType: number | null;
  sequence: number;
  creationDate: Date;
  changeDate: Date;
}

export function emptyUserRow(id: string, resourceOwner: string, type: number): UserRow {
  const epoch = new Date(0);
  return {
    id,
    resourceOwner,
    type,
    state: UserState.unspecified,
    username: "",
    givenName: null,
    familyName: null,
    nickName: null,
    displayName: null,
    preferredLanguage: null,
    gender: null,
    email: null,
    emailVerified: false,
    phone: null,
    phoneVerified: false,
    passwordHash: null,
    passwordChangeRequired: false,
    passwordChanged: null,
    failedPasswordAttempts: 0,
    codes: {},
    machineName: null,
    machineDescription: null,
    accessTokenType: null,
    sequence: 0,
    creationDate: epoch,
    changeDate: epoch,
  };
}
