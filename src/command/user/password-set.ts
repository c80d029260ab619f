// SetPassword: the password branch of UpdateHumanUser on its own — the same proofs (current password or
// reset code), the same permission rule and the same errors, with the request's own field paths.
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import type { SetPasswordInput } from "./contact-inputs.js";
import type { Details } from "./inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { normalizeInput } from "./normalize-input.js";
import { passwordChangeEvents } from "./password-change-events.js";
import { pushUserChange } from "./push-user.js";

const proofFields = { newPassword: "new_password.password", currentPassword: "current_password", verificationCode: "verification_code" };

export async function setPassword(deps: CommandDeps, caller: Principal, raw: SetPasswordInput): Promise<Details> {
  const { password } = normalizeInput(deps, { password: raw.password }, { password: "new_password.password", hash: "new_password.hash" });
  const input = { ...raw, password: password! };
  const unprovenPassword = input.password.currentPassword === undefined && input.password.verificationCode === undefined;
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadInitialisedHuman(deps, input.userId);
    checkChangePermission(caller, row, { unprovenPassword });
    const events = await passwordChangeEvents(deps, caller, row, input.password, proofFields);
    return pushUserChange(deps, caller, { row, events });
  });
}
