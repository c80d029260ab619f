// VerifyEmail / VerifyPhone: the pending code proves the address. A wrong code is recorded (and counts
// towards the attempt limit) before the refusal; the right one marks the address verified and is spent.
// The caller is the user or a manager, checked before the code so nobody else can burn the attempts.
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkChangePermission } from "./change-permission.js";
import { checkCode, type CodeCheckSpec } from "./code-check.js";
import type { ContactKind, VerifyCodeInput } from "./contact-inputs.js";
import type { Details } from "./inputs.js";
import { loadInitialisedHuman } from "./load-initialised-human.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";

const specs: Record<ContactKind, CodeCheckSpec & { verifiedEvent: string }> = {
  email: {
    verifiedEvent: UserEvent.emailVerified,
    failedEvent: UserEvent.emailVerificationFailed,
    field: "verification_code",
    ids: { missing: "COMMAND-EmCode1", expired: "COMMAND-EmCode2", exhausted: "COMMAND-EmCode3", mismatch: "COMMAND-EmCode4" },
  },
  phone: {
    verifiedEvent: UserEvent.phoneVerified,
    failedEvent: UserEvent.phoneVerificationFailed,
    field: "verification_code",
    ids: { missing: "COMMAND-PhCode1", expired: "COMMAND-PhCode2", exhausted: "COMMAND-PhCode3", mismatch: "COMMAND-PhCode4" },
  },
};

export async function verifyContact(deps: CommandDeps, caller: Principal, kind: ContactKind, input: VerifyCodeInput): Promise<Details> {
  const spec = specs[kind];
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadInitialisedHuman(deps, input.userId);
    checkChangePermission(caller, row, {});
    const check = checkCode(deps, row.codes[kind], input.code, spec);
    if (!check.ok) {
      await pushUserChange(deps, caller, { row, events: check.events });
      throw check.error;
    }
    return pushUserChange(deps, caller, { row, events: [{ type: spec.verifiedEvent, payload: {} }] });
  });
}
