// The reads zitadel.user.v2.UserService answers with, and the readers its commands decide with besides the user
// row, bound to the database by the composition root (src/app.ts): the handlers never see the database.
import type { Principal } from "../domain/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { listPersonalAccessTokens, type ListPatsInput } from "./list-pats/list-pats.js";
import type { ListUsersInput } from "./list-users/list-users-input.js";
import { listUsers } from "./list-users/list-users.js";
import { createMetadataReader, listUserMetadata, type ListMetadataInput } from "./user-metadata.js";
import type { UserRowReader } from "./user-rows.js";

export function userServiceQueries(prisma: PrismaClient, readUser: UserRowReader) {
  return {
    listUsers: (caller: Principal, input: ListUsersInput) => listUsers(prisma, caller, input),
    listUserMetadata: (caller: Principal, input: ListMetadataInput) => listUserMetadata(prisma, readUser, caller, input),
    listPersonalAccessTokens: (caller: Principal, input: ListPatsInput) => listPersonalAccessTokens(prisma, caller, input),
    /** The user_metadata projection, for the metadata commands. */
    metadata: createMetadataReader(prisma),
    /** The stored token with this id, whoever it belongs to (for RemovePersonalAccessToken). */
    findPersonalAccessToken: async (id: string) =>
      (await prisma.personalAccessToken.findUnique({ where: { id }, select: { id: true, userId: true } })) ?? undefined,
  };
}

export type UserServiceQueries = ReturnType<typeof userServiceQueries>;
