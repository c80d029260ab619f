// What the other update-user APIs read, bound to the database by the composition root (src/app.ts): the account
// view they answer with, and the readers the account command decides with besides the user row.
import type { Principal } from "../domain/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { readAccount } from "./account-view.js";
import { createMembershipReader } from "./org-memberships.js";
import { createMetadataReader } from "./user-metadata.js";
import type { UserRowReader } from "./user-rows.js";

export function accountQueries(prisma: PrismaClient, readUser: UserRowReader) {
  return {
    readAccount: (caller: Principal, userId: string) => readAccount(prisma, readUser, caller, userId),
    metadata: createMetadataReader(prisma),
    memberships: createMembershipReader(prisma),
  };
}

export type AccountQueries = ReturnType<typeof accountQueries>;
