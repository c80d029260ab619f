// The user queries with their database bound, as the API layer calls them.
import type { Principal } from "../command/principal.js";
import type { PrismaClient } from "../gen/prisma/client.js";
import { getUserById } from "./user-by-id.js";

export function createUserQueries(prisma: PrismaClient) {
  return {
    getUserById: (caller: Principal, id: string) => getUserById(prisma, caller, id),
  };
}

export type UserQueries = ReturnType<typeof createUserQueries>;
