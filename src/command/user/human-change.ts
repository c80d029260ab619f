// UpdateHumanUser, and UpdateUser's human branch: validate → load the write model → check permission: to
// change when something is set, to read when nothing is (the answer is then the current details) → username, profile, email, phone (human-change-decision.ts), password → one push. Nothing
// changed: nothing pushed, current details.
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission, checkEmptyChangeVisible } from "./change-permission.js";
import { decideHumanChange } from "./human-change-decision.js";
import type { ChangeHumanInput, HumanResult } from "./inputs.js";
import { loadExistingUser, requireHuman } from "./load-human.js";
import { normalizeInput } from "./normalize-input.js";
import { passwordChangeEvents } from "./password-change-events.js";
import { pushUserChange } from "./push-user.js";
import type { UserRow } from "../../domain/user-row.js";

export async function changeHumanUser(deps: CommandDeps, caller: Principal, raw: ChangeHumanInput): Promise<HumanResult> {
  const input = normalizeInput(deps, raw, { password: "password.password.password", hash: "password.hashed_password.hash" });
  return deps.eventstore.execute(input.userId, async () => {
    const loaded = await loadExistingUser(deps, input.userId);
    if (!isAnythingSet(input)) checkEmptyChangeVisible(caller, loaded);
    const row = requireHuman(loaded);
    if (isAnythingSet(input)) checkUpdatePermission(caller, row, input);

    const { events, side, claim, release, emailCode, phoneCode } = decideHumanChange(deps, row, input);
    const result: Omit<HumanResult, "details"> = { userId: row.id, emailCode, phoneCode };
    if (input.password) events.push(...(await passwordChangeEvents(deps, caller, row, input.password)));

    const details = await pushUserChange(deps, caller, { row, events, side, claim, release });
    return { ...result, details };
  });
}

function isAnythingSet(input: ChangeHumanInput): boolean {
  return [input.username, input.profile, input.email, input.phone, input.password].some((v) => v !== undefined);
}

/** The shared rule (change-permission.ts), told what of this request vouches for the user. */
function checkUpdatePermission(caller: Principal, row: UserRow, input: ChangeHumanInput): void {
  const vouches = [input.email?.verification.mode, input.phone?.verification.mode].some((mode) => mode === "verified" || mode === "return");
  const unprovenPassword =
    input.password !== undefined && input.password.currentPassword === undefined && input.password.verificationCode === undefined;
  checkChangePermission(caller, row, { vouches, unprovenPassword });
}
