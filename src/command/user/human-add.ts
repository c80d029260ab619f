// AddHumanUser: validate → resolve the organisation → permission → hash → one push creating the user with
// its email, phone, password and metadata. The username (default: the email) is claimed case-insensitively.
import { failedPrecondition } from "../../domain/errors.js";
import { UNDETERMINED_LANGUAGE } from "../../domain/language.js";
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { loadUserToChange } from "./load-human.js";
import type { OrgRef } from "../../domain/org-row.js";
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import { decideContact } from "./contact-decision.js";
import type { AddHumanInput, HumanResult } from "./inputs.js";
import { normalizeInput } from "./normalize-input.js";
import { decidePassword } from "./password-decision.js";
import { pushUserChange, usernameClaim, type UserChange } from "./push-user.js";
import { applyUserEvents, UserEvent, type HumanAddedPayload } from "./user-events.js";
import { emptyUserRow, UserState, UserType, type UserRow } from "../../domain/user-row.js";

export async function addHumanUser(deps: CommandDeps, caller: Principal, raw: AddHumanInput): Promise<HumanResult> {
  const input = normalizeInput(deps, raw, { password: "password.password", hash: "hashed_password.hash" });
  const org = await resolveOrg(deps, input.org);
  if (!hasUserPermission(caller, "user.write", org.id)) {
    throw refusal(caller, org.id, "COMMAND-PermAd1", "Errors.PermissionDenied: user.write is required in the organisation");
  }
  const userId = input.userId ?? deps.newId();

  return deps.eventstore.execute(userId, async () => {
    const decided = await decideHumanAdd(deps, input, org.id, userId, await loadUserToChange(deps, userId));
    const details = await pushUserChange(deps, caller, decided.change);
    return { userId, details, emailCode: decided.emailCode, phoneCode: decided.phoneCode };
  });
}

export interface HumanAddDecision {
  change: UserChange;
  emailCode?: string;
  phoneCode?: string;
}

/**
 * The events that create human `userId` in organisation `orgId` from normalised input, on top of what the id
 * held before (`existing`): AddHumanUser pushes them alone, AddOrganization together with its organisation.
 */
export async function decideHumanAdd(
  deps: CommandDeps,
  input: AddHumanInput,
  orgId: string,
  userId: string,
  existing: UserRow | undefined,
): Promise<HumanAddDecision> {
  const username = input.username ?? input.email.address;
  if (existing && existing.state !== UserState.deleted) {
    throw failedPrecondition("COMMAND-UsrEx1", "Errors.User.AlreadyExisting: a user with this id exists");
  }
  // A deleted id may be used again: its aggregate goes on from its last sequence with a fresh state.
  const row = { ...emptyUserRow(userId, orgId, UserType.human), sequence: existing?.sequence ?? 0 };
  const { profile } = input;
  const added: HumanAddedPayload = {
    username,
    givenName: profile.givenName,
    familyName: profile.familyName,
    nickName: profile.nickName ?? "",
    displayName: profile.displayName || `${profile.givenName} ${profile.familyName}`,
    preferredLanguage: profile.preferredLanguage ?? UNDETERMINED_LANGUAGE,
    gender: profile.gender ?? 0,
    email: input.email.address,
    ...(input.phone?.number ? { phone: input.phone.number } : {}),
  };
  const events: PendingEvent[] = [{ type: UserEvent.humanAdded, payload: { ...added } }];
  const side: SideWrite[] = [];
  const created = applyUserEvents(row, events, new Date(0));

  const email = decideContact(deps, "email", created, input.email.address, input.email.verification, true);
  events.push(...email.events);
  side.push(...email.side);
  const phone = input.phone?.number
    ? decideContact(deps, "phone", created, input.phone.number, input.phone.verification, true)
    : undefined;
  if (phone) {
    events.push(...phone.events);
    side.push(...phone.side);
  }
  if (input.password) {
    const decision = await decidePassword(deps, created, { ...input.password, currentPassword: undefined, verificationCode: undefined });
    if (decision.ok) events.push(...decision.events);
  }
  for (const entry of input.metadata) {
    events.push({ type: UserEvent.metadataSet, payload: { key: entry.key, value: Buffer.from(entry.value).toString("base64") } });
  }
  if (input.metadata.length > 0) {
    side.push({ table: "user_metadata", op: "upsert", rows: input.metadata.map((m) => ({ userId, key: m.key, value: m.value })) });
  }

  return { change: { row, events, side, claim: [usernameClaim(username)] }, emailCode: email.code, phoneCode: phone?.code };
}

async function resolveOrg(deps: CommandDeps, org: AddHumanInput["org"]): Promise<OrgRef> {
  if (org === undefined) {
    const id = await deps.defaultOrgId();
    const found = await deps.findOrgById(id);
    if (!found) throw failedPrecondition("COMMAND-OrgNf0", "Errors.Org.NotFound: the default organisation is missing");
    return found;
  }
  const found = "id" in org ? await deps.findOrgById(org.id) : await deps.findOrgByDomain(org.domain);
  if (!found) throw failedPrecondition("COMMAND-OrgNf1", "Errors.Org.NotFound");
  return found;
}
