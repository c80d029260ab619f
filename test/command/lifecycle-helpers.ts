// Shared givens of the lifecycle and metadata command tests: users to act on (human, machine, in a chosen
// state), callers (self, a stranger, an organisation's user manager) and the metadata command dependencies.
import type { Principal } from "../../src/domain/principal.js";
import type { AddHumanInput } from "../../src/command/user/inputs.js";
import type { MetadataDeps } from "../../src/command/user/metadata-deps.js";
import { pushUserChange, usernameClaim } from "../../src/command/user/push-user.js";
import { UserEvent } from "../../src/command/user/user-events.js";
import { emptyUserRow, UserType, type UserStateValue } from "../../src/domain/user-row.js";
import { DomainError } from "../../src/domain/errors.js";
import { createMetadataReader } from "../../src/query/user-metadata.js";
import type { CommandFixture } from "./command-fixture.js";

let counter = 0;

export function newHuman(extra: Partial<AddHumanInput> = {}): AddHumanInput {
  counter++;
  return {
    username: `life${counter}`,
    profile: { givenName: "Ada", familyName: "Lovelace" },
    email: { address: `life${counter}@example.com`, verification: { mode: "verified" } },
    metadata: [],
    ...extra,
  };
}

export async function addHuman(f: CommandFixture, extra: Partial<AddHumanInput> = {}): Promise<string> {
  return (await f.commands.addHumanUser(f.admin, newHuman(extra))).userId;
}

/** A machine user, pushed as the bootstrap pushes the administrator (no RPC of this service creates one). */
export async function addMachine(f: CommandFixture): Promise<string> {
  counter++;
  const userId = `machine-${counter}`;
  const username = `machine${counter}`;
  const row = emptyUserRow(userId, f.orgId, UserType.machine);
  await pushUserChange(f.deps, f.admin, {
    row,
    events: [{ type: UserEvent.machineAdded, payload: { username, name: username, description: "", accessTokenType: 0 } }],
    claim: [usernameClaim(username)],
  });
  return userId;
}

/**
 * Puts the user's projection row into `state` directly: INITIAL is a state ZITADEL users can be in but no
 * command of this service leads to, so the tests give it as a stored fact.
 */
export async function giveState(f: CommandFixture, userId: string, state: UserStateValue): Promise<void> {
  await f.db.prisma.user.update({ where: { id: userId }, data: { state } });
}

export const self = (userId: string): Principal => ({ userId, orgId: "org1", instanceRoles: [], orgRoles: new Map() });

export const member = (orgId: string, roles: string[]): Principal => ({
  userId: `member-of-${orgId}`,
  orgId,
  instanceRoles: [],
  orgRoles: new Map([[orgId, roles]]),
});

export const metadataDeps = (f: CommandFixture): MetadataDeps => ({ ...f.deps, metadata: createMetadataReader(f.db.prisma) });

export async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

export const stateOf = async (f: CommandFixture, userId: string) => (await f.deps.loadUser(userId))!.state;
