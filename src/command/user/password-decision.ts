// Decides a password change: which proof the caller gave (current password, reset code, or the manager
// permission checked by the caller of this module), and the hash to store. A failed proof is itself a fact
// (it counts towards lockout and voids codes), so it is returned as events to push before refusing.
import { DomainError, failedPrecondition, invalidArgument } from "../../domain/errors.js";
import type { PendingEvent } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { checkCode } from "./code-check.js";
import type { PasswordInput } from "./inputs.js";
import { UserEvent } from "./user-events.js";
import { UserState, type UserRow } from "../../domain/user-row.js";
import { sameSecret } from "../../domain/secret-compare.js";

export type PasswordDecision =
  | { ok: true; events: PendingEvent[] }
  | { ok: false; events: PendingEvent[]; error: DomainError };

/** Where the new password and its proofs sit in the request: UpdateHumanUser nests them in `password`, SetPassword does not. */
export interface PasswordProofFields {
  newPassword: string;
  currentPassword: string;
  verificationCode: string;
}

const updateHumanFields: PasswordProofFields = {
  newPassword: "password.password",
  currentPassword: "password.current_password",
  verificationCode: "password.verification_code",
};

export async function decidePassword(
  deps: CommandDeps,
  row: UserRow,
  input: PasswordInput,
  fields: PasswordProofFields = updateHumanFields,
): Promise<PasswordDecision> {
  if (input.currentPassword !== undefined) {
    if (row.state === UserState.locked) throw failedPrecondition("COMMAND-PwLock1", "Errors.User.Locked");
    if (!row.passwordHash) throw failedPrecondition("COMMAND-PwNone1", "Errors.User.Password.NotSet");
    const check = await deps.passwords.verify(input.currentPassword, row.passwordHash);
    if (!check.ok) {
      return {
        ok: false,
        events: [{ type: UserEvent.passwordCheckFailed, payload: {} }],
        error: invalidArgument("COMMAND-PwWrong", "Errors.User.Password.Invalid: the current password is wrong", [
          { field: fields.currentPassword, rule: "password.current_mismatch", description: "the current password is wrong" },
        ]),
      };
    }
    if (await isSameAsStored(deps, row.passwordHash, input)) {
      throw failedPrecondition("COMMAND-PwSame1", "Errors.User.Password.NotChanged: the new password equals the current one", [
        { field: fields.newPassword, rule: "password.not_changed", description: "equals the current password" },
      ]);
    }
  } else if (input.verificationCode !== undefined) {
    const check = checkCode(deps, row.codes.passwordReset, input.verificationCode, {
      failedEvent: UserEvent.passwordCodeFailed,
      field: fields.verificationCode,
      ids: { missing: "COMMAND-PwCode1", expired: "COMMAND-PwCode2", exhausted: "COMMAND-PwCode3", mismatch: "COMMAND-PwCode4" },
    });
    if (!check.ok) return check;
  }
  const encodedHash = input.encodedHash ?? (await deps.passwords.hash(input.plain!));
  return { ok: true, events: [{ type: UserEvent.passwordChanged, payload: { encodedHash, changeRequired: input.changeRequired } }] };
}

async function isSameAsStored(deps: CommandDeps, storedHash: string, input: PasswordInput): Promise<boolean> {
  if (input.encodedHash !== undefined) return sameSecret(input.encodedHash, storedHash);
  return (await deps.passwords.verify(input.plain!, storedHash)).ok;
}
