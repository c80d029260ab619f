// The change the other update-user APIs make (Clone Systems, Exante, VMS): a move to another organisation
// (user-move.ts's decision and rules), profile names and language, email and phone, a proven password change,
// and profile attributes and settings kept as metadata — decided on one write model and written as one push,
// so a request is stored whole or not at all. Nothing changed: nothing pushed, current details.
//
// validate (account-input.ts) → load the user (missing or deleted → NotFound) → permission only when something
// is set (change-permission.ts: the user itself, or user.write in its organisation; nothing here vouches for
// the user: a new email or phone is unverified and gets a code sent) → fields a machine user has not →
// InvalidArgument → a default organisation must be one the user belongs to → events → push.
//
// Unlike ZITADEL's SetUserMetadata, which needs user.write even for oneself, users may change their own
// profile attributes and settings here: through these APIs they are part of the profile.
import { attributeKey } from "../../domain/profile-metadata.js";
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import { decideMetadata, userMetadata } from "../metadata-decision.js";
import type { Principal } from "../../domain/principal.js";
import { Violations } from "../violations.js";
import type { AccountDeps } from "./account-deps.js";
import { normalizeAccountInput, type AccountChange, type AccountChangeInput } from "./account-input.js";
import { checkChangePermission } from "./change-permission.js";
import { decideContactChanges } from "./contact-changes.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import { passwordChangeEvents } from "./password-change-events.js";
import { decideProfile } from "./profile-decision.js";
import { pushUserChange } from "./push-user.js";
import { decideMove } from "./user-move.js";
import { UserType, type UserRow } from "../../domain/user-row.js";

const SEND_CODE = { mode: "send" } as const;

export async function changeAccount(deps: AccountDeps, caller: Principal, raw: AccountChangeInput): Promise<Details> {
  const input = normalizeAccountInput(deps, raw);
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    if (!isAnythingSet(input)) return pushUserChange(deps, caller, { row, events: [] });
    checkChangePermission(caller, row, {});
    if (row.type === UserType.machine) refuseHumanFields(input);
    const defaultOrg = input.metadata.set.get(attributeKey("default_organization"));
    if (defaultOrg !== undefined) await checkMembership(deps, row, Buffer.from(defaultOrg).toString("utf8"));
    // A move comes first, so what follows (codes sent, later events) belongs to the target organisation.
    const move = input.organizationId === undefined ? undefined : await decideMove(deps, caller, row, input.organizationId);
    const moved = move?.row ?? row;

    const profile = { givenName: input.givenName, familyName: input.familyName, preferredLanguage: input.preferredLanguage };
    const events: PendingEvent[] = [...(move?.events ?? []), ...decideProfile(row, profile)];
    const side: SideWrite[] = [...(move?.side ?? [])];
    const contact = decideContactChanges(deps, moved, {
      email: input.email === undefined ? undefined : { address: input.email, verification: SEND_CODE },
      phone: input.phone === undefined ? undefined : { number: input.phone, verification: SEND_CODE },
    });
    const metadata = await decideMetadata(deps.metadata, userMetadata, row.id, input.metadata);
    events.push(...contact.events, ...metadata.events);
    side.push(...contact.side, ...metadata.side);
    if (input.password !== undefined) {
      const password = { plain: input.password, changeRequired: false, currentPassword: input.currentPassword };
      events.push(...(await passwordChangeEvents(deps, caller, moved, password, { newPassword: "password", currentPassword: "current_password", verificationCode: "" })));
    }
    return pushUserChange(deps, caller, { row, events, side });
  });
}

const HUMAN_FIELDS = [
  ["givenName", "given_name"],
  ["familyName", "family_name"],
  ["preferredLanguage", "preferred_language"],
  ["email", "email"],
  ["phone", "phone"],
  ["password", "password"],
] as const;

function refuseHumanFields(input: AccountChange): void {
  const v = new Violations();
  for (const [key, field] of HUMAN_FIELDS) {
    if (input[key] !== undefined) v.add({ field, rule: "user.machine", description: "a machine user has no such field" });
  }
  v.throwIfAny("COMMAND-AccMch1");
}

function isAnythingSet(input: AccountChange): boolean {
  const { metadata, organizationId } = input;
  return HUMAN_FIELDS.some(([key]) => input[key] !== undefined) || metadata.set.size > 0 || metadata.remove.length > 0 || organizationId !== undefined;
}

/** The organisation must be the user's own or one where it holds a role; an unknown one reads the same. */
async function checkMembership(deps: AccountDeps, row: UserRow, orgId: string): Promise<void> {
  const orgs = await deps.memberships.organisationsOf(row.id, row.resourceOwner);
  if (orgs.some((org) => org.id === orgId)) return;
  const v = new Violations();
  v.add({ field: "default_organization", rule: "organization.member", description: "the user is not a member of this organisation" });
  v.throwIfAny("COMMAND-AccOrg1");
}
