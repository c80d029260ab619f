// An organisation the caller may read: it exists (not deleted) and the caller holds org.read in it, else NotFound
// or ZITADEL's refusal (principal.ts `refusal`: NotFound without any membership reaching it, else PermissionDenied).
import { requirePermission, type Principal } from "../domain/principal.js";
import { OrgState } from "../domain/org-row.js";
import { notFound } from "../domain/errors.js";
import type { PrismaClient } from "../gen/prisma/client.js";

export async function requireReadableOrg(prisma: PrismaClient, caller: Principal, orgId: string): Promise<void> {
  const org = await prisma.org.findUnique({ where: { id: orgId }, select: { state: true } });
  if (!org || org.state === OrgState.removed || org.state === OrgState.unspecified) {
    throw notFound("QUERY-OrgNf1", "Errors.Org.NotFound: Organisation not found");
  }
  requirePermission(caller, "org.read", orgId, "QUERY-PermOr1");
}
