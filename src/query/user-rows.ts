// Reads user projection rows in the shape commands and queries use.
import type { PrismaClient } from "../gen/prisma/client.js";
import type { PendingCodes, UserRow } from "../command/user/user-row.js";

export async function findUserRow(prisma: PrismaClient, id: string): Promise<UserRow | undefined> {
  const row = await prisma.user.findUnique({ where: { id } });
  if (!row) return undefined;
  return { ...row, codes: (row.codes ?? {}) as PendingCodes };
}
