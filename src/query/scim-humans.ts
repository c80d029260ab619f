// Reads for the SCIM API: the human users of one organisation with their SCIM metadata
// (`urn:zitadel:scim:…`), as a caller may read them. A user of another organisation, a machine user, a
// missing or deleted one is NotFound, as ZITADEL's SCIM answers; a caller who may not read the users of the
// organisation is refused as GetUserByID refuses (principal.ts `refusal`).
import { hasUserPermission, refusal, type Principal } from "../domain/principal.js";
import { UserState, UserType, type PendingCodes, type UserRow } from "../domain/user-row.js";
import { notFound } from "../domain/errors.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import type { UserRowReader } from "./user-rows.js";

export interface HumanWithMetadata {
  row: UserRow;
  metadata: Map<string, Uint8Array>;
}

export interface ScimHumanQueries {
  get(caller: Principal, orgId: string, userId: string): Promise<HumanWithMetadata>;
  /** Every human of the organisation, oldest first (creation date, then id). */
  list(caller: Principal, orgId: string): Promise<HumanWithMetadata[]>;
}

export function scimHumanQueries(prisma: PrismaClient, readUser: UserRowReader, metadataPrefix: string): ScimHumanQueries {
  const metadataOf = async (userIds: string[]) => {
    const rows = await prisma.userMetadata.findMany({ where: { userId: { in: userIds }, key: { startsWith: metadataPrefix } } });
    const byUser = new Map<string, Map<string, Uint8Array>>(userIds.map((id) => [id, new Map()]));
    for (const row of rows) byUser.get(row.userId)?.set(row.key, row.value);
    return byUser;
  };
  return {
    async get(caller, orgId, userId) {
      const row = await readUser(userId);
      const exists = row && row.type === UserType.human && row.resourceOwner === orgId && row.state !== UserState.deleted && row.state !== UserState.unspecified;
      if (!exists) throw notFound("SCIM-UsrNf1", "Errors.User.NotFound");
      if (caller.userId !== row.id && !hasUserPermission(caller, "user.read", orgId)) {
        throw refusal(caller, orgId, "SCIM-PermRd1", "Errors.PermissionDenied: user.read is required");
      }
      return { row, metadata: (await metadataOf([row.id])).get(row.id)! };
    },
    async list(caller, orgId) {
      if (!hasUserPermission(caller, "user.read", orgId)) {
        throw refusal(caller, orgId, "SCIM-PermRd2", "Errors.PermissionDenied: user.read is required in the organisation");
      }
      const rows = await prisma.user.findMany({
        where: { resourceOwner: orgId, type: UserType.human, state: { notIn: [UserState.deleted, UserState.unspecified] } },
        orderBy: [{ creationDate: "asc" }, { id: "asc" }],
      });
      const metadata = await metadataOf(rows.map((row) => row.id));
      return rows.map((row) => ({ row: { ...row, codes: (row.codes ?? {}) as PendingCodes } as UserRow, metadata: metadata.get(row.id)! }));
    },
  };
}
