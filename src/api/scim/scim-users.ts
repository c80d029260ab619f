// The SCIM Users operations: each converts, calls the same commands as the ZITADEL API (AddHumanUser,
// ProvisionHumanUser, DeactivateUser, DeleteUser) and reads the user back through the query layer. A write is
// a details.sequence step like any other; meta.version is that sequence. If-Match is the commands'
// expected sequence (412 when the user moved on); a PATCH without If-Match guards its read-modify-write
// with the sequence it read, and starts again on fresh state when another change came in between.
import { addHumanUser } from "../../command/user/human-add.js";
import { provisionHumanUser } from "../../command/user/human-provision.js";
import { STALE_SEQUENCE_ID } from "../../command/user/expected-sequence.js";
import type { MetadataDeps } from "../../command/user/metadata-deps.js";
import type { Principal } from "../../domain/principal.js";
import { removeUser } from "../../command/user/user-remove.js";
import { changeUserState } from "../../command/user/user-state-change.js";
import { DomainError } from "../../domain/errors.js";
import type { HumanWithMetadata, ScimHumanQueries } from "../../query/scim-humans.js";
import { listParams, listResponse, project, type Projection } from "./scim-list.js";
import { applyPatch, patchOperations } from "./scim-patch-user.js";
import { checkUserResource, type ScimObject } from "./scim-resource-check.js";
import { toAddHumanInput, toProvisionInput, toScimUser } from "./scim-user-mapping.js";

export interface ScimUsersDeps {
  commands: MetadataDeps;
  humans: ScimHumanQueries;
}

/** One SCIM request: who calls, in which organisation, under which base URL, with which If-Match. */
export interface ScimCall {
  caller: Principal;
  orgId: string;
  /** e.g. http://localhost:8080/scim/v2/<orgId>; resources' meta.location hangs below it. */
  baseUrl: string;
  ifMatch?: number;
  projection?: Projection;
}

const PATCH_ATTEMPTS = 5;

const resourceOf = (call: ScimCall, user: HumanWithMetadata) => toScimUser(user.row, user.metadata, `${call.baseUrl}/Users/${user.row.id}`);
const answer = (call: ScimCall, user: HumanWithMetadata) => project(resourceOf(call, user), call.projection ?? {});
const withIfMatch = (deps: ScimUsersDeps, expectedSequence: number | undefined): MetadataDeps => ({ ...deps.commands, expectedSequence });

export async function getScimUser(deps: ScimUsersDeps, call: ScimCall, userId: string): Promise<ScimObject> {
  return answer(call, await deps.humans.get(call.caller, call.orgId, userId));
}

export async function listScimUsers(deps: ScimUsersDeps, call: ScimCall, raw: Record<string, unknown>): Promise<ScimObject> {
  const params = listParams(raw); // bad parameters are refused before anything is read
  const users = await deps.humans.list(call.caller, call.orgId);
  return listResponse(users.map((user) => resourceOf(call, user)), params);
}

export async function createScimUser(deps: ScimUsersDeps, call: ScimCall, body: unknown): Promise<ScimObject> {
  const resource = checkUserResource(body);
  const { userId } = await addHumanUser(deps.commands, call.caller, toAddHumanInput(resource, call.orgId));
  // ZITADEL's SCIM creates an inactive user in one go; here DeactivateUser follows as its own step.
  if (resource.active === false) await changeUserState(deps.commands, call.caller, userId, "deactivate");
  return answer(call, await deps.humans.get(call.caller, call.orgId, userId));
}

export async function replaceScimUser(deps: ScimUsersDeps, call: ScimCall, userId: string, body: unknown): Promise<ScimObject> {
  const resource = checkUserResource(body);
  const input = toProvisionInput(resource, userId);
  await deps.humans.get(call.caller, call.orgId, userId); // in this organisation, or NotFound
  await provisionHumanUser(withIfMatch(deps, call.ifMatch), call.caller, input);
  return answer(call, await deps.humans.get(call.caller, call.orgId, userId));
}

export async function patchScimUser(deps: ScimUsersDeps, call: ScimCall, userId: string, body: unknown): Promise<ScimObject> {
  const operations = patchOperations(body);
  for (let attempt = 1; ; attempt++) {
    const current = await deps.humans.get(call.caller, call.orgId, userId);
    const patched = applyPatch(resourceOf(call, current), operations);
    try {
      await provisionHumanUser(withIfMatch(deps, call.ifMatch ?? current.row.sequence), call.caller, toProvisionInput(patched, userId));
    } catch (error) {
      const raced = error instanceof DomainError && error.id === STALE_SEQUENCE_ID && call.ifMatch === undefined;
      if (raced && attempt < PATCH_ATTEMPTS) continue;
      throw error;
    }
    return answer(call, await deps.humans.get(call.caller, call.orgId, userId));
  }
}

export async function deleteScimUser(deps: ScimUsersDeps, call: ScimCall, userId: string): Promise<void> {
  await deps.humans.get(call.caller, call.orgId, userId);
  await removeUser(withIfMatch(deps, call.ifMatch), call.caller, userId);
}
