// zitadel.org.v2.OrganizationService: AddOrganization and ListOrganizations, each converting, calling one
// command or query, converting back.
import type { ServiceImpl } from "@connectrpc/connect";
import { addOrganization } from "../../../command/org/org-add.js";
import type { OrganizationService } from "../../../gen/zitadel/org/v2/org_service_pb.js";
import { callerOf } from "../../../gateway/auth.js";
import { listOrgs } from "../../../query/list-orgs/list-orgs.js";
import { addOrganizationInput, addOrganizationResponse } from "./add-organization.js";
import { listOrganizationsInput, listOrganizationsResponse } from "./list-organizations.js";
import { orgCommandDeps, type OrgServiceDeps } from "./org-service-deps.js";

export function orgServiceHandlers(deps: OrgServiceDeps): Partial<ServiceImpl<typeof OrganizationService>> {
  const commands = orgCommandDeps(deps);
  return {
    async addOrganization(request, context) {
      return addOrganizationResponse(await addOrganization(commands, callerOf(context), addOrganizationInput(request)));
    },
    async listOrganizations(request, context) {
      return listOrganizationsResponse(await listOrgs(deps.prisma, callerOf(context), listOrganizationsInput(request)), request);
    },
  };
}
